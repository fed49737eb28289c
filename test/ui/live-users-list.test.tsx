// The Users list over a live tenant (the Auth0 test double through the real
// SDK): first page, the 1,000-result cap said on the info line, `/` as a
// server query, sorting by the server, and pages loading as the admin
// scrolls. Every wait is for a frame's content.
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {Component, type ReactNode} from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {freeTextQuery} from '../../source/list/remote-source.js';
import {openTenantService} from '../../source/live/open-tenant.js';
import type {TenantUsersService} from '../../source/live/tenant-users-service.js';
import {createDeck, DeckProvider} from '../../source/ui/app-context.js';
import {UsersListScreen} from '../../source/ui/screens/users-list-screen.js';
import {marksModel} from '../../source/ui/state/marks.js';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {mockPorts, screenFixture} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

const total = 1200;
let double: Auth0Double;

function person(index: number): User {
	const id = String(index).padStart(5, '0');
	return {
		user_id: `auth0|${id}`,
		email: `person${id}@example.com`,
		name: `Person ${id}`,
		created_at: '2026-01-01T00:00:00.000Z',
		updated_at: '2026-01-01T00:00:00.000Z',
		identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: id, isSocial: false}],
		logins_count: index % 17,
	};
}

const fixture = screenFixture(1);
const people = Array.from({length: total}, (_, index) => person(index));

beforeAll(async () => {
	double = await startAuth0Double({users: people});
});

afterEach(() => {
	double.controls.clearFaults();
});

afterAll(async () => {
	await double?.close();
});

async function live(options: {perPage?: number} = {}): Promise<TenantUsersService> {
	const service = await openTenantService({kind: 'tenant', domain: double.domain, credentials: {kind: 'client-credentials', clientId: double.clientId, clientSecret: double.clientSecret}}, {source: 'console', debounceMs: 0, ...options});
	fixture.afterTest(async () => {
		service.close();
	});
	return service;
}

const userRequests = () => double.requests.filter(request => request.path === '/api/v2/users');

