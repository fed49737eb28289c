// The search index the Users list filters with (createSearchIndex): users'
// texts in pages of one string each. Whatever it answers must be what
// searchText(user).includes(needle) answers, across page edges, partial
// pages, lower-casing that changes a text's length, in-place changes to the
// array, and a new array that reuses the pages of the last.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {createSearchIndex, needleOf, searchText, type SearchIndex} from '../../source/list/user-filter.js';

// Names whose lower case is special: İ gets longer, final sigma, ß, Turkish ı, CJK, emoji.
const names = ['Anna Adams', 'Ilkay Gündoğan', 'ΟΔΥΣΣΕΥΣ', 'Straße Groß', 'Işık Yılmaz', '李小龍', 'Zoë 👩🏽‍💻', 'O\'Brien', 'ANNA-LENA'];

function person(index: number, variant = 0): User {
	const id = `auth0|${((index * 2_654_435_761) >>> 0).toString(16).padStart(8, '0')}${variant === 0 ? '' : `v${variant}`}`;
	return {
		user_id: id,
		...(index % 7 === 3 ? {} : {name: `${names[(index + variant) % names.length]} ${index % 11}`}),
		...(index % 13 === 5 ? {} : {email: `User.${index}@Example.${index % 3 === 0 ? 'ORG' : 'com'}`}),
		created_at: '2024-01-01T00:00:00.000Z',
		updated_at: '2024-01-01T00:00:00.000Z',
	} as User;
}

// Spans several pages (of 2,048) and a partial last one.
const count = 9_000;
const people = Array.from({length: count}, (_, index) => person(index));
// İ only in some pages: the others keep the one-string path, these take the per-user one.
people[5000] = {...people[5000]!, name: 'İİİ İstanbul'};
// A sigma that ends a field, and one after the NUL between fields: final or not, as in searchText.
people[6001] = {...people[6001]!, name: 'ΟΔΥΣΣΕΥΣ', email: 'ΣΟΦΙΑ.Σ@EXAMPLE.COM'};

const needles = ['υς', 'σοφια.ς', 'σοφια.σ', 'σο', 'ςο', 'anna', 'i̇', 'i̇i̇', 'ilkay', 'σσ', 'ς', 'ß', 'ı', '李', '👩🏽', 'example.org', 'user.4', 'auth0|', '1', 'zz-none', '', 'o\'b', 'straße groß 3'];

function expectSameAnswers(index: SearchIndex, users: readonly User[], needle: string, start = 0, end = users.length): void {
	const wanted: number[] = [];
	for (let position = start; position < end; position++) {
		if (searchText(users[position]!).includes(needle)) {
			wanted.push(position);
		}
	}

	const found: number[] = [];
	index.scan(needle, start, end, position => found.push(position));
	expect(found).toEqual(wanted);
	for (const position of [start, Math.floor((start + end) / 2), end - 1, 2047, 2048, 4095, 4096, 8191, 8192].filter(each => each >= start && each < end)) {
		expect(index.contains(position, needle)).toBe(searchText(users[position]!).includes(needle));
		expect(index.textAt(position)).toBe(searchText(users[position]!));
	}
}

describe('the search index', () => {
	it('answers as searchText does, across pages, for every needle, built or not', () => {
		const index = createSearchIndex(people);
		// Nothing built yet: answers come from the users themselves.
		expectSameAnswers(index, people, 'anna', 0, 100);
		// Whole pages: at least what was asked for, not everyone.
		index.ensure(5000);
		expect(index.built).toBeGreaterThanOrEqual(5000);
		expect(index.built).toBeLessThan(count);
		expectSameAnswers(index, people, 'anna');
		index.ensure(count);
		expect(index.built).toBe(count);
		for (const needle of needles) {
			expectSameAnswers(index, people, needleOf(needle));
		}
	});

	it('answers for any range and any piece of a user\'s text', () => {
		const index = createSearchIndex(people);
		index.ensure(count);
		fc.assert(fc.property(fc.nat(count - 1), fc.nat(count), fc.nat(count - 1), fc.nat(30), fc.nat(6), (a, b, from, at, length) => {
			const start = Math.min(a, b);
			const end = Math.max(a, b);
			const text = searchText(people[from]!);
			const needle = text.slice(Math.min(at, text.length), Math.min(at, text.length) + length);
			if (!needle.includes('\u0000')) {
				expectSameAnswers(index, people, needle, start, end);
			}
		}), {numRuns: 150});
	});

	it('follows users changed in place, taken off the end and added', () => {
		const users = [...people];
		const index = createSearchIndex(users);
		index.ensure(users.length);
		// Changed in place (two pages), the last user moved into a deleted one's place, then two added.
		users[10] = {...users[10]!, name: 'Changed Annabel'};
		users[4200] = {...users[4200]!, email: 'new.address@example.org'};
		users[7] = users.at(-1)!;
		users.pop();
		index.patch([10, 4200, 7]);
		users.push(person(20_000, 1), person(20_001, 1));
		index.patch([users.length - 2, users.length - 1]);
		index.ensure(users.length);
		expect(index.built).toBe(users.length);
		for (const needle of ['annabel', 'new.address', 'anna', 'example.org', 'v1', '']) {
			expectSameAnswers(index, users, needle);
		}

		// Shorter by a whole page.
		users.length = 4000;
		index.patch([]);
		index.ensure(users.length);
		expectSameAnswers(index, users, 'anna');
	});

	it('reuses the last array\'s pages where the users are the same, and makes the others again', () => {
		const first = createSearchIndex(people);
		first.ensure(count);
		const next = [...people];
		next[6000] = {...next[6000]!, name: 'Only In The Next Array'};
		const index = createSearchIndex(next, first);
		index.ensure(count);
		expectSameAnswers(index, next, 'only in the next');
		expectSameAnswers(index, next, 'anna');
		expect(index.textAt(100)).toBe(first.textAt(100));
	});
});
