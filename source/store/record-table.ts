// The passwords and devices tables: a million users' 1.2 million records
// without an object and a Map entry each (issue 19).
//
// As sealed objects (sealed-record.ts) they took about 100 and 180 bytes
// apiece with their Map entries, ids and per-user lists: ~170 MB of a loaded
// million-user store. Kept as a ColumnTable's base rows (column-table.ts:
// where each one's JSON is, its user, a hash of its key) they take about 30.
// A password record's key is its user_id; whether it has a top-level
// `imported` is a column too (the sign-in's even-time check opens only
// those). A user's devices are their run of base rows in file order, then
// the devices put since, in the order they were put (a replaced device keeps
// its place), as the indexes had them.
import type {Buffer} from 'node:buffer';
import type {DeviceCredential, PasswordRecord} from '../domain/types.js';
import {type ColumnImage, ColumnTable, type Filed, grown, type LineParts, parseWhole} from './column-table.js';
import {validatorOf} from './schema.js';
import type {LogSource} from './sealed-log.js';
import {openSealedRecord, scanDeviceLine, scanPasswordLine, type ScannedRecord, SealedDevice, SealedPassword, type StoredDevice, type StoredPassword} from './sealed-record.js';

function parts(scanned: ScannedRecord): LineParts {
	return {keyStart: scanned.keyStart, keyEnd: scanned.keyEnd, userStart: scanned.userStart, userEnd: scanned.userEnd, objectStart: scanned.objectStart, objectEnd: scanned.objectEnd};
}

export class PasswordTable extends ColumnTable<StoredPassword> {
	readonly [Symbol.toStringTag] = 'PasswordTable';
	protected readonly table = 'passwords';
	protected readonly keyPrefixLength = '{"user_id":"'.length;
	#imported = new Uint8Array(0);

	/** A table holding `rows` (from a legacy store, or tables made in memory). */
	static from(rows: ReadonlyMap<string, StoredPassword>): PasswordTable {
		return new PasswordTable().fill(rows);
	}

	protected override reserveColumns(rows: number): void {
		super.reserveColumns(rows);
		this.#imported = grown(this.#imported, rows);
	}

