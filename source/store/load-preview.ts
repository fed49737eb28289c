// While a big store loads, what a console can already show, correctly: the
// first users in the order the store will hold them once loaded. Users come
// before logs and devices in the snapshot, and the journal (small) is read
// first, so each user read can be shown as the journal left it: changed
// users as changed, deleted ones not at all, and users the journal created
// (or deleted and created again) after the snapshot's, as a replay puts them.
import type {User} from '../domain/types.js';
import type {SnapshotHeader} from './snapshot-file.js';
import type {JournalEntry, TableName} from './tables.js';

export type LoadPreview = {
	/** The first users in table order as the loaded store will hold them; at most a page. */
	readonly users: readonly User[];
	/** Users read from the snapshot so far, and how many it has. */
	readonly usersRead: number;
	readonly usersTotal: number;
	/** Rows read so far (every table), and how many the snapshot has. */
	readonly rowsRead: number;
	readonly rowsTotal: number;
	/** Every user is read: `users` is final (shorter than a page only when the store has fewer). */
	readonly usersDone: boolean;
};

/** Users a preview holds: a tall terminal's page. */
export const previewRows = 200;
/** Progress alone is handed over at most this often (each hand-over costs a frame). */
const progressEveryMs = 250;

export type PreviewOptions = {
	readonly onPreview: (preview: LoadPreview) => void;
	/** Called after a preview worth drawing at once (the first page, all users read). */
	readonly drawSoon?: () => void;
	readonly now?: () => number;
};

export class PreviewBuilder {
	readonly #entries: readonly JournalEntry[];
	readonly #options: PreviewOptions;
	readonly #now: () => number;
	/** The journal's users changes past the snapshot, in order. */
	#changes: Array<{key: string; value: User | undefined}> = [];
	/** Each user the journal touches: its last value (undefined: deleted). */
	readonly #last = new Map<string, User | undefined>();
	/** Users the journal deletes (maybe to create again): not at their snapshot place. */
	readonly #moved = new Set<string>();
	/** Users the journal touches that the snapshot has. */
	readonly #inSnapshot = new Set<string>();
	readonly #users: User[] = [];
	#usersRead = 0;
	#usersTotal = 0;
	#rowsRead = 0;
	#rowsTotal = 0;
	#usersDone = false;
	#lastShown = Number.NEGATIVE_INFINITY;

	/** `entries`: the journal as read before the snapshot (entries the snapshot has are skipped by seq). */
	constructor(entries: readonly JournalEntry[], options: PreviewOptions) {
		this.#entries = entries;
		this.#options = options;
		this.#now = options.now ?? (() => performance.now());
	}

	header(header: SnapshotHeader): void {
		this.#usersTotal = header.counts.users;
		this.#rowsTotal = header.total;
		for (const entry of this.#entries) {
			if (entry.seq <= header.seq) {
				continue;
			}

			for (const change of entry.changes) {
				if (change.table !== 'users') {
					continue;
				}

				if (change.op === 'put') {
					const user = change.value as User;
					this.#changes.push({key: user.user_id, value: user});
					this.#last.set(user.user_id, user);
				} else {
					this.#changes.push({key: change.key, value: undefined});
					this.#last.set(change.key, undefined);
					this.#moved.add(change.key);
				}
			}
		}

		if (this.#usersTotal === 0) {
			this.#finishUsers();
		}
	}

	row(table: TableName, row: unknown): void {
		this.#rowsRead++;
		if (table !== 'users' || this.#usersDone) {
			this.#progress();
			return;
		}

		this.#usersRead++;
		let pageFilled = false;
		// Past the first page, a user matters only when the journal touches it: most loads read a million without looking at one.
		if (this.#users.length < previewRows || this.#last.size > 0) {
			const user = row as User;
			const key = user.user_id;
			if (this.#last.has(key)) {
				this.#inSnapshot.add(key);
			}

			if (this.#users.length < previewRows && !this.#moved.has(key)) {
				this.#users.push(this.#last.get(key) ?? user);
				pageFilled = this.#users.length === previewRows;
			}
		}

		if (this.#usersRead === this.#usersTotal) {
			this.#finishUsers();
		} else if (pageFilled) {
			this.#show(true);
		} else {
			this.#progress();
		}
	}

	/** After the snapshot's users: those the journal created, where a replay appends them. */
	#finishUsers(): void {
		this.#usersDone = true;
		if (this.#users.length < previewRows) {
			const present = new Map<string, boolean>();
			const appended = new Map<string, User>();
			for (const {key, value} of this.#changes) {
				const exists = present.get(key) ?? this.#inSnapshot.has(key);
				if (value === undefined) {
					present.set(key, false);
					appended.delete(key);
				} else if (exists) {
					if (appended.has(key)) {
						// A put on an existing key keeps its place.
						appended.set(key, value);
					}
				} else {
					present.set(key, true);
					appended.set(key, value);
				}
			}

			for (const user of appended.values()) {
				if (this.#users.length >= previewRows) {
					break;
				}

				this.#users.push(user);
			}
		}

		this.#show(true);
	}

	#progress(): void {
		// Before the first page is complete, a preview would be a screen of a few rows.
		// The clock is read every 1,024 rows: a million reads were 30–50 ms of a load.
		if (this.#users.length === previewRows && (this.#rowsRead & 1023) === 0 && this.#now() - this.#lastShown >= progressEveryMs) {
			this.#show(false);
		}
	}

	#show(soon: boolean): void {
		this.#lastShown = this.#now();
		this.#options.onPreview({
			users: [...this.#users],
			usersRead: this.#usersRead,
			usersTotal: this.#usersTotal,
			rowsRead: this.#rowsRead,
			rowsTotal: this.#rowsTotal,
			usersDone: this.#usersDone,
		});
		if (soon) {
			this.#options.drawSoon?.();
		}
	}
}
