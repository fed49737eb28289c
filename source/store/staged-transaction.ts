// The Transaction handed to `Store.transact`'s function: it only collects
// changes, checking each row at once so a bad put fails where it is made.
import {isTableName, rowProblem} from './schema.js';
import type {Change, Row, TableName} from './tables.js';

/**
 * Stages the changes of one transaction. Nothing is visible (to this process
 * or any other) until the function passed to `transact` returns; reads inside
 * it see the state before the transaction.
 */
export type Transaction = {
	put<T extends TableName>(table: T, value: Row[T]): void;
	delete(table: TableName, key: string): void;
};

export class StagedTransaction implements Transaction {
	readonly changes: Change[] = [];
	#open = true;

	put<T extends TableName>(table: T, value: Row[T]): void {
		this.#assertOpen();
		if (!isTableName(table)) {
			throw new TypeError(`Unknown table ${String(table)}`);
		}

		// Checked here so the stack trace points at the faulty put; checked again
		// on the serialized entry before anything is written.
		const problem = rowProblem(table, value);
		if (problem !== undefined) {
			throw new TypeError(`Invalid ${table} row${problem}`);
		}

		this.changes.push({op: 'put', table, value} as Change);
	}

	delete(table: TableName, key: string): void {
		this.#assertOpen();
		if (!isTableName(table)) {
			throw new TypeError(`Unknown table ${String(table)}`);
		}

		if (typeof key !== 'string' || key === '') {
			throw new TypeError(`Invalid ${table} key: a key is a non-empty string`);
		}

		this.changes.push({op: 'delete', table, key});
	}

	finish(): void {
		this.#open = false;
	}

	#assertOpen(): void {
		if (!this.#open) {
			throw new Error('This transaction has finished; stage changes inside the function passed to transact');
		}
	}
}
