// What the child processes of the hardening tests import (bundled by child-bundle.ts).
export {Store} from '../../../source/store/store.js';
export {UsersService} from '../../../source/services/users-service.js';
export {fakeHasher} from '../../support/fakes.js';
