// The masking rules, one value at a time, and properties that hold for any
// input: nothing longer than a first grapheme survives, and masked text
// passed through sanitize never carries a control character.
import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {firstGrapheme, maskEmail, maskFreeText, maskGlyph, maskIp, maskName, maskPhone, maskUrl, maskUserAgent} from '../../../source/ui/mask/mask-text.js';
import {shownFor} from '../../../source/ui/mask/shown.js';
import {sanitize} from '../../../source/terminal/sanitize.js';
import {displayWidth} from '../../../source/terminal/text-width.js';
import {unsafeCharacters} from '../../../source/terminal/unsafe-characters.js';

describe('emails', () => {
	test.each([
		['alice@example.com', 'a•••@e•••.com'],
		['jane.doe@mail.corp.example.com', 'j•••@m•••.com'],
		['jane.doe@mail.example.co.uk', 'j•••@m•••.co.uk'],
		['bob@example.co.uk', 'b•••@e•••.co.uk'],
		['a@b.io', 'a•••@b•••.io'],
		['x@localhost', 'x•••@l•••'],
		['@example.com', '•••@e•••.com'],
		['ünal@bücher.de', 'ü•••@b•••.de'],
		['user@xn--bcher-kva.example', 'u•••@x•••.example'],
		['王小明@例子.中国', '王•••@例•••.中国'],
		['👩‍💻dev@example.org', '👩‍💻•••@e•••.org'],
		['not an email', 'n•••'],
	])('%s → %s', (email, masked) => {
		expect(maskEmail(email)).toBe(masked);
	});

	test('a short local part is not told from a long one: the length is never shown', () => {
		expect(maskEmail('a@example.com')).toBe(maskEmail('alexandra@example.com'));
	});

	test('property: the masked local part never holds the original one (2+ graphemes), nor the domain\'s first label', () => {
		const label = fc.stringMatching(/^[a-z][a-z0-9-]{1,14}$/);
		fc.assert(fc.property(fc.stringMatching(/^[a-z0-9._+-]{2,20}$/), label, fc.constantFrom('com', 'org', 'de', 'io'), (local, name, tld) => {
			const masked = maskEmail(`${local}@${name}.${tld}`);
			const [maskedLocal = '', maskedDomain = ''] = masked.split('@');
			expect(maskedLocal).not.toContain(local);
			expect(maskedDomain.split('.')[0]).not.toContain(name);
			expect(masked.endsWith(`.${tld}`)).toBe(true);
		}));
	});
});

describe('names', () => {
	test.each([
		['Jane Doe', 'J•••'],
		['  Jane', 'J•••'],
		['Émile', 'É•••'],
		// A combining accent stays with its letter: the grapheme is kept whole.
		['E\u0301mile', 'E\u0301•••'],
		['山田太郎', '山•••'],
		['🏳️‍🌈 Pride', '🏳️‍🌈•••'],
		['', ''],
	])('%s → %s', (name, masked) => {
		expect(maskName(name)).toBe(masked);
	});

	test('property: only the first grapheme is kept, and the width is that grapheme\'s plus three cells', () => {
		fc.assert(fc.property(fc.string({unit: 'grapheme', minLength: 1, maxLength: 20}), name => {
			fc.pre(name.trim() !== '');
			const masked = maskName(name);
			expect(masked).toBe(firstGrapheme(name.trim()) + maskGlyph);
			expect(displayWidth(masked)).toBe(displayWidth(firstGrapheme(name.trim())) + 3);
		}));
	});
});

describe('phones, IPs, user agents, URLs', () => {
	test.each([
		['+49 151 2345 6767', '+•••67'],
		['(555) 010-9999', '•••99'],
		['+1 234', '+•••'],
		['12345', '•••'],
	])('phone %s → %s', (phone, masked) => {
		expect(maskPhone(phone)).toBe(masked);
	});

	test.each([
		['81.2.69.160', '81.•••'],
		['2001:db8:85a3::8a2e:370:7334', '2001:•••'],
		['::1', '::•••'],
		['somewhere', '•••'],
	])('IP %s → %s', (ip, masked) => {
		expect(maskIp(ip)).toBe(masked);
	});

	test('a user agent keeps its first product name only', () => {
		expect(maskUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148')).toBe('Mozilla/•••');
		expect(maskUserAgent('okhttp/4.12.0')).toBe('okhttp/•••');
	});

	test('a URL keeps its scheme and host', () => {
		expect(maskUrl('https://s.gravatar.com/avatar/0a1b2c?s=480&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fjd.png')).toBe('https://s.gravatar.com/•••');
	});
});

describe('free text', () => {
	test('emails, IPs and the named values are masked wherever they are, whatever their case', () => {
		const text = 'Successful login for jane.doe@example.com from 81.2.69.160 and 2001:db8::1 (Jane Doe, JANE)';
		expect(maskFreeText(text, ['Jane Doe', 'Jane'])).toBe('Successful login for j•••@e•••.com from 81.••• and 2001:••• (J•••, J•••)');
	});

	test('times and versions of fewer than four parts are not taken for IPs', () => {
		expect(maskFreeText('at 12:30:45, version 1.2.3')).toBe('at 12:30:45, version 1.2.3');
	});

	test('a one-grapheme value is left alone (masking every "J" would garble the text)', () => {
		expect(maskFreeText('Just a message', ['J'])).toBe('Just a message');
	});
});

describe('with sanitize', () => {
	const unsafe = unsafeCharacters('unsafe', 'u');
	test('property: what the masked view shows never carries a control, BiDi or invisible character', () => {
		const shown = shownFor(true);
		const hostile = fc.string({unit: fc.oneof(fc.constantFrom('\u001B', '\u009B', '\u202E', '\u200D', '\n', '\r', '@', '.', '\u0301', '👩‍💻', '山'), fc.string({unit: 'binary', minLength: 1, maxLength: 1})), maxLength: 30});
		fc.assert(fc.property(hostile, text => {
			for (const output of [shown.email(text), shown.name(text), shown.phone(text), shown.ip(text), shown.userAgent(text), shown.url(text), shown.freeText(text, [text])]) {
				expect(unsafe.test(output)).toBe(false);
			}
		}));
	});

	test('a first grapheme that is an escape shows as the escape, never acts', () => {
		expect(shownFor(true).name('\u001B]52;c;bad\u0007Eve')).toBe(`${sanitize('\u001B')}•••`);
	});
});
