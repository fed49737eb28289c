// What the screen shows of a stored value: the value made safe (sanitize), and
// while masking is on, masked first. Views call one of these for every piece of
// personal data they draw; which one they get follows the one piece of UI state
// (deck.masking, read with useShown), so no view decides for itself.
import {sanitize} from '../../terminal/sanitize.js';
import {maskJson} from './mask-json.js';
import {maskEmail, maskFreeText, maskIp, maskName, maskPhone, maskUrl, maskUserAgent} from './mask-text.js';

type JsonLike = Parameters<typeof maskJson>[0];

export type Shown = {
	readonly masked: boolean;
	/** Each of these takes stored (raw) text and returns it sanitized, masked when on. */
	email(text: string): string;
	name(text: string): string;
	phone(text: string): string;
	ip(text: string): string;
	userAgent(text: string): string;
	url(text: string): string;
	/** Text that may quote personal data: emails, IPs and the given values are masked in it. */
	freeText(text: string, personal?: readonly string[]): string;
	/** A JSON value to draw with jsonLines (which escapes it): masked field by field when on. */
	json<T>(value: T, personal?: readonly string[], opaqueKeys?: ReadonlySet<string>): T | JsonLike;
};

const plain: Shown = {
	masked: false,
	email: sanitize,
	name: sanitize,
	phone: sanitize,
	ip: sanitize,
	userAgent: sanitize,
	url: sanitize,
	freeText: text => sanitize(text),
	json: value => value,
};

// Masking comes first and sanitize last, so whatever a kept grapheme holds (an
// ESC, a BiDi override) is escaped like any stored text.
const masked: Shown = {
	masked: true,
	email: text => sanitize(maskEmail(text)),
	name: text => sanitize(maskName(text)),
	phone: text => sanitize(maskPhone(text)),
	ip: text => sanitize(maskIp(text)),
	userAgent: text => sanitize(maskUserAgent(text)),
	url: text => sanitize(maskUrl(text)),
	freeText: (text, personal = []) => sanitize(maskFreeText(text, personal)),
	json: (value, personal = [], opaqueKeys = new Set()) => maskJson(plainJson(value), personal, opaqueKeys),
};

/** A value as JSON would write it (toJSON honoured, undefined members gone), so masking meets only plain JSON. */
function plainJson(value: unknown): JsonLike {
	const text = JSON.stringify(value);
	return text === undefined ? null : JSON.parse(text) as JsonLike;
}

export function shownFor(isMasked: boolean): Shown {
	return isMasked ? masked : plain;
}
