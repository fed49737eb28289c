// What child processes of the store tests import (bundled by fixtures.ts).
export {Store, StoreError, writeSnapshot} from '../../source/store/store.js';
export {emptyTables} from '../../source/store/tables.js';
export {makeUser} from './rows.js';
