// The benchmark's screen model (bench/pty-session.mjs): what `npm run bench`
// reads frames from. It must read them right, and fast enough that playing one
// read of output does not delay seeing the next.
import {describe, expect, it} from 'vitest';
import {Screen} from '../../bench/pty-session.mjs';

const esc = '\u001B[';

describe('the benchmark screen model', () => {
	it('places text at cursor moves and erases to the end of a line', () => {
		const screen = new Screen(20, 3);
		screen.write(`${esc}2;3Hhello${esc}1;1Htop line${esc}3;1Hbottom`);
		screen.write(`${esc}1;4H${esc}K`);
		expect(screen.text().split('\n')).toEqual([
			'top'.padEnd(20),
			'  hello'.padEnd(20),
			'bottom'.padEnd(20),
		]);
	});

	it('gives wide characters two columns and keeps combining marks and emoji whole', () => {
		const screen = new Screen(12, 1);
		screen.write('日本x e\u0301 👍🏽.');
		expect(screen.line(0)).toBe('日本x e\u0301 👍🏽. ');
		expect(screen.col).toBe(11);
	});

	it('finishes an escape sequence or an OSC cut between two reads', () => {
		const screen = new Screen(10, 2);
		screen.write(`ab${esc}2`);
		screen.write(';3Hc');
		const copy = `\u001B]52;c;${'QUJD'.repeat(40)}`;
		screen.write(copy);
		screen.write('\u0007d');
		expect(screen.text().split('\n')).toEqual(['ab'.padEnd(10), '  cd'.padEnd(10)]);
	});

	it('drops characters past the right edge and clears on ESC[2J', () => {
		const screen = new Screen(4, 1);
		screen.write('abcdef');
		expect(screen.line(0)).toBe('abcd');
		screen.write(`${esc}2J`);
		expect(screen.line(0)).toBe('    ');
	});
});
