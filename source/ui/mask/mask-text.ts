// Masking of personal data for the screen (`M`, `--mask`, USERDECK_MASK=1):
// pure functions from one value to what may be shown of it while screens are
// shared, recorded or demoed. Nothing here knows Auth0's fields (mask-json.ts
// does) nor the store: masking is a presentation concern, applied where text
// is drawn. The rules, written down once (docs/masking.md repeats them):
//
// - What is kept is at most a first grapheme (a whole emoji, a letter with its
//   accents, one CJK character), never a count: "a" and "alexandra" both give
//   "a•••", so the length of what was hidden is not shown either.
// - Email: the local part's first grapheme, the first label of the domain's
//   first grapheme, and the public suffix: the top-level label, or two labels
//   for the common country-code pattern "co.uk", "com.au" (a 2-letter TLD after
//   a label of at most 3 characters). Subdomains go into the one masked label:
//   "jane.doe@mail.corp.example.co.uk" → "j•••@m•••.co.uk". Unicode (IDN)
//   domains are masked by grapheme like any text; a punycode label ("xn--…")
//   keeps its "x", which tells nothing. A domain without a dot keeps only its
//   first grapheme; text without an "@" is masked as a name.
// - Names (and other short personal text): the first grapheme, then "•••".
// - Phone numbers: a leading "+" and the last two digits ("+•••67"): enough to
//   tell two numbers apart when talking to their owner, too little to call.
//   A number of fewer than 6 digits keeps no digit.
// - IP addresses: the first IPv4 octet ("81.•••") or the first IPv6 group
//   ("2001:•••"), a network as big as a country's share of the address space.
// - User agents: the first product's name without its version ("Mozilla/•••");
//   the rest (versions, platform, device model) is what fingerprints.
// - Free text (log descriptions, messages): email- and IP-shaped words are
//   masked as above, and every personal value the caller names (the user's
//   name, nickname, …) wherever it appears.
// The output is not sanitized: callers pass it to `sanitize` (shown.ts does),
// which escapes whatever the kept grapheme holds.

export const maskGlyph = '•••';

const segmenter = new Intl.Segmenter();

/** The first grapheme of `text`: a letter with its combining marks, a whole emoji, one CJK character. */
export function firstGrapheme(text: string): string {
	for (const {segment} of segmenter.segment(text)) {
		return segment;
	}

	return '';
}

/** A name, nickname, username or any short personal text: "Jane Doe" → "J•••"; empty stays empty. */
export function maskName(name: string): string {
	const trimmed = name.trim();
	return trimmed === '' ? '' : firstGrapheme(trimmed) + maskGlyph;
}

/** "jane.doe@example.com" → "j•••@e•••.com" (see the rules above). */
export function maskEmail(email: string): string {
	const trimmed = email.trim();
	const at = trimmed.lastIndexOf('@');
	if (at < 0) {
		return maskName(trimmed);
	}

	const local = trimmed.slice(0, at);
	const domain = trimmed.slice(at + 1);
	return `${local === '' ? maskGlyph : firstGrapheme(local) + maskGlyph}@${maskDomain(domain)}`;
}

function maskDomain(domain: string): string {
	const labels = domain.split('.');
	// A trailing dot (a fully qualified name) says nothing either way.
	if (labels.at(-1) === '') {
		labels.pop();
	}

	if (labels.length < 2) {
		return domain === '' ? maskGlyph : firstGrapheme(domain) + maskGlyph;
	}

	const suffixLength = labels.length >= 3 && isCountryCode(labels.at(-1)!) && [...labels.at(-2)!].length <= 3 ? 2 : 1;
	const suffix = labels.slice(-suffixLength).join('.');
	const first = labels[0] ?? '';
	return `${first === '' ? '' : firstGrapheme(first)}${maskGlyph}.${suffix}`;
}

function isCountryCode(label: string): boolean {
	return /^[a-z]{2}$/i.test(label);
}

