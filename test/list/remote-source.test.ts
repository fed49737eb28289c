// The remote list source: pages as the admin scrolls, the server's total
// capped at 1,000 and said so, a newer query cancelling the older one, and a
// write's answer shown over older search hits. The server is a function here:
// each request waits until the test answers it, so nothing depends on timing.
import {describe, expect, it, vi} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {capNote, createRemoteUserList, freeTextQuery, type RemotePage, type RemoteQuery, type RemoteUserList, serverSort, serverSortProblem} from '../../source/list/remote-source.js';
import {UserdeckError} from '../../source/domain/errors.js';

/** Resolves at the list's next change notice. */
async function nextChange(list: RemoteUserList): Promise<void> {
	return new Promise(resolve => {
		const unsubscribe = list.subscribe(() => {
			unsubscribe();
			resolve();
		});
	});
}

type Pending = {query: RemoteQuery; page: number; perPage: number; signal: AbortSignal; resolve: (page: RemotePage) => void; reject: (error: unknown) => void};

function user(index: number): User {
	return {user_id: `auth0|${String(index).padStart(5, '0')}`, email: `u${index}@example.com`, created_at: '', updated_at: '', identities: [], logins_count: 0};
}

function server(total: number) {
	const requests: Pending[] = [];
	const fetchPage = async (query: RemoteQuery, page: number, perPage: number, signal: AbortSignal) => new Promise<RemotePage>((resolve, reject) => {
		requests.push({query, page, perPage, signal, resolve, reject});
	});
	/** Answers the oldest open request as the server would; resolves once the list has taken the page. */
	const answer = async (list: RemoteUserList) => {
		const request = requests.shift()!;
		const start = request.page * request.perPage;
		const users = Array.from({length: Math.max(0, Math.min(request.perPage, total - start))}, (_, offset) => user(start + offset));
		const changed = nextChange(list);
		request.resolve({users, total});
		await changed;
		return request;
	};

	return {requests, fetchPage, answer};
}

const sort = {field: 'name', descending: false} as const;
const filter = {mode: 'text', text: ''} as const;

