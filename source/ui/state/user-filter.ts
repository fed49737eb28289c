// Filtering the Users list, as pure functions over positions into an array of
// users. Everything works on ranges of indices so a scheduler can run a scan
// in slices and drop it when a newer query arrives; nothing here knows about
// time, React or the store.
import type {UserPredicate} from '../../domain/search/index.js';
import type {User} from '../../domain/types.js';

/** Decides whether the user at `position` (into the view's users array) stays. */
export type PositionTest = (position: number) => boolean;

/**
 * What free text searches for one user: name, email and user_id, lower-cased
 * once. NUL separates the fields, so a needle never matches across two of them
 * (typed text cannot contain NUL: the prompt drops control characters).
 */
export function searchText(user: User): string {
	return `${user.name ?? ''}\u0000${user.email ?? ''}\u0000${user.user_id}`.toLowerCase();
}

/** One search string per user, aligned with `users`. */
export function buildSearchIndex(users: readonly User[]): string[] {
	const index = Array.from<string>({length: users.length});
	for (let position = 0; position < users.length; position++) {
		index[position] = searchText(users[position]!);
	}

	return index;
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
 * Tests `source[start, end)` and writes the positions that pass to `out` from
 * `length` on, keeping their order. Returns the new length. `out` must have room
 * for `length + (end - start)` entries; it may be `source` itself when
 * narrowing in place is wanted (writes never overtake reads).
 */
export function filterRange(source: ArrayLike<number>, start: number, end: number, test: PositionTest, out: Int32Array, length: number): number {
	let written = length;
	for (let index = start; index < end; index++) {
		const position = source[index]!;
		if (test(position)) {
			out[written++] = position;
		}
	}

	return written;
}

/** The whole scan in one go: the positions of `source` that pass, in order. */
export function filterAll(source: ArrayLike<number>, test: PositionTest): Int32Array {
	const out = new Int32Array(source.length);
	const length = filterRange(source, 0, source.length, test, out, 0);
	return out.slice(0, length);
}
