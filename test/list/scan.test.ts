// Filtering alone (source/list/scan.ts): a scan run in slices finds what one
// run to its end finds, which is what searchText or the query says; its first
// rows are the start of the result in display order; and a query that extends
// an earlier one tests only what that one left in doubt.
import {describe, expect, it} from 'vitest';
import {compileSearch} from '../../source/domain/search/index.js';
import type {User} from '../../source/domain/types.js';
import {createCollector, createScans, type Progress, type Scan, scanTask} from '../../source/list/scan.js';
import {createSearch, type Search} from '../../source/list/search.js';
import {runSlice, runToEnd, type SlicedTask} from '../../source/list/sliced.js';
import {canNarrow, searchText} from '../../source/list/user-filter.js';
import type {ListFilter} from '../../source/list/view.js';

const firstNames = ['Anna', 'Hannah', 'Bob', 'Joanna', 'Carol', 'Dave', 'Ann-Marie', 'Zoë'];

function person(index: number): User {
	return {
		user_id: `auth0|${index.toString(36)}`,
		...(index % 9 === 4 ? {} : {name: `${firstNames[index % firstNames.length]} ${index % 17}`}),
		email: `user${index}@example.${index % 5 === 0 ? 'org' : 'com'}`,
		created_at: '2024-01-01T00:00:00.000Z',
		updated_at: '2024-01-01T00:00:00.000Z',
		logins_count: index % 7,
	} as User;
}

// More than two scan steps (4,096), so the scan yields between them.
const users = Array.from({length: 10_000}, (_, index) => person(index));
// A display order that is not the memory order.
const order = Int32Array.from(users.keys()).reverse();
for (let index = 0; index < order.length - 7; index += 7) {
	[order[index], order[index + 7]] = [order[index + 7]!, order[index]!];
}

function progressOf(): Progress {
	return {work: 'filter', done: 0, total: undefined, first: undefined};
}

/** What the filter keeps, in display order, by the definitions the engine must agree with. */
function expected(filter: ListFilter): number[] {
	const keep = filter.mode === 'text'
		? (user: User) => searchText(user).includes(filter.text.toLowerCase())
		: compileSearch(filter.text);
	return Array.from(order).filter(position => keep(users[position]!));
}

function options(scans = createScans(8), search: Search = createSearch(), firstRows = 50) {
	return {scans, search, now: () => 0, sliceMs: 8, firstRows};
}

/** Runs a task one yield at a time, as the engine's slices do when each stops at once. */
function inSlices<T>(task: SlicedTask<T>): {value: T; slices: number} {
	for (let slices = 1; ; slices++) {
		const result = runSlice(task, () => true);
		if (result.done) {
			return {value: result.value, slices};
		}
	}
}

describe('a scan', () => {
	const filters: ListFilter[] = [
		{mode: 'text', text: 'example.com'},
		{mode: 'text', text: 'ANNA 1'},
		{mode: 'text', text: 'user999@'},
		{mode: 'text', text: 'nobody'},
		{mode: 'query', text: 'logins_count:[5 TO *]'},
	];

	for (const filter of filters) {
		it(`finds the same in slices as in one go, in display order: ${filter.mode} "${filter.text}"`, () => {
			const want = expected(filter);
			const whole = runToEnd(scanTask(options(), users, order, filter, progressOf()));
			const progress = progressOf();
			const sliced = inSlices(scanTask(options(), users, order, filter, progress));
			expect(sliced.slices).toBeGreaterThan(2);
			expect(Array.from(sliced.value.matches)).toEqual(Array.from(whole.matches));
			expect(sliced.value.decided).toBe(users.length);
			expect(Array.from(sliced.value.hits.subarray(0, sliced.value.count))).toEqual([...want].sort((a, b) => a - b));
			// The first rows shown while it ran are the start of the result.
			expect(Array.from(progress.first!)).toEqual(want.slice(0, Math.min(50, want.length)));
			expect(progress.done).toBe(progress.total);

			const collect = createCollector();
			expect(Array.from(inSlices(collect(order, sliced.value)).value)).toEqual(want);
			// Again, with what the collector learnt of the order.
			expect(Array.from(runToEnd(collect(order, whole)))).toEqual(want);
		});
	}
});

/** A search whose index records which positions a scan tests one by one, and which ranges it scans. */
function watchedSearch(): {search: Search; tested: number[]; ranges: Array<[number, number]>} {
	const search = createSearch();
	const tested: number[] = [];
	const ranges: Array<[number, number]> = [];
	return {
		tested,
		ranges,
		search: {
			...search,
			indexOf(of) {
				const index = search.indexOf(of);
				return {
					...index,
					get built() {
						return index.built;
					},
					ensure: end => {
						index.ensure(end);
					},
					textAt: position => index.textAt(position),
					contains(position, needle) {
						tested.push(position);
						return index.contains(position, needle);
					},
					scan(needle, start, end, hit) {
						ranges.push([start, end]);
						index.scan(needle, start, end, hit);
					},
					patch: positions => {
						index.patch(positions);
					},
				};
			},
		},
	};
}

describe('narrowing', () => {
	it('narrows only when the new needle contains the previous one', () => {
		expect(canNarrow('an', 'ann')).toBe(true);
		expect(canNarrow('nn', 'anna')).toBe(true);
		expect(canNarrow('ann', 'an')).toBe(false);
		expect(canNarrow('ab', 'ba')).toBe(false);
	});

	it('tests only what a finished scan matched when the query extends it', () => {
		const scans = createScans(8);
		const first = runToEnd(scanTask(options(scans), users, order, {mode: 'text', text: 'user99'}, progressOf()));
		scans.keep(first);
		const watched = watchedSearch();
		const filter: ListFilter = {mode: 'text', text: 'user999'};
		const narrowed = runToEnd(scanTask(options(scans, watched.search), users, order, filter, progressOf()));
		const hits = Array.from(first.hits.subarray(0, first.count));
		expect(hits.length).toBeGreaterThan(10);
		expect(watched.tested).toEqual(hits);
		expect(watched.ranges).toEqual([]);
		expect(Array.from(runToEnd(createCollector()(order, narrowed)))).toEqual(expected(filter));
	});

	it('takes what a dropped scan decided, and scans the rest', () => {
		const scans = createScans(8);
		const dropped = scanTask(options(scans), users, order, {mode: 'text', text: 'anna'}, progressOf());
		// Stopped after the first rows and one step of the scan: a newer key came.
		runSlice(dropped, () => true);
		runSlice(dropped, () => true);
		const watched = watchedSearch();
		const filter: ListFilter = {mode: 'text', text: 'anna 1'};
		const progress = progressOf();
		// First rows enough to go through the whole display order: those are tested one by one too.
		const narrowed: Scan = runToEnd(scanTask(options(scans, watched.search, users.length), users, order, filter, progress));
		const decided = watched.ranges[0]![0];
		expect(decided).toBeGreaterThan(0);
		expect(decided).toBeLessThan(users.length);
		// Below what the dropped scan decided, only its matches are tested.
		const anna = (position: number) => searchText(users[position]!).includes('anna');
		expect(watched.tested.filter(position => position < decided).every(position => anna(position))).toBe(true);
		expect(watched.ranges.at(-1)![1]).toBe(users.length);
		expect(Array.from(runToEnd(createCollector()(order, narrowed)))).toEqual(expected(filter));
	});
});
