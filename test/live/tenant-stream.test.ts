// Issue 19, tenant side: `eachUser` gives a tenant's users a page at a time as
// each arrives, through the real SDK against the Auth0 double. The next page
// is asked for only once the reader has taken this one's users, none after
// the reader stops, never past Auth0's 1,000-result cap (which `end()` names),
// and `users list` prints the stream as it printed the whole list.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MAX_PER_PAGE, SEARCH_RESULT_CAP} from '../../source/list/remote-source.js';
import type {TenantUsersService} from '../../source/live/tenant-users-service.js';
import {collectUsers} from '../../source/services/users-api.js';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {openOnDouble} from '../support/double-service.js';
import {runMain} from '../support/run-main.js';

const userCount = 1050;
let double: Auth0Double;
let service: TenantUsersService;

beforeAll(async () => {
	double = await startAuth0Double({users: userCount});
	service = await openOnDouble(double, {source: 'cli'});
}, 60_000);

afterAll(async () => {
	await double?.close();
});

/** The list requests (GET /api/v2/users) made since `from`. */
function listRequests(from: number) {
	return double.requests.slice(from).filter(request => request.method === 'GET' && request.path === '/api/v2/users');
}

describe('eachUser on a tenant', () => {
	it('asks for the next page only when the reader has taken this one, and for none once it stops', async () => {
		const from = double.requests.length;
		const requestsAtUser: number[] = [];
		for await (const _user of service.eachUser({sort: {field: 'email', descending: false}})) {
			requestsAtUser.push(listRequests(from).length);
			if (requestsAtUser.length === MAX_PER_PAGE + 5) {
				break;
			}
		}

		// The first page's users are given before the second page is asked for.
		expect(requestsAtUser.slice(0, MAX_PER_PAGE).every(count => count === 1)).toBe(true);
		expect(requestsAtUser.at(-1)).toBe(2);
		expect(listRequests(from).map(request => request.query['page'])).toEqual(['0', '1']);
		expect(listRequests(from).every(request => request.query['per_page'] === String(MAX_PER_PAGE))).toBe(true);
	});

	it('gives what the whole list gave: the server\'s order, the limit, and the count of matches', async () => {
		const sort = {field: 'logins_count' as const, descending: true};
		const streamed = await collectUsers(service.eachUser({sort, limit: 150}));
		expect(streamed.users).toHaveLength(150);
		expect(streamed.matched).toBe(userCount);
		expect(streamed.note).toBeUndefined();
		const counts = streamed.users.map(user => user.logins_count ?? 0);
		expect(counts).toEqual([...double.users.values()].map(user => user.logins_count ?? 0).sort((a, b) => b - a).slice(0, 150));
		expect(await service.searchUsers({sort, limit: 150})).toEqual(streamed);
	});

	it('stops at the 1,000-result cap and says how many matches it could not list', async () => {
		const from = double.requests.length;
		const streamed = await collectUsers(service.eachUser({}));
		expect(streamed.users).toHaveLength(SEARCH_RESULT_CAP);
		expect(new Set(streamed.users.map(user => user.user_id)).size).toBe(SEARCH_RESULT_CAP);
		expect(streamed.matched).toBe(userCount);
		expect(streamed.note).toMatch(/1,000/);
		expect(listRequests(from)).toHaveLength(SEARCH_RESULT_CAP / MAX_PER_PAGE);
	});

	it('counts the matches without listing any for a limit of 0', async () => {
		const blocked = [...double.users.values()].filter(user => user.blocked).length;
		const stream = service.eachUser({query: 'blocked:true', limit: 0});
		const given: unknown[] = [];
		for await (const user of stream) {
			given.push(user);
		}

		expect(given).toEqual([]);
		expect((await stream.end()).matched).toBe(blocked);
	});

	it('stops with the signal\'s reason', async () => {
		const controller = new AbortController();
		const reason = new Error('stopped');
		let given = 0;
		await expect((async () => {
			for await (const _user of service.eachUser({signal: controller.signal})) {
				if (++given === MAX_PER_PAGE) {
					controller.abort(reason);
				}
			}
		})()).rejects.toBe(reason);
		expect(given).toBe(MAX_PER_PAGE);
	});
});

describe('users list --tenant', () => {
	it('prints the streamed list as JSON and the table\'s summary with the cap\'s note', async () => {
		const saved = {domain: process.env.AUTH0_DOMAIN, id: process.env.AUTH0_CLIENT_ID, secret: process.env.AUTH0_CLIENT_SECRET, token: process.env.AUTH0_ACCESS_TOKEN};
		process.env.AUTH0_DOMAIN = double.domain;
		process.env.AUTH0_CLIENT_ID = double.clientId;
		process.env.AUTH0_CLIENT_SECRET = double.clientSecret;
		delete process.env.AUTH0_ACCESS_TOKEN;
		try {
			const json = await runMain(['users', 'list', '--json', '--sort', 'user_id', '--limit', '120']);
			expect(json.code).toBe(0);
			const listed = JSON.parse(json.stdout) as Array<{user_id: string}>;
			expect(listed.map(user => user.user_id)).toEqual([...double.users.keys()].sort().slice(0, 120));

			const table = await runMain(['users', 'list']);
			expect(table.code).toBe(0);
			expect(table.stdout.trimEnd().split('\n')).toHaveLength(1 + SEARCH_RESULT_CAP);
			expect(table.stderr).toMatch(/^1,000 of 1,050 users; .*1,000/);
		} finally {
			for (const [name, value] of [['AUTH0_DOMAIN', saved.domain], ['AUTH0_CLIENT_ID', saved.id], ['AUTH0_CLIENT_SECRET', saved.secret], ['AUTH0_ACCESS_TOKEN', saved.token]] as const) {
				if (value === undefined) {
					delete process.env[name];
				} else {
					process.env[name] = value;
				}
			}
		}
	});
});
