// The log events a store holds, each read (sealed ones parsed and checked):
// what the service tests look through for the events an action wrote.
import type {LogEvent} from '../../source/domain/types.js';
import {openStoredLog} from '../../source/store/sealed-log.js';
import type {Store} from '../../source/store/store.js';

/** Every event of `store` in table order, or those of `type`. */
export function storedEvents(store: Pick<Store, 'tables'>, type?: string): LogEvent[] {
	const events = [...store.tables.logs.values()].map(log => openStoredLog(log));
	return type === undefined ? events : events.filter(event => event.type === type);
}
