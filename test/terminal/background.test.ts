// The terminal's background, from COLORFGBG and from the answer to OSC 11 (issue 20).
import {describe, expect, it} from 'vitest';
import {backgroundFromColorfgbg, backgroundQuery, readTerminalReplies} from '../../source/terminal/background.js';

describe('COLORFGBG', () => {
	it('reads the last field as the background colour index, as Vim does', () => {
		expect(backgroundFromColorfgbg('15;0')).toBe('dark');
		expect(backgroundFromColorfgbg('0;15')).toBe('light');
		expect(backgroundFromColorfgbg('0;7')).toBe('light');
		expect(backgroundFromColorfgbg('7;8')).toBe('dark');
		expect(backgroundFromColorfgbg('0;default;15')).toBe('light');
		expect(backgroundFromColorfgbg('15;default;0')).toBe('dark');
	});

	it('says nothing when unset, "default" or not an ANSI index', () => {
		for (const value of [undefined, '', 'default;default', '15;default', '0;234', 'light']) {
			expect(backgroundFromColorfgbg(value), String(value)).toBeUndefined();
		}
	});
});

describe('the answers to the background query', () => {
	it('asks for the background colour, then the device attributes as an end marker', () => {
		expect(backgroundQuery).toBe('\u001B]11;?\u001B\\\u001B[c');
	});

	it('reads light and dark backgrounds, ended by ST or BEL, with 1 to 4 hex digits a channel', () => {
		expect(readTerminalReplies('\u001B]11;rgb:ffff/ffff/ffff\u001B\\').background).toBe('light');
		expect(readTerminalReplies('\u001B]11;rgb:fdfd/f6f6/e3e3\u0007').background).toBe('light');
		expect(readTerminalReplies('\u001B]11;rgb:1e1e/1e1e/2e2e\u001B\\').background).toBe('dark');
		expect(readTerminalReplies('\u001B]11;rgb:00/2b/36\u0007').background).toBe('dark');
		expect(readTerminalReplies('\u001B]11;rgba:eeee/eeee/eeee/ffff\u001B\\').background).toBe('light');
		// Pure green is bright to the eye, pure blue is not.
		expect(readTerminalReplies('\u001B]11;rgb:0/f/0\u0007').background).toBe('light');
		expect(readTerminalReplies('\u001B]11;rgb:0/0/f\u0007').background).toBe('dark');
	});

	it('keeps the keys typed around the answers and knows when the terminal has answered all', () => {
		const replies = readTerminalReplies('j\u001B]11;rgb:ffff/ffff/ffff\u001B\\k\u001B[?62;22cG');
		expect(replies).toEqual({background: 'light', finished: true, keys: 'jkG'});
		// tmux 3.3 and the Linux console answer only the device attributes.
		expect(readTerminalReplies('\u001B[?1;2c')).toEqual({background: undefined, finished: true, keys: ''});
		// An answer not yet complete stays for the next read.
		expect(readTerminalReplies('\u001B]11;rgb:ffff/ff')).toEqual({background: undefined, finished: false, keys: '\u001B]11;rgb:ffff/ff'});
	});
});
