// Free-text search over the users array in table order: each user's search
// text, the paged index scans read it from, and which users of a new array are
// the same objects as in the last (to reuse what was made for them). Scans
// (scan.ts) walk the users in table order, the order they sit in memory: at a
// million users, walking them in sorted order instead took ten times as long
// (a cache miss per user). Nothing here knows about time, React or the store.
import type {ListUser} from '../domain/types.js';

/**
 * What free text searches for one user: name, email and user_id, lower-cased
 * once. NUL separates the fields, so a needle never matches across two of them
 * (typed text cannot contain NUL: the prompt drops control characters).
 */
export function searchText(user: ListUser): string {
	return `${user.name ?? ''}\u0000${user.email ?? ''}\u0000${user.user_id}`.toLowerCase();
}

/**
 * For each user of `next`, its position in `previous` when it is the same
 * object there, else -1. Table order keeps a user's place across updates and
 * appends new users, so one walk of both arrays finds them; anything else just
 * finds fewer (which costs time, never correctness).
 */
export function matchPositions(previous: readonly ListUser[], next: readonly ListUser[]): Int32Array {
	const found = new Int32Array(next.length).fill(-1);
	// A user missing from `previous` costs a walk to its end; past this many
	// steps the order is not what we expected, and the rest is left unmatched.
	let budget = 4 * (previous.length + next.length);
	// Where the two line up (users changed in place keep their place), the walk
	// below would find each at its own index: comparing identities is enough,
	// and a million of them take about a millisecond.
	let start = 0;
	const aligned = Math.min(previous.length, next.length);
	while (start < aligned) {
		const user = next[start]!;
		const before = previous[start]!;
		if (user === before) {
			found[start] = start;
		} else if (user.user_id !== before.user_id) {
			break;
		}

		start++;
	}

	budget -= start;
	let old = start;
	for (let position = start; position < next.length && old < previous.length && budget > 0; position++) {
		const user = next[position]!;
		// Users deleted since are skipped over.
		let probe = old;
		while (probe < previous.length && previous[probe]!.user_id !== user.user_id) {
			probe++;
		}

		budget -= probe - old + 1;
		if (probe === previous.length) {
			continue;
		}

		if (previous[probe] === user) {
			found[position] = probe;
		}

		old = probe + 1;
	}

	return found;
}

/**
 * The search text of one users array, made as far as a scan needs it
 * (`ensure`), so nothing is computed up front: the first key typed at a
 * million users must not wait for a million strings.
 *
 * The texts of 2,048 users sit in one string (their fields joined by NUL,
 * lower-cased at once), with where each user starts. A string per user, as
 * before, made a million small strings that all survive: the garbage
 * collector copied them from young to old space 3–4 MB at a time, in pauses
 * of 25–40 ms between the keys typed at `/` with a million users. A page is
 * one large string (no copying), and a scan finds a needle in it with
 * `indexOf` instead of calling `includes` per user. A needle never contains
 * NUL (the prompt drops control characters), so a match never spans two
 * fields or two users.
 */
export type SearchIndex = {
	readonly users: readonly ListUser[];
	/** Every position below this is in a page. */
	readonly built: number;
	/** Makes the pages up to `end` (exclusive; whole pages). */
	ensure(end: number): void;
	/** One user's search text (as searchText gives it). */
	textAt(position: number): string;
	/** Whether one user's search text contains `needle` (lower-cased, as needleOf gives it). */
	contains(position: number, needle: string): boolean;
	/** Calls `hit` with each position in [start, end), ascending, whose text contains `needle`. */
	scan(needle: string, start: number, end: number, hit: (position: number) => void): void;
	/**
	 * After `users` was changed in place at `positions` (and maybe shortened
	 * or grown): their pages are made again when next used.
	 */
	patch(positions: Iterable<number>): void;
};

const pageBits = 11;
const pageSize = 1 << pageBits;
const pageMask = pageSize - 1;

type Page = {
	/** The users' texts, lower-cased, NUL between fields and between users. */
	readonly text: string;
	/** Where each user's text starts in `text`, one more for the end (+1 for a NUL). */
	readonly starts: Int32Array;
	/** The users it was made from, to reuse it for the same users in the next array. */
	readonly users: readonly ListUser[];
};

