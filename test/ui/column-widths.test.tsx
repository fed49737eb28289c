// Column widths where the walk found them wrong: at 160 columns the Users
// list cut Connection while room was left over; at 80 the History tab dropped
// the Identity Provider and cut "15 seconds a…".
import {describe, expect, it} from 'vitest';
import {formatRelative} from '../../source/domain/duration.js';
import type {LogEvent, User} from '../../source/domain/types.js';
import {tableLayout} from '../../source/ui/components/user-columns.js';
import {historyCell, historyColumns} from '../../source/ui/screens/tabs/history-columns.js';
import type {Navigation} from '../../source/ui/state/navigation.js';
import {resize, screenFixture} from '../support/deck.js';

const fixture = screenFixture(40);

describe('Users list columns', () => {
	it('at 160 columns Connection holds Auth0\'s default connection name whole, and every column still fits', () => {
		const layout = tableLayout(160);
		const width = (id: string) => layout.columns.find(column => column.id === id)?.width ?? 0;
		expect(width('connection')).toBeGreaterThanOrEqual('Username-Password-Authentication'.length);
		expect(width('email')).toBeGreaterThanOrEqual(30);
		expect(width('name')).toBeGreaterThanOrEqual(22);
		expect(layout.columns.map(column => column.id)).toEqual(['name', 'email', 'connection', 'logins', 'latest', 'user_id']);
	});

	it('at 80 columns the name (with the email beside it) keeps the most room', () => {
		const layout = tableLayout(80);
		const width = (id: string) => layout.columns.find(column => column.id === id)?.width ?? 0;
		expect(layout.emailInName).toBe(true);
		expect(width('name')).toBeGreaterThanOrEqual(26);
		expect(width('name')).toBeGreaterThan(width('connection'));
	});

	it('shows the connection whole on the screen at 160 columns', async () => {
		expect(fixture.store.service.listUsers().some(candidate => candidate.identities[0]!.connection === 'Username-Password-Authentication')).toBe(true);
		const rendered = fixture.render(fixture.store.service);
		resize(rendered, 160, 48);
		const frame = await rendered.waitForFrame(/User ID/);
		expect(frame).toContain(`Username-Password-Authentication`);
		expect(frame).not.toContain('Username-Password-Authen…');
		rendered.unmount();
	});
});

describe('History columns', () => {
	const now = new Date('2026-12-01T12:00:00.000Z');
	const event = (ageMs: number): LogEvent => ({
		log_id: `l${ageMs}`,
		date: new Date(now.getTime() - ageMs).toISOString(),
		type: 's',
		user_id: 'auth0|x',
		connection: 'Username-Password-Authentication',
	} as LogEvent);

	it('at 80 columns keeps the Identity Provider and says "15s ago", "3h ago", "2d ago" instead of cutting', () => {
		const columns = historyColumns(78);
		expect(columns.map(column => column.id)).toContain('connection');
		const when = columns.find(column => column.id === 'when')!;
		for (const [age, text] of [[15_000, '15s ago'], [3 * 3_600_000, '3h ago'], [2 * 86_400_000, '2d ago'], [200 * 86_400_000, '7mo ago']] as const) {
			const cell = historyCell(event(age), when, now);
			expect(cell.trimEnd()).toBe(text);
			expect(cell).not.toContain('…');
		}
	});

	it('where there is room, the words stay whole', () => {
		const when = historyColumns(158).find(column => column.id === 'when')!;
		expect(historyCell(event(15_000), when, now).trimEnd()).toBe('15 seconds ago');
		expect(historyCell(event(11 * 30 * 86_400_000), when, now).trimEnd()).toBe('11 months ago');
		expect(formatRelative(new Date(now.getTime() + 120_000), now, 'short')).toBe('in 2m');
	});

	it('on the screen at 80 columns: Identity Provider shown, no relative time cut', async () => {
		const user = fixture.store.service.listUsers().find((candidate: User) => fixture.store.service.history(candidate.user_id, 2 * 86_400_000).length > 2)!;
		const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'history'}]};
		const rendered = fixture.render(fixture.store.service, {navigation});
		resize(rendered, 80, 24);
		const frame = await rendered.waitForFrame(/Identity Provider/);
		const rows = frame.split('\n').filter(line => /^[› ] \S/.test(line) && /ago|just now/.test(line));
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) {
			expect(row).toMatch(/ {2}(\d+(s|m|h|d|mo|y) ago|just now) /);
		}
	});
});
