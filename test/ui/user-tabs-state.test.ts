// The User page's pure parts: scroll and selection reducers, the History window,
// column fitting, line clipping and the Details tab's content.
import {describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {clipSegments} from '../../source/ui/components/clip-segments.js';
import {fitColumns} from '../../source/ui/components/fit-columns.js';
import {detailsLines} from '../../source/ui/screens/tabs/details-lines.js';
import {historyColumns} from '../../source/ui/screens/tabs/history-columns.js';
import {historyReducer, historyWindow, initialHistory} from '../../source/ui/screens/tabs/history-state.js';
import {clampOffset, contentRows, initialScroll, scrollReducer} from '../../source/ui/screens/tabs/scroll-state.js';
import {initialSelection, selectionReducer, visibleSelection} from '../../source/ui/screens/tabs/selection-state.js';
import {displayWidth} from '../../source/terminal/text-width.js';

describe('scrollReducer', () => {
	const scroll = (offset: number, movement: 'up' | 'down' | 'page-up' | 'page-down' | 'first' | 'last', count = 50, rows = 10) =>
		scrollReducer({offset}, {type: 'scroll', movement, count, rows}).offset;

	it('moves by a line, by a page (keeping one line of context) and to either end', () => {
		expect(scroll(0, 'down')).toBe(1);
		expect(scroll(5, 'up')).toBe(4);
		expect(scroll(0, 'page-down')).toBe(9);
		expect(scroll(20, 'page-up')).toBe(11);
		expect(scroll(17, 'first')).toBe(0);
		expect(scroll(0, 'last')).toBe(40);
	});

	it('stops where the window is full, and never goes above the top', () => {
		expect(scroll(40, 'down')).toBe(40);
		expect(scroll(38, 'page-down')).toBe(40);
		expect(scroll(0, 'up')).toBe(0);
		expect(scroll(0, 'down', 5, 10)).toBe(0);
	});

	it('keeps the same state when nothing moves, and moves from a clamped offset when content shrank', () => {
		const state = {offset: 0};
		expect(scrollReducer(state, {type: 'scroll', movement: 'up', count: 50, rows: 10})).toBe(state);
		expect(scroll(45, 'up', 20, 10)).toBe(9);
		expect(scrollReducer({offset: 3}, {type: 'top'})).toBe(initialScroll);
	});

	it('clamps the offset to draw with and gives the last row to the position line when content overflows', () => {
		expect(clampOffset(45, 20, 10)).toBe(10);
		expect(clampOffset(-1, 20, 10)).toBe(0);
		expect(contentRows(5, 10)).toBe(10);
		expect(contentRows(11, 10)).toBe(9);
	});
});

describe('selectionReducer', () => {
	it('moves the selection and scrolls the window only as far as needed', () => {
		let state = initialSelection;
		for (let step = 0; step < 12; step++) {
			state = selectionReducer(state, {type: 'move', movement: 'down', count: 30, rows: 10});
		}

		expect(state).toEqual({selected: 12, offset: 3});
		state = selectionReducer(state, {type: 'move', movement: 'up', count: 30, rows: 10});
		expect(state).toEqual({selected: 11, offset: 3});
		state = selectionReducer(state, {type: 'move', movement: 'last', count: 30, rows: 10});
		expect(state).toEqual({selected: 29, offset: 20});
		state = selectionReducer(state, {type: 'move', movement: 'first', count: 30, rows: 10});
		expect(state).toEqual({selected: 0, offset: 0});
	});

	it('draws a selection past the end (rows removed) on the last row', () => {
		expect(visibleSelection({selected: 9, offset: 5}, 3, 10)).toEqual({selected: 2, offset: 0});
		expect(visibleSelection({selected: 0, offset: 0}, 0, 10)).toEqual({selected: 0, offset: 0});
	});
});

describe('historyReducer', () => {
	it('widens 2 days → 7 days → 30 days → all, then back to 2 days, starting again from the newest event', () => {
		let state = historyReducer(initialHistory, {type: 'select', action: {type: 'move', movement: 'down', count: 5, rows: 3}});
		expect(state.selection.selected).toBe(1);
		const labels = [historyWindow(state).label];
		for (let step = 0; step < 4; step++) {
			state = historyReducer(state, {type: 'widen'});
			labels.push(historyWindow(state).label);
			expect(state.selection).toEqual(initialSelection);
		}

		expect(labels).toEqual(['Past 2 days', 'Past 7 days', 'Past 30 days', 'All time', 'Past 2 days']);
		expect(historyWindow({...state, window: 3}).ms).toBe(Number.POSITIVE_INFINITY);
	});
});

describe('fitColumns', () => {
	const specs = [
		{id: 'a', min: 10, priority: 1, flex: true},
		{id: 'b', min: 8, max: 12, priority: 3},
		{id: 'c', min: 6, max: 6, priority: 2},
	] as const;

	it('drops the least important columns first and keeps the given order', () => {
		expect(fitColumns(specs, 40, 2).map(column => column.id)).toEqual(['a', 'b', 'c']);
		expect(fitColumns(specs, 20, 2).map(column => column.id)).toEqual(['a', 'c']);
		expect(fitColumns(specs, 12, 2).map(column => column.id)).toEqual(['a']);
	});

	it('grows fixed columns to their maximum, then gives the rest to flexible ones, filling the width exactly', () => {
		expect(fitColumns(specs, 40, 2)).toEqual([{id: 'a', width: 18}, {id: 'b', width: 12}, {id: 'c', width: 6}]);
		expect(fitColumns(specs, 5, 2)).toEqual([{id: 'a', width: 5}]);
	});

	it('fits the History table in 80, 100 and 160 columns, dropping the absolute time, then the IP first', () => {
		for (const width of [60, 78, 98, 158]) {
			const columns = historyColumns(width);
			const used = columns.reduce((sum, column) => sum + column.width, 0) + (columns.length - 1) * 2;
			expect(used).toBeLessThanOrEqual(width);
		}

		// At 80 columns the Identity Provider stays (the IP is in the event's JSON).
		expect(historyColumns(78).map(column => column.id)).toEqual(['event', 'when', 'application', 'connection', 'from']);
		expect(historyColumns(98).map(column => column.id)).toEqual(['event', 'when', 'application', 'connection', 'ip', 'from']);
		expect(historyColumns(158).map(column => column.id)).toEqual(['event', 'when', 'date', 'application', 'connection', 'ip', 'from']);
	});
});

describe('clipSegments', () => {
	it('leaves a line that fits alone and cuts one that does not with an ellipsis in the cut segment\'s colour', () => {
		const line = [{text: 'Email  ', tone: 'muted'}, {text: 'ada@example.com', bold: true}] as const;
		expect(clipSegments(line, 30)).toEqual(line);
		expect(clipSegments(line, 12)).toEqual([{text: 'Email  ', tone: 'muted'}, {text: 'ada@…', bold: true}]);
		expect(clipSegments(line, 7)).toEqual([{text: 'Email …', tone: 'muted'}]);
		expect(clipSegments(line, 0)).toEqual([]);
	});

	it('measures wide characters in cells', () => {
		const clipped = clipSegments([{text: '山田太郎'}, {text: 'x'}], 6);
		expect(clipped.map(segment => segment.text).join('')).toBe('山田…');
		expect(displayWidth(clipped.map(segment => segment.text).join(''))).toBeLessThanOrEqual(6);
	});
});

describe('detailsLines', () => {
	const now = new Date('2026-03-10T12:00:00Z');
	const base: User = {
		user_id: 'auth0|abc',
		email: 'ada@example.com',
		email_verified: true,
		created_at: '2025-03-10T12:00:00Z',
		updated_at: '2026-03-10T12:00:00Z',
		identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: 'abc', isSocial: false}],
		logins_count: 7,
	};
	const text = (user: User) => detailsLines(user, now).map(line => line.map(segment => segment.text).join(''));

	it('shows the identity, access, and "never" for a user who never logged in', () => {
		const lines = text(base);
		expect(lines[0]).toBe('User Identity');
		expect(lines).toContainEqual(expect.stringMatching(/^ {2}Email +ada@example\.com {2}✓ verified$/));
		expect(lines).toContainEqual(expect.stringMatching(/^ {2}User ID +auth0\|abc$/));
		expect(lines).toContainEqual(expect.stringMatching(/^ {2}Created +2025-03-1\d \d\d:\d\d \(1 year ago\)$/));
		expect(lines).toContainEqual(expect.stringMatching(/^ {2}Last login +never$/));
		expect(lines).toContainEqual(expect.stringMatching(/^ {2}Logins +7$/));
		expect(lines).toContainEqual(expect.stringMatching(/^ {2}Access +Active$/));
		expect(lines.some(line => line.includes('Phone'))).toBe(false);
		expect(lines.at(-1)).toBe('  None');
	});

	it('marks blocked users, social connections, unverified emails, phone, username and MFA', () => {
		const lines = text({
			...base,
			email_verified: false,
			blocked: true,
			phone_number: '+15551234567',
			username: 'ada',
			multifactor: ['guardian'],
			last_login: '2026-03-10T09:00:00Z',
			identities: [...base.identities, {connection: 'github', provider: 'github', user_id: '1', isSocial: true, profileData: {login: 'ada-l'}}],
		});
		expect(lines).toContainEqual(expect.stringMatching(/Email +ada@example\.com {2}not verified$/));
		expect(lines).toContainEqual(expect.stringMatching(/Connections +Username-Password-Authentication, github \(social\)$/));
		expect(lines).toContainEqual(expect.stringMatching(/Access +Blocked$/));
		expect(lines).toContainEqual(expect.stringMatching(/Last login +3 hours ago \(2026-03-1\d \d\d:\d\d\)$/));
		expect(lines).toContainEqual(expect.stringMatching(/Phone +\+15551234567 {2}not verified$/));
		expect(lines).toContainEqual(expect.stringMatching(/Username +ada$/));
		expect(lines).toContainEqual(expect.stringMatching(/MFA +guardian$/));
		const attributes = lines.indexOf('Identity Provider Attributes  read-only');
		expect(lines.slice(attributes + 1)).toEqual(['  github (github)', '    {', '      "login": "ada-l"', '    }']);
	});

	it('shows a social user\'s provider attributes from the profile\'s root under its own connection, before linked identities\' profileData', () => {
		const lines = text({
			...base,
			user_id: 'github|1234',
			identities: [{connection: 'github', provider: 'github', user_id: 1234, isSocial: true}, {connection: 'google-oauth2', provider: 'google-oauth2', user_id: '1099', isSocial: true, profileData: {locale: 'en-GB'}}],
			login: 'ada-l',
		} as User);
		const attributes = lines.indexOf('Identity Provider Attributes  read-only');
		expect(lines.slice(attributes + 1)).toEqual(['  github (github)', '    {', '      "login": "ada-l"', '    }', '  google-oauth2 (google-oauth2)', '    {', '      "locale": "en-GB"', '    }']);
	});

	it('prints both metadata objects as JSON, app_metadata labelled read-only, and escapes hostile text', () => {
		const lines = text({...base, name: 'x', user_metadata: {theme: 'dark\u001B[2J'}, app_metadata: {plan: 'pro'}});
		const start = lines.indexOf('  user_metadata');
		expect(lines.slice(start, start + 7)).toEqual([
			'  user_metadata',
			'    {',
			String.raw`      "theme": "dark\u001b[2J"`,
			'    }',
			'  app_metadata (read-only)',
			'    {',
			'      "plan": "pro"',
		]);
		expect(text({...base, email: 'a\u202Eb@example.com'}).join('\n')).toContain(String.raw`a\u202eb@example.com`);
	});
});