/** "+49 151 2345 6767" → "+•••67"; too few digits to keep any → "•••". */
export function maskPhone(phone: string): string {
	const digits = phone.replaceAll(/\D/g, '');
	if (digits.length === 0) {
		return maskName(phone);
	}

	const plus = phone.trim().startsWith('+') ? '+' : '';
	return digits.length < 6 ? `${plus}${maskGlyph}` : `${plus}${maskGlyph}${digits.slice(-2)}`;
}

const ipv4 = /^(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** "81.2.69.160" → "81.•••", "2001:db8::1" → "2001:•••"; anything else → "•••". */
export function maskIp(ip: string): string {
	const trimmed = ip.trim();
	const v4 = ipv4.exec(trimmed);
	if (v4) {
		return `${v4[1]!}.${maskGlyph}`;
	}

	if (trimmed.includes(':') && /^[\da-f:.]+$/i.test(trimmed)) {
		const first = trimmed.split(':')[0];
		return first ? `${first}:${maskGlyph}` : `::${maskGlyph}`;
	}

	return maskGlyph;
}

/** "Mozilla/5.0 (Macintosh; …) Chrome/131 …" → "Mozilla/•••". */
export function maskUserAgent(userAgent: string): string {
	const product = /^[\w.-]+/.exec(userAgent.trim())?.[0];
	return product ? `${product}/${maskGlyph}` : maskName(userAgent);
}

/** A URL (a picture, a website): its scheme and host stay, the path and query (names, hashes of emails) go. */
export function maskUrl(url: string): string {
	const match = /^([a-z][a-z\d+.-]*:\/\/[^/?#@\s]+)/i.exec(url.trim());
	return match ? `${match[1]!}/${maskGlyph}` : maskName(url);
}

// An email as it appears inside text: the local part's usual characters, an
// "@", then dot-separated labels of letters (any script), digits and hyphens.
const emailInText = /[\p{L}\p{M}\p{N}._%+'-]+@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)+/gu;
// IPv4 in text. IPv6 needs five groups or a "::", so a time ("12:30:45") is not one.
const ipv4InText = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const ipv6InText = /(?<![\w:])(?:(?:[\da-f]{1,4}:){4,7}[\da-f]{1,4}|(?:[\da-f]{1,4}(?::[\da-f]{1,4})*)?::(?:[\da-f]{1,4}(?::[\da-f]{1,4})*)?)(?![\w:])/gi;

/**
 * Text that may quote personal data (a log description, a status message):
 * email- and IP-shaped words are masked, then every value in `personal` (the
 * user's name, nickname, …) wherever it appears, whatever its case. Values of
 * one grapheme are left alone: masking every "a" would garble the text and
 * reveals nothing.
 */
export function maskFreeText(text: string, personal: readonly string[] = []): string {
	// Emails first: a name masked inside one would leave its domain unmatched.
	let result = text
		.replaceAll(emailInText, email => maskEmail(email))
		.replaceAll(ipv4InText, ip => maskIp(ip))
		.replaceAll(ipv6InText, ip => maskIp(ip));
	// The longest first, so "Jane Doe" is masked whole before "Jane".
	const values = [...new Set(personal.map(value => value.trim()))]
		.filter(value => [...value].length > 1)
		.sort((a, b) => b.length - a.length);
	for (const value of values) {
		result = replaceAllCaseless(result, value, maskName(value));
	}

	return result;
}

function replaceAllCaseless(text: string, value: string, replacement: string): string {
	const lowerText = text.toLowerCase();
	const lowerValue = value.toLowerCase();
	// Lower-casing can change a string's length (İ → i̇); then only exact matches are replaced.
	if (lowerText.length !== text.length || lowerValue.length !== value.length) {
		return text.replaceAll(value, replacement);
	}

	let result = '';
	let from = 0;
	for (let at = lowerText.indexOf(lowerValue); at >= 0; at = lowerText.indexOf(lowerValue, from)) {
		result += text.slice(from, at) + replacement;
		from = at + value.length;
	}

	return result + text.slice(from);
}
