// The metadata editor's check of the edited text (inline or from $EDITOR).
import {describe, expect, it} from 'vitest';
import {metadataPatch} from '../../source/ui/overlays/metadata-editor.js';

describe('metadataPatch', () => {
	it('refuses a key given twice, with its line and column, rather than keeping the last', () => {
		expect(metadataPatch('{\n  "plan": "free",\n  "plan": "pro"\n}', {plan: 'free'})).toEqual({
			ok: false,
			message: 'Invalid JSON at line 3, column 3: Duplicate key "plan" in one object (JSON keeps only one of them)',
			line: 3,
			column: 3,
		});
	});

	it('turns an edit into a patch that deletes removed keys', () => {
		expect(metadataPatch('{"plan": "pro"}', {plan: 'free', theme: 'dark'})).toEqual({ok: true, patch: {plan: 'pro', theme: null}});
	});
});
