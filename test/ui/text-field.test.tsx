import {beforeAll, describe, expect, test} from 'vitest';
import {fieldOf, type TextFieldState} from '../../source/ui/state/text-field.js';

// The cursor is an inverse cell, which only shows in the frame with colours on.
// Ink's chalk reads FORCE_COLOR when first loaded, so Ink is loaded after setting it.
process.env['FORCE_COLOR'] = '1';
let render: typeof import('ink-testing-library').render;
let TextField: typeof import('../../source/ui/components/text-field.js').TextField;
let scrollStart: typeof import('../../source/ui/components/text-field.js').scrollStart;
beforeAll(async () => {
	({render} = await import('ink-testing-library'));
	({TextField, scrollStart} = await import('../../source/ui/components/text-field.js'));
});

const inverseOn = '\u001B[7m';

function frameOf(state: TextFieldState, width: number, options: {focused?: boolean; mask?: boolean; placeholder?: string} = {}) {
	const {lastFrame, rerender, unmount} = render(<TextField state={state} width={width} {...options} />);
	return {frame: () => lastFrame() ?? '', rerender: (next: TextFieldState) => rerender(<TextField state={next} width={width} {...options} />), unmount};
}

/** The frame without styling, and the text drawn inverse (the cursor cell). */
function parts(frame: string) {
	// Ink drops trailing blanks, so the padding is not compared.
	// eslint-disable-next-line no-control-regex
	const plain = frame.replaceAll(/\u001B\[\d+m/g, '').trimEnd();
	const cursor = frame.includes(inverseOn) ? frame.split(inverseOn)[1]!.split('\u001B[')[0] : undefined;
	return {plain, cursor};
}

describe('TextField', () => {
	test('draws the text padded to its width, with the cursor cell inverse when focused', () => {
		const view = frameOf({value: 'hello', cursor: 1}, 10, {focused: true});
		const {plain, cursor} = parts(view.frame());
		expect(plain).toBe('hello');
		expect(cursor).toBe('e');
		view.unmount();
	});

	test('the cursor at the end is a blank inverse cell; no cursor when not focused', () => {
		const focused = frameOf(fieldOf('abc'), 6, {focused: true});
		expect(parts(focused.frame()).cursor).toBe(' ');
		focused.unmount();
		const blurred = frameOf(fieldOf('abc'), 6);
		expect(blurred.frame()).not.toContain(inverseOn);
		expect(parts(blurred.frame()).plain).toBe('abc');
		blurred.unmount();
	});

	test('a masked field shows one bullet per character and never the characters', () => {
		const secret = 'S3cr3t-P4ss 山';
		const view = frameOf(fieldOf(secret), 30, {focused: true, mask: true});
		const {plain} = parts(view.frame());
		expect(plain.trimEnd()).toBe('•'.repeat([...secret].length));
		for (const char of new Set(secret.replaceAll(' ', ''))) {
			expect(plain).not.toContain(char);
		}

		view.unmount();
	});

	test('scrolls so the cursor stays visible, and never draws more than its width', () => {
		const value = 'abcdefghijklmnopqrstuvwxyz';
		const view = frameOf(fieldOf(value), 10, {focused: true});
		let {plain, cursor} = parts(view.frame());
		expect(plain).toBe('rstuvwxyz');
		expect(cursor).toBe(' ');
		// Walking left keeps the window until the cursor reaches its left edge.
		view.rerender({value, cursor: 20});
		({plain, cursor} = parts(view.frame()));
		expect(plain).toBe('rstuvwxyz');
		expect(cursor).toBe('u');
		view.rerender({value, cursor: 3});
		({plain, cursor} = parts(view.frame()));
		expect(plain).toBe('defghijklm');
		expect(cursor).toBe('d');
		view.unmount();
	});

	test('the placeholder shows while empty and unfocused', () => {
		const view = frameOf(fieldOf(''), 20, {placeholder: 'name@example.com'});
		expect(parts(view.frame()).plain).toBe('name@example.com');
		view.unmount();
	});

	test('stored control characters are drawn as visible escapes', () => {
		const view = frameOf(fieldOf('a\u001Bb'), 10);
		expect(parts(view.frame()).plain).toBe(String.raw`a\x1bb`);
		view.unmount();
	});
});

describe('scrollStart', () => {
	const ones = (count: number) => Array.from({length: count}, () => 1);

	test('keeps the start while the cursor fits', () => {
		expect(scrollStart(ones(5), 5, 0, 10)).toBe(0);
		expect(scrollStart(ones(30), 15, 10, 10)).toBe(10);
	});

	test('moves just enough to show the cursor', () => {
		expect(scrollStart(ones(30), 30, 0, 10)).toBe(21);
		expect(scrollStart(ones(30), 5, 21, 10)).toBe(5);
	});

	test('pulls hidden text back after a deletion', () => {
		expect(scrollStart(ones(12), 12, 21, 10)).toBe(3);
	});

	test('wide characters count two cells', () => {
		expect(scrollStart([2, 2, 2, 2, 2, 2], 6, 0, 10)).toBe(2);
	});
});
