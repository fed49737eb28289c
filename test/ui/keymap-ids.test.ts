// Binding ids are a type drawn from the keymap table: a misspelt id in a
// screen's dispatch is a compile error (checked by `tsc --noEmit`, which the
// unused @ts-expect-error lines below would fail), while the config file's
// ids, which are text, are still checked when applied.
import {describe, expect, it} from 'vitest';
import {applyKeyOverrides, type BindingId, bindingById, bindings, KeymapError, keyHint, resolveBinding} from '../../source/ui/keymap.js';
import {movementOf} from '../../source/ui/state/scroll-window.js';

describe('binding ids', () => {
	it('are the table\'s ids, and a misspelt one does not compile', () => {
		const id = resolveBinding(['list'], 's')?.id;
		expect(id === 'list.sort').toBe(true);
		// @ts-expect-error: 'list.sortt' is no binding, so the comparison cannot be true.
		expect(id === 'list.sortt').toBe(false);
		// @ts-expect-error: no binding 'list.sortt'.
		expect(() => keyHint('list.sortt')).toThrow('No binding list.sortt');
		// @ts-expect-error: no binding 'viewer.upp' (the movement ids come from the table's move() rows too).
		expect(movementOf('viewer.upp')).toBeUndefined();
		const known: BindingId = 'viewer.page-down';
		expect(bindingById(known).scope).toBe('viewer');
		expect(new Set(bindings.map(binding => binding.id)).size).toBe(bindings.length);
	});

	it('from the config file are still checked when applied, and a typo is refused with the nearest id', () => {
		expect(() => applyKeyOverrides({'list.sortt': ['x']})).toThrow(KeymapError);
		expect(() => applyKeyOverrides({'list.sortt': ['x']})).toThrow('there is no binding list.sortt (did you mean list.sort?)');
		expect(resolveBinding(['list'], 'x')).toBeUndefined();
	});
});
