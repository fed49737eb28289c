import {sanitize} from './sanitize.js';

// `open` hands its target to the desktop's handler (xdg-open, open, Start),
// which opens files, runs custom-scheme handlers (vscode:, ms-settings:) and
// reads a leading `-` as an option. URLs shown by userdeck are built from
// stored data, so only a plain web address may ever reach it.

export type BrowserUrlCheck =
	| {readonly ok: true; readonly url: string}
	| {readonly ok: false; readonly reason: string};

export const maxBrowserUrlLength = 2048;

// Printable ASCII only: this one rule refuses control characters, whitespace,
// BiDi overrides, zero-width characters and look-alike (homograph) hosts.
// An international address can still be opened in its punycode form.
const printableAscii = /^[\x21-\x7E]+$/;

// The scheme and the `//` must be spelled out, so `http:evil.com`, `HTTP:/x`
// and `http:\\evil.com` (which the URL parser quietly repairs) are refused.
const explicitWebScheme = /^https?:\/\//i;

function refuse(reason: string): BrowserUrlCheck {
	return {ok: false, reason};
}

/** A short excerpt of the refused input, for messages (sanitized, though only printable ASCII gets this far). */
function quote(text: string): string {
	const excerpt = text.length > 40 ? `${text.slice(0, 40)}…` : text;
	return `"${sanitize(excerpt)}"`;
}

/**
 * Decides whether `url` may be given to the browser opener. Accepts only an
 * absolute http or https URL with a host, no credentials, written in the
 * canonical form the URL parser prints (up to the case of the scheme and host
 * and a missing `/` path), so every program that reads it sees the same
 * address. Returns the URL as the parser serialises it.
 */
export function checkBrowserUrl(url: string): BrowserUrlCheck {
	if (typeof url !== 'string' || url.length === 0) {
		return refuse('the URL is empty');
	}

	if (url.length > maxBrowserUrlLength) {
		return refuse(`the URL is longer than ${maxBrowserUrlLength} characters`);
	}

	if (url.startsWith('-')) {
		return refuse('the URL starts with "-" and would be read as an option');
	}

	if (!printableAscii.test(url)) {
		return refuse('the URL contains control characters, whitespace or non-ASCII characters');
	}

	if (!explicitWebScheme.test(url)) {
		const scheme = /^[a-z][a-z\d+.-]*:/i.exec(url)?.[0].toLowerCase();
		if (scheme === undefined) {
			return refuse(`${quote(url)} is not an absolute http or https URL`);
		}

		return refuse(scheme === 'http:' || scheme === 'https:'
			? 'the URL must start with "http://" or "https://"'
			: `only http and https URLs are opened, not ${quote(scheme)}`);
	}

	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return refuse(`${quote(url)} is not a valid URL`);
	}

	// Unreachable while the scheme test above holds; kept so that loosening it cannot let file: through.
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		return refuse(`only http and https URLs are opened, not ${quote(parsed.protocol)}`);
	}

	if (parsed.hostname === '') {
		return refuse('the URL has no host');
	}

	if (parsed.username !== '' || parsed.password !== '') {
		return refuse('the URL contains credentials (user:password@)');
	}

	if (!isCanonical(url, parsed)) {
		return refuse(`the URL is not in canonical form (it would be read as ${quote(parsed.href)})`);
	}

	return {ok: true, url: parsed.href};
}

// Round-trips the input through the parser: any repair it makes (backslashes,
// dot segments, percent-encoding, default ports, empty userinfo) means another
// program could read the text differently, so the input must already be what
// the parser prints, give or take the case of the origin and an empty path.
function isCanonical(input: string, parsed: URL): boolean {
	const origin = `${parsed.protocol}//${parsed.host}`;
	if (input.slice(0, origin.length).toLowerCase() !== origin) {
		return false;
	}

	const rest = input.slice(origin.length);
	const expected = parsed.href.slice(origin.length);
	return rest === expected || (parsed.pathname === '/' && `/${rest}` === expected);
}