describe('the Users list over a tenant', () => {
	it('shows the first page, and says the query reaches only the first 1,000 of its matches', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame('first 1,000 of 1,200 matches: refine the query');
		await deck.waitForFrame('Person 00000');
		expect(userRequests().at(-1)?.query).toMatchObject({search_engine: 'v3', include_totals: 'true', sort: 'name:1'});
	});

	it('loads more pages as the admin scrolls toward the end of what is loaded', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame('Person 00000');
		const before = userRequests().length;
		deck.press('list.last');
		// At the last loaded row, the next page is on its way: the position counts it.
		await deck.waitForFrame('100/200');
		deck.press('list.last');
		await deck.waitForFrame('Person 00199');
		expect(userRequests().slice(before).map(request => request.query['page'])).toContain('1');
	});

	it('runs / as a server query and : as the query syntax, with the server\'s count', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame('Person 00000');
		deck.press('list.filter');
		deck.type('person00042');
		await deck.waitForFrame('1 match');
		expect(deck.lastFrame()).toContain('Person 00042');
		expect(userRequests().at(-1)?.query['q']).toBe(freeTextQuery('person00042'));
		deck.press('filter.accept');
		deck.press('list.clear');
		await deck.waitForFrame('first 1,000 of 1,200 matches');
		deck.press('list.query');
		deck.type('logins_count:16');
		await deck.waitForFrame('70 matches');
		expect(userRequests().at(-1)?.query['q']).toBe('logins_count:16');
	});

	it('says a / query matched nobody, and Enter or a then act on no one (not the user selected before)', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame('› Person 00000');
		deck.press('list.filter');
		deck.type('nobody-here');
		await deck.waitForFrame('No users match “nobody-here”');
		deck.press('filter.accept');
		deck.press('list.open');
		deck.press('list.actions');
		// A key after them shows they were handled: the prompt opens again on the list.
		deck.press('list.filter');
		const frame = await deck.waitForFrame('/ nobody-here');
		expect(frame).toContain('No users match “nobody-here”');
		expect(frame).not.toContain('Block User');
		expect(deck.deck.navigation.getState().stack.at(-1)?.name).toBe('users');
	});

	it('marks the tenant LIVE in the header', async () => {
		const deck = fixture.render(await live());
		const frame = await deck.waitForFrame('Person 00000');
		expect(frame.split('\n')[0]).toContain(' LIVE ');
	});

	it('says on the status line when Auth0 rate limits the list, keeps keys working, and retries at the time given', async () => {
		let release = () => {};
		const gate = new Promise<void>(resolve => {
			release = resolve;
		});
		const service = await openTenantService({kind: 'tenant', domain: double.domain, credentials: {kind: 'client-credentials', clientId: double.clientId, clientSecret: double.clientSecret}}, {source: 'console', debounceMs: 0, sleep: async () => gate});
		fixture.afterTest(async () => {
			release();
			service.close();
		});
		double.controls.rateLimit({requests: 1, retryAfterSeconds: 30, path: /^\/api\/v2\/users$/});
		try {
			const deck = fixture.render(service);
			await deck.waitForFrame(/rate limited by Auth0, retrying at \d\d:\d\d:\d\d/);
			deck.press('global.help');
			await deck.waitForFrame('Jump to the bottom');
			deck.press('global.help');
			release();
			const frame = await deck.waitForFrame('Person 00000');
			expect(frame).not.toContain('rate limited');
		} finally {
			double.controls.clearFaults();
		}
	});

	it('shows a failed page where the rows go, and r loads it again', async () => {
		double.controls.failNext(1, {status: 503, path: /^\/api\/v2\/users$/});
		const deck = fixture.render(await live());
		await deck.waitForFrame(/answered 503 while listing users/);
		expect(deck.lastFrame()).toContain('r retries');
		deck.press('list.reload');
		await deck.waitForFrame('Person 00000');
	});

	it('sorts on the server', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame('Person 00000');
		deck.press('list.reverse');
		await deck.waitForFrame('Person 01199');
		expect(userRequests().at(-1)?.query['sort']).toBe('name:-1');
	});
});

describe('marking every match over a tenant (*)', () => {
	const pagesAsked = (q: string) => userRequests().filter(request => (request.query['q'] ?? '') === q).map(request => Number(request.query['page']));
	const marked = (deck: ReturnType<typeof fixture.render>) => [...marksModel(deck.deck).getState()].sort();
	/** A `:` query typed and accepted, as the admin does. */
	const query = (deck: ReturnType<typeof fixture.render>, text: string) => {
		deck.press('list.query');
		deck.type(text);
		deck.press('filter.accept');
	};

	it('loads the pages not yet loaded and marks every match, asking first past 100', async () => {
		const matching = people.filter(user => (user.logins_count ?? 0) <= 2).map(user => user.user_id);
		expect(matching.length).toBeGreaterThan(200);
		const deck = fixture.render(await live());
		await deck.waitForFrame('Person 00000');
		query(deck, 'logins_count:[0 TO 2]');
		await deck.waitForFrame(`100 of ${matching.length} matches`);
		deck.press('list.mark-all');
		await deck.waitForFrame(`Mark ${matching.length} users matching :logins_count:[0 TO 2]?`);
		deck.press('confirm.yes');
		await deck.waitForFrame(`Marked ${matching.length} users matching :logins_count:[0 TO 2] · ${matching.length} marked`);
		expect(marked(deck)).toEqual(matching.toSorted());
		expect(pagesAsked('logins_count:[0 TO 2]')).toEqual([0, 1, 2]);
	});

	it('up to 100 matches spread over several pages: loads them all and marks them without asking', async () => {
		const matching = people.filter(user => user.logins_count === 16).map(user => user.user_id);
		expect(matching.length).toBeGreaterThan(30);
		expect(matching.length).toBeLessThanOrEqual(100);
		const deck = fixture.render(await live({perPage: 30}));
		await deck.waitForFrame('Person 00000');
		query(deck, 'logins_count:16');
		await deck.waitForFrame(`30 of ${matching.length} matches`);
		deck.press('list.mark-all');
		await deck.waitForFrame(`Marked ${matching.length} users matching :logins_count:16 · ${matching.length} marked`);
		expect(marked(deck)).toEqual(matching.toSorted());
	});

	it('past the 1,000-result cap, says only the first 1,000 can be marked and to refine the query, and marks them only when told', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame('first 1,000 of 1,200 matches');
		deck.press('list.mark-all');
		let frame = await deck.waitForFrame('Only the first 1,000 of 1,200 users can be marked');
		expect(frame).toContain('Refine the query');
		deck.press('confirm.no');
		await waitFor(() => deck.deck.navigation.getState().overlay === undefined);
		expect(marked(deck)).toEqual([]);
		deck.press('list.mark-all');
		await deck.waitForFrame('Only the first 1,000 of 1,200 users can be marked');
		deck.press('confirm.yes');
		frame = await deck.waitForFrame('1,000 marked');
		expect(frame).toContain('Marked the first 1,000 of 1,200 users (the whole list)');
		expect(marked(deck)).toEqual(people.toSorted((a, b) => a.name!.localeCompare(b.name!)).slice(0, 1000).map(user => user.user_id).sort());
		// Never a page past the cap (the server would refuse it).
		expect(Math.max(...pagesAsked(''))).toBe(9);
	});

	it('marks nothing when a page fails on the way, and says why', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame('Person 00000');
		query(deck, 'logins_count:[0 TO 2]');
		await deck.waitForFrame('100 of ');
		double.controls.failNext(1, {status: 503, path: /^\/api\/v2\/users$/});
		deck.press('list.mark-all');
		await deck.waitForFrame('Mark ');
		deck.press('confirm.yes');
		await deck.waitForFrame(/Nothing marked: .*answered 503 while listing users/);
		expect(marked(deck)).toEqual([]);
	});
});