	protected override ownColumns(rows: number): ColumnImage['own'] {
		return {imported: this.#imported.subarray(0, rows) as Uint8Array<ArrayBuffer>};
	}

	protected override restoreOwnColumns(own: ColumnImage['own']): void {
		this.#imported = own.imported as Uint8Array<ArrayBuffer>;
	}

	/** Files a canonical passwords line (at byte `offset` of the source's file) as a base row. */
	fileLine(buffer: Buffer, start: number, end: number, offset: number, intern: (userId: string) => string): Filed {
		const scanned = this.filing ? scanPasswordLine(buffer, start, end) : undefined;
		if (scanned === undefined) {
			return parseWhole;
		}

		const row = this.count;
		const filed = this.fileParts(buffer, start, offset, parts(scanned), intern);
		if (filed.kind === 'filed') {
			this.#imported[row] = scanned.imported ? 1 : 0;
		}

		return filed;
	}

	protected keyOfStored(row: StoredPassword): string {
		return row.user_id;
	}

	protected materialize(row: number): SealedPassword {
		return this.#sealed(row);
	}

	#sealed(row: number): SealedPassword {
		return new SealedPassword({user_id: this.userOf(row)!, imported: this.#imported[row] === 1}, this.source!, this.offsetOf(row), this.lengthOf(row));
	}

	/**
	 * Every record whose hash was imported, read: base rows filed as having
	 * `imported` (the rest are not opened), then the others. One that cannot
	 * be read is skipped (see Store.importedPasswords).
	 */
	* imported(): Generator<PasswordRecord> {
		const validate = validatorOf('passwords');
		for (const row of this.liveRows()) {
			const replacement = this.replacementOf(row);
			const stored = replacement ?? (this.#imported[row] === 1 ? this.#sealed(row) : undefined);
			const record = stored === undefined ? undefined : openImported(stored, validate);
			if (record !== undefined) {
				yield record;
			}
		}

		for (const stored of this.extraRows.values()) {
			const record = openImported(stored, validate);
			if (record !== undefined) {
				yield record;
			}
		}
	}
}

function openImported(stored: StoredPassword, validate: ReturnType<typeof validatorOf>): PasswordRecord | undefined {
	if (!(stored instanceof SealedPassword)) {
		return stored.imported === undefined ? undefined : stored;
	}

	if (!stored.imported) {
		return undefined;
	}

	const opened = openSealedRecord(stored, validate);
	return opened.ok ? opened.value : undefined;
}

/** A user's devices as read: the ones that could be, and which could not and why. */
export type OpenedDevices = {readonly devices: readonly DeviceCredential[]; readonly problems: ReadonlyArray<{readonly id: string; readonly problem: string}>};

const none: readonly never[] = Object.freeze([]);
const noDevices: OpenedDevices = Object.freeze({devices: none, problems: none});

export class DeviceTable extends ColumnTable<StoredDevice, OpenedDevices> {
	readonly [Symbol.toStringTag] = 'DeviceTable';
	protected readonly table = 'devices';
	protected readonly keyPrefixLength = '{"id":"'.length;
	/** A table holding `rows` (from a legacy store, or tables made in memory). */
	static from(rows: ReadonlyMap<string, StoredDevice>): DeviceTable {
		return new DeviceTable().fill(rows);
	}

	/** Files a canonical devices line (at byte `offset` of the source's file) as a base row. */
	fileLine(buffer: Buffer, start: number, end: number, offset: number, intern: (userId: string) => string): Filed {
		const scanned = this.filing ? scanDeviceLine(buffer, start, end) : undefined;
		return scanned === undefined ? parseWhole : this.fileParts(buffer, start, offset, parts(scanned), intern);
	}

	protected keyOfStored(row: StoredDevice): string {
		return row.id;
	}

	protected materialize(row: number, json: string): SealedDevice | undefined {
		const end = json.indexOf('"', this.keyPrefixLength);
		return end === -1 ? undefined : this.#sealed(row, json.slice(this.keyPrefixLength, end));
	}

	#sealed(row: number, id: string): SealedDevice {
		return new SealedDevice({id, user_id: this.userOf(row)!}, this.source!, this.offsetOf(row), this.lengthOf(row));
	}

	/** The user's devices, read (the same arrays until they change); a device that cannot be read is left out and said why. */
	devicesOf(userId: string): OpenedDevices {
		let opened = this.reads.get(userId);
		if (opened !== undefined) {
			return opened;
		}

		const base = this.baseRowsOf(userId);
		const extra = this.extraRowsOf(userId);
		if (base.length === 0 && extra.length === 0) {
			return noDevices;
		}

		const validate = validatorOf('devices');
		const devices: DeviceCredential[] = [];
		const problems: Array<{id: string; problem: string}> = [];
		const take = (stored: StoredDevice | undefined, row: number): void => {
			if (stored === undefined) {
				problems.push({id: this.keyOfRow(row) ?? '(unreadable)', problem: ' cannot be read from the store file'});
				return;
			}

			if (!(stored instanceof SealedDevice)) {
				devices.push(stored);
				return;
			}

			const read = openSealedRecord(stored, validate);
			if (read.ok) {
				devices.push(read.value);
			} else {
				problems.push({id: stored.id, problem: read.problem});
			}
		};

		for (const row of base) {
			take(this.replacementOf(row) ?? this.#baseDevice(row), row);
		}

		for (const device of extra) {
			take(device, -1);
		}

		opened = {devices, problems};
		this.reads.set(userId, opened);
		return opened;
	}

	#baseDevice(row: number): SealedDevice | undefined {
		let json: string | undefined;
		try {
			json = this.json(row);
		} catch {
			return undefined;
		}

		return json === undefined ? undefined : this.materialize(row, json);
	}

	/** The ids of all the user's devices, readable or not (a delete removes them all). */
	deviceIdsOf(userId: string): readonly string[] {
		const ids: string[] = [];
		for (const row of this.baseRowsOf(userId)) {
			const replacement = this.replacementOf(row);
			const id = replacement?.id ?? this.keyOfRow(row);
			if (id !== undefined) {
				ids.push(id);
			}
		}

		for (const device of this.extraRowsOf(userId)) {
			ids.push(device.id);
		}

		return ids;
	}

}

export type {LogSource};
