// The marks reducer (state/marks.ts) and the typed count of a batch delete.
import {describe, expect, it} from 'vitest';
import {isCountConfirmed} from '../../source/ui/overlays/confirm-batch-delete.js';
import {marksReducer} from '../../source/ui/state/marks.js';
import {characterName} from '../../source/ui/input/key-name.js';
import {canonicalKeyName, keyLabel} from '../../source/ui/keymap.js';

describe('marksReducer', () => {
	it('toggles, adds, removes and clears by user_id, keeping the same set when nothing changes', () => {
		const none = new Set<string>();
		const one = marksReducer(none, {type: 'toggle', userId: 'a'});
		expect([...one]).toEqual(['a']);
		expect([...marksReducer(one, {type: 'toggle', userId: 'a'})]).toEqual([]);
		const three = marksReducer(one, {type: 'add', userIds: ['a', 'b', 'c']});
		expect([...three].sort()).toEqual(['a', 'b', 'c']);
		expect(marksReducer(three, {type: 'add', userIds: ['b']})).toBe(three);
		expect([...marksReducer(three, {type: 'remove', userIds: ['b', 'x']})].sort()).toEqual(['a', 'c']);
		expect(marksReducer(three, {type: 'remove', userIds: ['x']})).toBe(three);
		expect(marksReducer(three, {type: 'clear'}).size).toBe(0);
		expect(marksReducer(none, {type: 'clear'})).toBe(none);
		// The state given is never changed.
		expect([...three].sort()).toEqual(['a', 'b', 'c']);
	});
});

describe('isCountConfirmed', () => {
	it('takes the number with or without its thousands commas, and nothing else', () => {
		expect(isCountConfirmed(12, '12')).toBe(true);
		expect(isCountConfirmed(12, ' 12 ')).toBe(true);
		expect(isCountConfirmed(1000, '1000')).toBe(true);
		expect(isCountConfirmed(1000, '1,000')).toBe(true);
		for (const typed of ['', '1', '120', '12x', 'twelve', '1.000', '01000']) {
			expect(isCountConfirmed(typed.includes('0') ? 1000 : 12, typed)).toBe(false);
		}

		expect(isCountConfirmed(0, '0')).toBe(false);
	});
});

describe('Ctrl-\\', () => {
	it('is a key: named from its byte (FS, 0x1C), written in the config file, labelled in help', () => {
		expect(characterName('\u001C')).toBe('ctrl-\\');
		expect(canonicalKeyName('Ctrl+\\')).toBe('ctrl-\\');
		expect(canonicalKeyName('ctrl-\\')).toBe('ctrl-\\');
		expect(keyLabel('ctrl-\\')).toBe('Ctrl-\\');
	});
});