describe('sorting by Connection over a tenant', () => {
	it('C says Auth0 cannot sort users by connection, and keeps the order and the header as they are', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame('Person 00000');
		const before = userRequests().length;
		deck.press('list.sort-connection');
		const frame = await deck.waitForFrame('Auth0 cannot sort users by connection');
		expect(frame).toContain('Sorted by Name ▲');
		expect(frame).not.toContain('Connection ▲');
		expect(userRequests().slice(before).filter(request => request.query['sort'] !== 'name:1')).toEqual([]);
	});

	it('s skips Connection on a tenant: Name, User ID, then Logins', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame('Person 00000');
		deck.press('list.sort');
		await deck.waitForFrame('Sorted by User ID ▲');
		deck.press('list.sort');
		const frame = await deck.waitForFrame('Sorted by Logins ▼');
		expect(frame).not.toContain('Connection ▲');
		await waitFor(() => userRequests().at(-1)?.query['sort'] === 'logins_count:-1');
	});
});

describe('loading pages from React', () => {
	class Discard extends Component<{readonly children: ReactNode}, {failed: boolean}> {
		static getDerivedStateFromError() {
			return {failed: true};
		}

		override state = {failed: false};

		override render() {
			return this.state.failed ? <Text>discarded</Text> : this.props.children;
		}
	}

	function Fails(): ReactNode {
		throw new Error('this render is thrown away');
	}

	it('starts no request from a render React throws away: loads start in effects and key handlers', async () => {
		const service = await live();
		const request = vi.spyOn(service as unknown as {request: (...args: unknown[]) => Promise<unknown>}, 'request');
		const deck = createDeck({service, ports: mockPorts(), exit() {}, storeLabel: 'tenant'});
		const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			const rendered = render(
				<DeckProvider deck={deck}>
					<Discard>
						<UsersListScreen screen={{name: 'users'}} width={100} height={20} />
						<Fails />
					</Discard>
				</DeckProvider>,
			);
			await waitFor(() => rendered.lastFrame()?.includes('discarded'));
			rendered.unmount();
		} finally {
			quiet.mockRestore();
		}

		expect(request).not.toHaveBeenCalled();
	});
});
