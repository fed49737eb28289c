// Filtering the Users list, as pure functions over positions into the array of
// users in table order. Matching walks the users in that order, which is the
// order they sit in memory: at a million users, walking them in sorted order
// instead took ten times as long (a cache miss per user). Matches are marked in
// a byte per user, then read off in the display order.
// Everything works on ranges of positions so a scheduler can run a scan in
// slices and drop it when a newer query arrives; nothing here knows about time,
// React or the store.
import type {UserPredicate} from '../../domain/search/index.js';
import type {User} from '../../domain/types.js';

/** Decides whether the user at `position` (into the users array) stays. */
export type PositionTest = (position: number) => boolean;

/**
 * What free text searches for one user: name, email and user_id, lower-cased
 * once. NUL separates the fields, so a needle never matches across two of them
 * (typed text cannot contain NUL: the prompt drops control characters).
 */
export function searchText(user: User): string {
	return `${user.name ?? ''}\u0000${user.email ?? ''}\u0000${user.user_id}`.toLowerCase();
}

/**
 * One search string per user, aligned with `users`. Strings of users that are
 * the very same objects in `previous` (the last revision) are reused: a store
 * change touches a few users, and lower-casing a million strings again took
 * over a second.
 */
export function buildSearchIndex(users: readonly User[], previous?: {users: readonly User[]; index: readonly string[]; reuse?: Int32Array}): string[] {
	const index = new Array<string>(users.length);
	const reuse = previous ? previous.reuse ?? matchPositions(previous.users, users) : undefined;
	for (let position = 0; position < users.length; position++) {
		const old = reuse?.[position] ?? -1;
		index[position] = old === -1 ? searchText(users[position]!) : previous!.index[old]!;
	}

	return index;
}

/**
 * For each user of `next`, its position in `previous` when it is the same
 * object there, else -1. Table order keeps a user's place across updates and
 * appends new users, so one walk of both arrays finds them; anything else just
 * finds fewer (which costs time, never correctness).
 */
export function matchPositions(previous: readonly User[], next: readonly User[]): Int32Array {
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
 * The search strings of one users array, filled in as far as a scan needs
 * them (`ensure`), so nothing is computed up front: the first key typed at a
 * million users must not wait for a million strings. Strings of users that are
 * the same objects in `previous` (the last revision) are reused, found with
 * the same walk as matchPositions, resumed where it stopped.
 */
export type SearchIndex = {
	readonly users: readonly User[];
	/** Every position below this has its string in the index. */
	readonly built: number;
	/** Fills the strings up to `end` (exclusive). */
	ensure(end: number): void;
	/** One user's search string, from the index when it is there. */
	textAt(position: number): string;
	/**
	 * After `users` was changed in place at `positions` (and maybe shortened
	 * or grown): their strings are computed again, the rest kept.
	 */
	patch(positions: Iterable<number>): void;
};

/**
 * The strings sit in pages of this many, made as `ensure` reaches them: one
 * array for a million users took 30–60 ms to allocate, in one slice.
 */
const pageBits = 14;
const pageSize = 1 << pageBits;
const pageMask = pageSize - 1;

export function createSearchIndex(users: readonly User[], previous?: SearchIndex): SearchIndex {
	const pages: string[][] = [];
	const old = previous && previous.built > 0 ? previous : undefined;
	let built = 0;
	// The walk over `old.users` (see matchPositions).
	let probeFrom = 0;
	let budget = old ? 4 * (old.users.length + users.length) : 0;
	const oldText = (position: number) => (position < old!.built ? old!.textAt(position) : undefined);
	return {
		users,
		get built() {
			return built;
		},
		ensure(end) {
			const last = Math.min(end, users.length);
			for (; built < last; built++) {
				const user = users[built]!;
				let text: string | undefined;
				if (old && old.users[probeFrom] === user) {
					// The common case: the same user in the same place.
					text = oldText(probeFrom);
					probeFrom++;
				} else if (old && budget > 0 && probeFrom < old.users.length) {
					let probe = probeFrom;
					while (probe < old.users.length && old.users[probe]!.user_id !== user.user_id) {
						probe++;
					}

					budget -= probe - probeFrom + 1;
					if (probe < old.users.length) {
						if (old.users[probe] === user) {
							text = oldText(probe);
						}

						probeFrom = probe + 1;
					}
				}

				const page = built >>> pageBits;
				pages[page] ??= new Array<string>(Math.min(pageSize, users.length - (page << pageBits)));
				pages[page][built & pageMask] = text ?? searchText(user);
			}
		},
		textAt(position) {
			return position < built ? pages[position >>> pageBits]![position & pageMask]! : searchText(users[position]!);
		},
		patch(positions) {
			built = Math.min(built, users.length);
			for (const position of positions) {
				if (position < built) {
					pages[position >>> pageBits]![position & pageMask] = searchText(users[position]!);
				}
			}
		},
	};
}

/** The free-text needle for what was typed: case-insensitive, as the index. */
export function needleOf(text: string): string {
	return text.toLowerCase();
}

export function textTest(index: readonly string[], needle: string): PositionTest {
	return position => index[position]!.includes(needle);
}

export function predicateTest(users: readonly User[], predicate: UserPredicate): PositionTest {
	return position => predicate(users[position]!);
}

/**
 * A result for `previous` can be narrowed into one for `needle` instead of
 * rescanning everything: whatever contains `needle` contains `previous`.
 */
export function canNarrow(previous: string, needle: string): boolean {
	return needle.includes(previous);
}

/**
 * Tests positions [start, end) and sets `matches[position]` to 1 for those
 * that pass (0 for the others). With `candidates`, only positions marked there
 * are tested: narrowing a previous result. Returns how many matched.
 */
export function matchRange(test: PositionTest, start: number, end: number, matches: Uint8Array, candidates?: Uint8Array): number {
	let count = 0;
	for (let position = start; position < end; position++) {
		const hit = (candidates === undefined || candidates[position] === 1) && test(position);
		matches[position] = hit ? 1 : 0;
		count += hit ? 1 : 0;
	}

	return count;
}

/** The marked positions, in the order `order` lists them. */
export function collectMatches(order: ArrayLike<number>, matches: Uint8Array, count: number): Int32Array {
	const rows = new Int32Array(count);
	let written = 0;
	for (let index = 0; index < order.length && written < count; index++) {
		const position = order[index]!;
		if (matches[position] === 1) {
			rows[written++] = position;
		}
	}

	return rows;
}

export type FilterResult = {readonly matches: Uint8Array; readonly rows: Int32Array};

/** The whole scan in one go: which of `size` users pass, and those in `order`. */
export function filterAll(order: ArrayLike<number>, size: number, test: PositionTest, candidates?: Uint8Array): FilterResult {
	const matches = new Uint8Array(size);
	const count = matchRange(test, 0, size, matches, candidates);
	return {matches, rows: collectMatches(order, matches, count)};
}