describe('the remote list source', () => {
	it('loads the first page on first read, then more pages as rows are wanted, and reports the server total', async () => {
		const fake = server(250);
		const list = createRemoteUserList({fetchPage: fake.fetchPage, perPage: 100});
		expect(list.view(sort, filter).remote.status).toBe('loading');
		expect(fake.requests).toHaveLength(1);
		await fake.answer(list);
		let view = list.view(sort, filter);
		expect(view.rows).toHaveLength(100);
		expect(view.remote).toMatchObject({status: 'loaded', total: 250, reachable: 250, more: true, capped: false, note: undefined});
		list.ensureRows(150);
		expect(fake.requests[0]?.page).toBe(1);
		await fake.answer(list);
		list.ensureRows(300);
		await fake.answer(list);
		view = list.view(sort, filter);
		expect(view.rows).toHaveLength(250);
		expect(view.remote.more).toBe(false);
		list.ensureRows(400);
		expect(fake.requests).toHaveLength(0);
	});

	it('stops at Auth0\'s 1,000-result cap and says so, never asking for a page past it', async () => {
		const fake = server(48_210);
		const list = createRemoteUserList({fetchPage: fake.fetchPage, perPage: 100});
		list.ensureRows(5000);
		for (let page = 0; page < 10; page++) {
			expect(fake.requests[0]?.page).toBe(page);
			// eslint-disable-next-line no-await-in-loop
			await fake.answer(list);
		}

		expect(fake.requests).toHaveLength(0);
		const {remote, rows} = list.view(sort, filter);
		expect(rows).toHaveLength(1000);
		expect(remote).toMatchObject({total: 48_210, reachable: 1000, capped: true, more: false});
		expect(remote.note).toBe('first 1,000 of 48,210 matches: refine the query');
	});

	it('with a page size that does not divide 1,000, stops before the page the server would refuse', async () => {
		const fake = server(5000);
		const list = createRemoteUserList({fetchPage: fake.fetchPage, perPage: 30});
		list.ensureRows(5000);
		for (let page = 0; page < 33; page++) {
			// eslint-disable-next-line no-await-in-loop
			await fake.answer(list);
		}

		// 33 pages of 30 = 990; the 34th would end at 1,020.
		expect(fake.requests).toHaveLength(0);
		expect(list.view(sort, filter).rows).toHaveLength(990);
		expect(list.info()).toMatchObject({more: false, capped: true});
	});

	it('cancels the older query\'s request when a newer query comes, and ignores its late answer', async () => {
		const fake = server(500);
		const list = createRemoteUserList({fetchPage: fake.fetchPage});
		list.setQuery({q: 'name:a*', sort: undefined});
		const older = fake.requests[0]!;
		list.setQuery({q: 'name:ab*', sort: 'name:1'});
		expect(older.signal.aborted).toBe(true);
		fake.requests.shift();
		older.resolve({users: [user(99_999)], total: 1});
		expect(fake.requests.at(-1)?.query).toEqual({q: 'name:ab*', sort: 'name:1'});
		await fake.answer(list);
		// The older answer, landed first, was not taken: the rows are the newer query's.
		expect(list.view(sort, filter).users.map(row => row.user_id)).not.toContain(user(99_999).user_id);
		expect(list.info()).toMatchObject({status: 'loaded', total: 500, query: {q: 'name:ab*'}});
	});

	it('shows a failed page as an error with a retry, keeping the rows it has', async () => {
		const fake = server(300);
		const list = createRemoteUserList({fetchPage: fake.fetchPage, perPage: 100});
		list.info();
		await fake.answer(list);
		list.ensureRows(200);
		const failed = nextChange(list);
		fake.requests.shift()!.reject(new UserdeckError('UNAVAILABLE', 'Could not reach tenant while listing users'));
		await failed;
		expect(list.info()).toMatchObject({status: 'error', error: {message: 'Could not reach tenant while listing users'}});
		expect(list.view(sort, filter).rows).toHaveLength(100);
		list.retry();
		expect(fake.requests[0]?.page).toBe(1);
		await fake.answer(list);
		expect(list.view(sort, filter).rows).toHaveLength(200);
	});

	it('shows a written user as the server returned them, over older search hits, and drops a deleted one at once', async () => {
		const fake = server(3);
		const list = createRemoteUserList({fetchPage: fake.fetchPage});
		list.info();
		await fake.answer(list);
		const written = {...user(1), blocked: true};
		list.replaceUser(written);
		list.removeUser(user(2).user_id);
		expect(list.view(sort, filter).users.map(row => row.blocked ?? false)).toEqual([false, true]);
		// A new search still returns the stale hit (search lags): the written user wins, the deleted stays gone.
		list.refresh();
		await fake.answer(list);
		const {users} = list.view(sort, filter);
		expect(users.map(row => row.user_id)).toEqual([user(0).user_id, user(1).user_id]);
		expect(users[1]?.blocked).toBe(true);
	});

	it('keeps the rows on a refresh until its first page replaces them, and drops them when it fails', async () => {
		const fake = server(3);
		const list = createRemoteUserList({fetchPage: fake.fetchPage});
		list.info();
		await fake.answer(list);
		list.refresh();
		// Still the rows loaded before (to move through), while the reload is on its way.
		let view = list.view(sort, filter);
		expect(view.remote.status).toBe('loading');
		expect(view.users.map(row => row.user_id)).toEqual([user(0), user(1), user(2)].map(each => each.user_id));
		// A write meanwhile shows at once, over the kept rows.
		list.replaceUser({...user(1), blocked: true});
		list.removeUser(user(2).user_id);
		view = list.view(sort, filter);
		expect(view.users.map(row => [row.user_id, row.blocked ?? false])).toEqual([[user(0).user_id, false], [user(1).user_id, true]]);
		await fake.answer(list);
		view = list.view(sort, filter);
		expect(view.remote.status).toBe('loaded');
		expect(view.users.map(row => row.user_id)).toEqual([user(0).user_id, user(1).user_id]);
		// A refresh that fails shows the error where the rows go, not the old rows.
		list.refresh();
		const failed = nextChange(list);
		fake.requests.shift()!.reject(new UserdeckError('UNAVAILABLE', 'answered 503'));
		await failed;
		view = list.view(sort, filter);
		expect(view.remote.status).toBe('error');
		expect(view.rows).toHaveLength(0);
		// A new query starts empty: the old query's rows are not its answer.
		list.retry();
		await fake.answer(list);
		list.setQuery({q: freeTextQuery('u1'), sort: undefined});
		expect(list.view(sort, filter).rows).toHaveLength(0);
	});

	it('sends one request for a burst of queries typed (debounced), cancelling the older request at once', async () => {
		vi.useFakeTimers();
		try {
			const fake = server(10);
			const list = createRemoteUserList({fetchPage: fake.fetchPage, debounceMs: 250});
			list.info();
			const first = fake.requests[0]!;
			list.setQuery({q: freeTextQuery('a'), sort: undefined});
			list.setQuery({q: freeTextQuery('an'), sort: undefined});
			list.setQuery({q: freeTextQuery('ana'), sort: undefined});
			expect(first.signal.aborted).toBe(true);
			expect(fake.requests).toHaveLength(1);
			expect(list.info().status).toBe('loading');
			vi.advanceTimersByTime(250);
			expect(fake.requests).toHaveLength(2);
			expect(fake.requests[1]?.query.q).toBe(freeTextQuery('ana'));
		} finally {
			vi.useRealTimers();
		}
	});

	it('peek starts nothing: before any load, or for a query the list does not run yet, it shows no rows, as loading', async () => {
		const fake = server(250);
		const list = createRemoteUserList({fetchPage: fake.fetchPage, perPage: 100});
		const asked = {q: '', sort: 'name:1'};
		let view = list.peek(sort, filter, asked);
		expect(view.rows).toHaveLength(0);
		expect(view.remote).toMatchObject({status: 'loading', total: undefined});
		expect(fake.requests).toHaveLength(0);
		list.setQuery(asked);
		expect(fake.requests).toHaveLength(1);
		await fake.answer(list);
		expect(list.peek(sort, filter, asked).rows).toHaveLength(100);
		// Another query's rows are not this one's answer, and peeking does not run it.
		view = list.peek(sort, filter, {q: 'name:a*', sort: 'name:1'});
		expect(view.rows).toHaveLength(0);
		expect(view.remote.status).toBe('loading');
		expect(fake.requests).toHaveLength(0);
		expect(list.info().query).toEqual(asked);
	});

	it('runs a new sort at once, without waiting as typing does: the rows loaded are not in its order', async () => {
		vi.useFakeTimers();
		try {
			const fake = server(10);
			const list = createRemoteUserList({fetchPage: fake.fetchPage, debounceMs: 250});
			list.setQuery({q: '', sort: 'name:1'});
			await fake.answer(list);
			list.setQuery({q: '', sort: 'name:-1'});
			expect(fake.requests).toHaveLength(1);
			expect(fake.requests[0]?.query.sort).toBe('name:-1');
			expect(list.view(sort, filter).rows).toHaveLength(0);
			expect(list.info().queryPending).toBe(false);
			// Typing still waits for a pause, and says the rows are the older query's meanwhile.
			await fake.answer(list);
			list.setQuery({q: 'name:a*', sort: 'name:-1'});
			expect(fake.requests).toHaveLength(0);
			expect(list.info().queryPending).toBe(true);
			vi.advanceTimersByTime(250);
			expect(fake.requests).toHaveLength(1);
			expect(list.info().queryPending).toBe(false);
		} finally {
			vi.useRealTimers();
		}
	});

	it('builds the server query for free text: each word a prefix of name, email or nickname, or part of the user_id', () => {
		expect(freeTextQuery('  ana ')).toBe('(name:ana* OR email:ana* OR nickname:ana* OR user_id:*ana*)');
		expect(freeTextQuery('jo x')).toBe('(name:jo* OR email:jo* OR nickname:jo*) AND (name:x* OR email:x* OR nickname:x*)');
		expect(freeTextQuery('a"b (c) -d')).toBe('(name:ab* OR email:ab* OR nickname:ab*) AND (name:c* OR email:c* OR nickname:c*) AND (name:d* OR email:d* OR nickname:d*)');
		expect(freeTextQuery('')).toBe('');
	});

	it('maps list sorts to the server\'s one-field sort', () => {
		expect(serverSort({field: 'name', descending: false})).toBe('name:1');
		expect(serverSort({field: 'last_login', descending: true})).toBe('last_login:-1');
		expect(serverSort({field: 'logins_count', descending: true})).toBe('logins_count:-1');
		expect(serverSort({field: 'connection', descending: false})).toBeUndefined();
		expect(serverSortProblem('connection')).toBe('Auth0 cannot sort users by connection');
		expect(serverSortProblem('last_login')).toBeUndefined();
		expect(capNote(999)).toBeUndefined();
		expect(capNote(1001)).toBe('first 1,000 of 1,001 matches: refine the query');
	});
});
