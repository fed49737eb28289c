import {describe, expect, it} from 'vitest';
import {formatRelative, parseDuration} from '../../source/domain/duration.js';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

describe('parseDuration', () => {
	it.each([
		['90s', 90 * second],
		['30m', 30 * minute],
		['12h', 12 * hour],
		['2d', 2 * day],
		['7d', 7 * day],
		['1w', 7 * day],
		['1.5h', 90 * minute],
		[' 2d ', 2 * day],
	])('%j is %d ms', (text, ms) => {
		expect(parseDuration(text)).toBe(ms);
	});

	it('reads "all" as no limit', () => {
		expect(parseDuration('all')).toBe(Number.POSITIVE_INFINITY);
		expect(parseDuration('ALL')).toBe(Number.POSITIVE_INFINITY);
	});

	it.each(['', 'd', '2', '2 days', '2y', '-2d', '0d', '2D', 'abc', '1e3s', '.5h'])('rejects %j', text => {
		expect(() => parseDuration(text)).toThrow(
			`Invalid duration "${text}": use a number followed by s, m, h, d or w, or 'all'`,
		);
	});

	it('rejects spans no date can reach back to', () => {
		expect(() => parseDuration('99999999999d')).toThrow(/too long, use 'all'/);
	});
});

describe('formatRelative', () => {
	const now = new Date('2025-06-15T12:00:00.000Z');
	const ago = (ms: number): string => formatRelative(new Date(now.getTime() - ms), now);
	const ahead = (ms: number): string => formatRelative(new Date(now.getTime() + ms), now);

	it('has a short form for narrow columns: 15s, 3h, 2d', () => {
		const short = (ms: number): string => formatRelative(new Date(now.getTime() - ms), now, 'short');
		expect(short(15 * second)).toBe('15s ago');
		expect(short(5 * minute)).toBe('5m ago');
		expect(short(3 * hour)).toBe('3h ago');
		expect(short(2 * day)).toBe('2d ago');
		expect(short(200 * day)).toBe('7mo ago');
		expect(short(3 * 365 * day)).toBe('3y ago');
		expect(short(0)).toBe('just now');
	});

	it('says "just now" for the last few seconds', () => {
		expect(ago(0)).toBe('just now');
		expect(ago(9 * second)).toBe('just now');
		expect(ahead(200)).toBe('just now');
	});

	it.each([
		[10 * second, '10 seconds ago'],
		[59 * second, '59 seconds ago'],
		[60 * second, '1 minute ago'],
		[5 * minute, '5 minutes ago'],
		[5 * minute + 29 * second, '5 minutes ago'],
		[5 * minute + 31 * second, '6 minutes ago'],
		[59 * minute + 40 * second, '1 hour ago'],
		[3 * hour, '3 hours ago'],
		[23 * hour + 40 * minute, '1 day ago'],
		[2 * day, '2 days ago'],
		[29 * day, '29 days ago'],
		[45 * day, '1 month ago'],
		[200 * day, '7 months ago'],
		[400 * day, '1 year ago'],
		[3 * 365 * day, '3 years ago'],
	])('%d ms in the past reads %j', (ms, text) => {
		expect(ago(ms)).toBe(text);
	});

	it.each([
		[5 * second, 'in 5 seconds'],
		[119.9 * second, 'in 2 minutes'],
		[2 * minute, 'in 2 minutes'],
		[1 * hour, 'in 1 hour'],
		[3 * day, 'in 3 days'],
	])('%d ms in the future reads %j', (ms, text) => {
		expect(ahead(ms)).toBe(text);
	});

	it('does not pretend to know an invalid date', () => {
		expect(formatRelative(new Date('nope'), now)).toBe('unknown');
	});
});