function makePage(users: readonly ListUser[], from: number, to: number): Page {
	const count = to - from;
	const parts = new Array<string>(count * 3);
	const starts = new Int32Array(count + 1);
	const made = users.slice(from, to);
	let offset = 0;
	for (let index = 0; index < count; index++) {
		const user = made[index]!;
		// Each field lower-cased alone (as in searchText, NUL stops a final sigma
		// as the end of the field does), so offsets count what the page holds even
		// where lower case is longer (İ); a field already in lower case is kept, not copied.
		const name = (user.name ?? '').toLowerCase();
		const email = (user.email ?? '').toLowerCase();
		const id = user.user_id.toLowerCase();
		parts[index * 3] = name;
		parts[(index * 3) + 1] = email;
		parts[(index * 3) + 2] = id;
		starts[index] = offset;
		offset += name.length + email.length + id.length + 3;
	}

	starts[count] = offset;
	return {text: parts.join('\u0000'), starts, users: made};
}

function samePageUsers(page: Page, users: readonly ListUser[], from: number): boolean {
	if (from + page.users.length > users.length) {
		return false;
	}

	for (let index = 0; index < page.users.length; index++) {
		if (page.users[index] !== users[from + index]) {
			return false;
		}
	}

	return true;
}

/** The index with what the next array's index reuses from it. */
type PagedIndex = SearchIndex & {
	/** A page, if made and current. */
	pageAt(page: number): Page | undefined;
};

export function createSearchIndex(users: readonly ListUser[], previous?: SearchIndex): SearchIndex {
	const pages: Array<Page | undefined> = [];
	/** Pages whose users changed since they were made (patch). */
	const stale = new Set<number>();
	// Dropped once every page is made, so indexes do not hold on to all the ones before them.
	let old = previous && 'pageAt' in previous ? previous as PagedIndex : undefined;
	let built = 0;

	const pageAt = (page: number): Page => {
		let found = pages[page];
		if (!found || stale.has(page)) {
			const from = page << pageBits;
			const to = Math.min(users.length, from + pageSize);
			// The same users as the last array's page here (nothing changed in it): its strings stay.
			const before = old?.pageAt(page);
			found = before && before.users.length === to - from && samePageUsers(before, users, from) ? before : makePage(users, from, to);
			pages[page] = found;
			stale.delete(page);
		}

		return found;
	};

	const searchIndex: PagedIndex = {
		users,
		get built() {
			return built;
		},
		ensure(end) {
			const last = Math.min(end, users.length);
			while (built < last) {
				const page = built >>> pageBits;
				// A page made when the array was shorter is made again to take in the new users.
				if (pages[page] && pages[page]!.users.length < Math.min(pageSize, users.length - (page << pageBits))) {
					stale.add(page);
				}

				pageAt(page);
				built = Math.min(users.length, (page + 1) << pageBits);
			}

			if (built >= users.length) {
				old = undefined;
			}
		},
		textAt(position) {
			if (position >= built) {
				return searchText(users[position]!);
			}

			const {text, starts} = pageAt(position >>> pageBits);
			const index = position & pageMask;
			return text.slice(starts[index], starts[index + 1]! - 1);
		},
		contains(position, needle) {
			return searchIndex.textAt(position).includes(needle);
		},
		scan(needle, start, end, hit) {
			let position = start;
			const stop = Math.min(end, users.length);
			while (position < stop) {
				if (position >= built) {
					if (searchText(users[position]!).includes(needle)) {
						hit(position);
					}

					position++;
					continue;
				}

				const pageNumber = position >>> pageBits;
				const first = pageNumber << pageBits;
				const page = pageAt(pageNumber);
				const {text, starts} = page;
				const pageEnd = Math.min(stop, built, first + page.users.length);
				let index = position - first;
				const lastIndex = pageEnd - first;
				let at = text.indexOf(needle, starts[index]);
				while (at !== -1 && index < lastIndex) {
					// The user whose text holds the match (matches come in order, so walk forward).
					while (starts[index + 1]! <= at) {
						index++;
					}

					if (index >= lastIndex) {
						break;
					}

					hit(first + index);
					index++;
					at = text.indexOf(needle, starts[index]);
				}

				position = pageEnd;
			}
		},
		patch(positions) {
			for (const position of positions) {
				if (position < built) {
					stale.add(position >>> pageBits);
				}
			}

			if (built > users.length) {
				// Users were taken off the end: the last page is made again, shorter.
				built = users.length;
				stale.add(Math.max(0, (built - 1) >>> pageBits));
				pages.length = Math.ceil(built / pageSize);
			}
		},
		pageAt(page) {
			return stale.has(page) ? undefined : pages[page];
		},
	};
	return searchIndex;
}

/** The free-text needle for what was typed: case-insensitive, as the index. */
export function needleOf(text: string): string {
	return text.toLowerCase();
}

/**
 * A result for `previous` can be narrowed into one for `needle` instead of
 * rescanning everything: whatever contains `needle` contains `previous`.
 */
export function canNarrow(previous: string, needle: string): boolean {
	return needle.includes(previous);
}
