import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {checkBrowserUrl, maxBrowserUrlLength} from '../../source/terminal/safe-url.js';
import {hostileBrowserTargets} from './hostile-urls.js';
import {findUnsafeCharacters} from './unsafe-characters.js';

describe('checkBrowserUrl', () => {
	test.each(hostileBrowserTargets)('refuses %s', (_why, target) => {
		const result = checkBrowserUrl(target);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.reason.length).toBeGreaterThan(0);
			expect(findUnsafeCharacters(result.reason)).toEqual([]);
		}
	});

	test('at least 20 hostile targets are checked', () => {
		expect(hostileBrowserTargets.length).toBeGreaterThanOrEqual(20);
	});

	test.each([
		['https://example.com/', 'https://example.com/'],
		['https://example.com', 'https://example.com/'],
		['https://example.com?x=1', 'https://example.com/?x=1'],
		['http://localhost:3000/callback', 'http://localhost:3000/callback'],
		['https://login.example.com/impersonate?ticket=AbC_123-xyz&client_id=k3y#done', 'https://login.example.com/impersonate?ticket=AbC_123-xyz&client_id=k3y#done'],
		['HTTPS://Example.COM/Path', 'https://example.com/Path'],
		['http://127.0.0.1:8080/a%20b', 'http://127.0.0.1:8080/a%20b'],
		['http://[::1]:3000/', 'http://[::1]:3000/'],
		['https://xn--mnchen-3ya.de/', 'https://xn--mnchen-3ya.de/'],
	])('accepts %s as %s', (input, expected) => {
		expect(checkBrowserUrl(input)).toEqual({ok: true, url: expected});
	});

	test.each([
		['file:///etc/passwd', 'only http and https URLs are opened, not "file:"'],
		['JavaScript:alert(1)', 'only http and https URLs are opened, not "javascript:"'],
		['/bin/sh', '"/bin/sh" is not an absolute http or https URL'],
		['http:evil.com', 'the URL must start with "http://" or "https://"'],
		['HTTP:/x', 'the URL must start with "http://" or "https://"'],
		['-a Calculator', 'the URL starts with "-" and would be read as an option'],
		['http://user:pass@example.com/', 'the URL contains credentials (user:password@)'],
		['https://admin@example.com/', 'the URL contains credentials (user:password@)'],
		['https://example.com/\u001B]52;c;SGVsbG8=\u0007', 'the URL contains control characters, whitespace or non-ASCII characters'],
		['https://exa mple.com', 'the URL contains control characters, whitespace or non-ASCII characters'],
		['https://example.com/\u202Emoc.live', 'the URL contains control characters, whitespace or non-ASCII characters'],
		['https://example.com/a/../b', 'the URL is not in canonical form (it would be read as "https://example.com/b")'],
		['http:\\\\evil.com\\', 'the URL must start with "http://" or "https://"'],
		['https:/\\evil.com', 'the URL must start with "http://" or "https://"'],
		['https://example.com:443/', 'the URL is not in canonical form (it would be read as "https://example.com/")'],
		['http://', '"http://" is not a valid URL'],
		[`https://example.com/${'a'.repeat(maxBrowserUrlLength)}`, 'the URL is longer than 2048 characters'],
		['\u001B]0;title\u0007', 'the URL contains control characters, whitespace or non-ASCII characters'],
		['vscode://file/\u001B[2J', 'the URL contains control characters, whitespace or non-ASCII characters'],
	])('says why %j is refused', (target, reason) => {
		expect(checkBrowserUrl(target)).toEqual({ok: false, reason});
	});

	test('property: whatever is accepted is a plain http(s) URL the parser prints the same way', () => {
		const candidate = fc.oneof(
			fc.webUrl({withQueryParameters: true, withFragments: true}),
			fc.string({unit: 'binary', maxLength: 80}),
			fc.tuple(fc.constantFrom('http://', 'https://', 'http:', 'file://', '-', '//'), fc.string({unit: 'binary', maxLength: 40})).map(([prefix, rest]) => prefix + rest),
		);
		let accepted = 0;
		fc.assert(fc.property(candidate, input => {
			const result = checkBrowserUrl(input);
			if (!result.ok) {
				return;
			}

			accepted++;

			const parsed = new URL(result.url);
			expect(['http:', 'https:']).toContain(parsed.protocol);
			expect(parsed.hostname).not.toBe('');
			expect(parsed.username + parsed.password).toBe('');
			expect(result.url).toBe(parsed.href);
			expect(result.url).toMatch(/^https?:\/\/[\x21-\x7E]+$/);
			expect(result.url.length).toBeLessThanOrEqual(maxBrowserUrlLength + 1);
		}), {numRuns: 3000});
		// The property means something only if plenty of URLs got through.
		expect(accepted).toBeGreaterThan(300);
	});
});
