// The local store's `eachUser`: a command's list of any size, one full
// profile at a time. All it holds for every user is what the store's list
// already holds (the summaries `usersById` gives, and with a sort their
// order as an Int32Array); each profile is asked for (`user(id)`, parsed from
// the store file on demand) when its turn comes and is let go once given, so
// `users list` and `users export` at a million users never hold a million
// profiles. The work runs in slices of `sliceMs` with a turn of the event
// loop between them, so a console sharing the process keeps drawing.
import {compileListSearch, queryReadsListFieldsOnly} from '../domain/search/index.js';
import type {ListUser, User} from '../domain/types.js';
import {sortTask} from '../list/user-order.js';
import {runInTurns, slicePacer} from '../store/pacer.js';
import {readListedUser, type UserStream, type UserStreamOptions, type UsersApi} from './users-api.js';

/** How long a slice of work runs before the event loop gets a turn. */
const sliceMs = 8;

/** What the stream reads: the list's summaries by id, and one full profile at a time. */
export type StreamedUsers = Pick<UsersApi, 'usersById' | 'user' | 'userProblem'>;

/**
 * The users matching `options.query` in `options.sort`'s order (else the
 * store's), at most `options.limit`. A query that cannot be parsed throws
 * here, before anything is read or written.
 */
export function streamUsers(source: StreamedUsers, options: UserStreamOptions = {}): UserStream {
	// A query on the list's columns (logins_count, email, …) is tested on them:
	// only the users it matches are parsed. Any other reads each profile.
	const profiles = new Map<ListUser, User | undefined>();
	const profileOf = (summary: ListUser): User | undefined => {
		if (!profiles.has(summary)) {
			profiles.clear();
			profiles.set(summary, readListedUser(source, summary.user_id));
		}

		return profiles.get(summary);
	};

	const matches = options.query === undefined ? undefined : compileListSearch(options.query, profileOf);
	const columnsAnswer = options.query !== undefined && queryReadsListFieldsOnly(options.query);
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	const pacer = slicePacer(sliceMs);
	const {signal} = options;
	let ids: Iterator<string> | undefined;
	let byId: ReturnType<StreamedUsers['usersById']> | undefined;
	let matched = 0;
	let started = false;

	/** The ids in the order asked for; sorting a million runs in slices. */
	const order = async (): Promise<Iterator<string>> => {
		byId = source.usersById();
		const {sort} = options;
		if (!sort) {
			// The map's own order, as the local list has always printed it.
			return byId.keys();
		}

		const summaries = [...byId.values()];
		// The sort's steps are coarse (thousands of users each): the clock is read at every one.
		const sorted = await runInTurns(sortTask(summaries, sort), sliceMs, () => signal?.throwIfAborted());
		return idsAt(summaries, sorted);
	};

	/** The next matching user (counted), or undefined at the end. */
	const next = async (): Promise<User | undefined> => {
		signal?.throwIfAborted();
		ids ??= await order();
		for (;;) {
			const step = ids.next();
			if (step.done) {
				return undefined;
			}

			const wait = pacer();
			if (wait) {
				// eslint-disable-next-line no-await-in-loop
				await wait;
				signal?.throwIfAborted();
			}

			// Undefined when deleted since the order was taken (another process's write): skipped.
			const summary = byId!.get(step.value);
			if (summary === undefined || (matches && !matches(summary))) {
				continue;
			}

			const user = profileOf(summary);
			if (user) {
				matched++;
				return user;
			}
		}
	};

	return {
		async * [Symbol.asyncIterator]() {
			if (started) {
				throw new Error('A user stream is read once');
			}

			started = true;
			for (let given = 0; given < limit; given++) {
				// eslint-disable-next-line no-await-in-loop
				const user = await next();
				if (!user) {
					return;
				}

				yield user;
			}
		},
		async end() {
			started = true;
			if (matches && !columnsAnswer) {
				// Past the limit, a query on profile fields counts its matches by reading each profile.
				// eslint-disable-next-line no-await-in-loop
				while (await next()) {
					// Counted by next().
				}
			} else {
				// Without a query, or with one the list's columns answer, the rest are counted without being read.
				ids ??= await order();
				for (let step = ids.next(); !step.done; step = ids.next()) {
					const summary = byId!.get(step.value);
					if (summary !== undefined && (!matches || matches(summary))) {
						matched++;
					}

					const wait = pacer();
					if (wait) {
						// eslint-disable-next-line no-await-in-loop
						await wait;
					}
				}
			}

			return {matched};
		},
	};
}

function * idsAt(summaries: ReadonlyArray<{readonly user_id: string}>, positions: Int32Array): Iterator<string> {
	for (const position of positions) {
		yield summaries[position]!.user_id;
	}
}
