// Auth0's password policy for database connections (FACTS.md §2, §3), with the
// Dashboard's wording. Sync and pure: the caller looks the password up in the
// user's history (that needs the hashes) and passes the answer in.
import {Buffer} from 'node:buffer';
import {commonPasswords} from './common-passwords.js';
import type {ConnectionOptions, PasswordPolicyLevel, User} from './types.js';

export type PolicyRuleId =
	| 'length'
	| 'lower'
	| 'upper'
	| 'digit'
	| 'special'
	| 'kinds'
	| 'identical'
	| 'dictionary'
	| 'personal'
	| 'history'
	| 'max_bytes'
	| 'not_empty';

export type PolicyRule = {id: PolicyRuleId; message: string};

/** What the policy knows about the user whose password is checked. */
export type PasswordContext = {
	email?: string;
	name?: string;
	username?: string;
	nickname?: string;
	/** Whether the password matches one of the last `password_history.size` passwords. */
	inHistory?: boolean;
};

/** Longer passwords are rejected, never truncated: truncation would silently weaken them. */
export const MAX_PASSWORD_BYTES = 1024;

/** The Repeat Password rule, shared by the service (on submit) and the form (on leaving the field). */
export const passwordsDoNotMatch = 'Passwords do not match';

const levelMinimum: Record<PasswordPolicyLevel, number> = {
	none: 1,
	low: 6,
	fair: 8,
	good: 8,
	excellent: 10,
};

const maxIdentical = 2;
const shortestPersonalPart = 3;

const rules = {
	lower: {id: 'lower', message: 'Lower case letters (a-z)'},
	upper: {id: 'upper', message: 'Upper case letters (A-Z)'},
	digit: {id: 'digit', message: 'Numbers (i.e. 0-9)'},
	kinds: {
		id: 'kinds',
		message:
			'Contain at least 3 of the following 4 types of characters: lower case letters (a-z), upper case letters (A-Z), numbers (i.e. 0-9), special characters (e.g. !@#$%^&*)',
	},
	identical: {
		id: 'identical',
		message: `No more than ${maxIdentical} identical characters in a row (e.g., "${'a'.repeat(maxIdentical + 1)}" not allowed)`,
	},
	dictionary: {id: 'dictionary', message: 'Password is too common'},
	personal: {id: 'personal', message: "Password must not contain any part of the user's personal information"},
	history: {id: 'history', message: 'Password has previously been used'},
	maxBytes: {id: 'max_bytes', message: `Password is too long (at most ${MAX_PASSWORD_BYTES} bytes)`},
} as const satisfies Record<string, PolicyRule>;

const lower = /[a-z]/;
const upper = /[A-Z]/;
const digit = /[0-9]/;
// OWASP's password special characters, space included.
const special = /[ !"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

/** Auth0 keeps at most 24 earlier passwords per user. */
export const MAX_PASSWORD_HISTORY = 24;

/** How many earlier passwords password_history remembers besides the current one: 0 when it is off. */
export function passwordHistorySize(options: ConnectionOptions): number {
	const history = options.password_history;
	if (!history?.enable || typeof history.size !== 'number' || !Number.isFinite(history.size)) {
		return 0;
	}

	return Math.min(MAX_PASSWORD_HISTORY, Math.max(0, Math.floor(history.size)));
}

/** What the personal-information rule looks at in a user's profile. */
export function personalInfoOf(user: User): Omit<PasswordContext, 'inHistory'> {
	return {
		...(user.email === undefined ? {} : {email: user.email}),
		...(user.name === undefined ? {} : {name: user.name}),
		...(user.username === undefined ? {} : {username: user.username}),
		...(user.nickname === undefined ? {} : {nickname: user.nickname}),
	};
}

export function policyLevel(options: ConnectionOptions): PasswordPolicyLevel {
	const level = options.passwordPolicy;
	// A store edited by hand may hold anything; Auth0 falls back to `none` as well.
	return level !== undefined && Object.hasOwn(levelMinimum, level) ? level : 'none';
}

/** The minimum length in code points: `min_length` (1–128) overrides the level's. */
export function minimumLength(options: ConnectionOptions): number {
	const override = options.min_length;
	if (typeof override !== 'number' || !Number.isFinite(override)) {
		return levelMinimum[policyLevel(options)];
	}

	return Math.min(128, Math.max(1, Math.floor(override)));
}

/** What the policy asks, in display order, for hints next to a password field. */
export function passwordRules(options: ConnectionOptions): PolicyRule[] {
	const level = policyLevel(options);
	const result: PolicyRule[] = [lengthRule(minimumLength(options))];
	if (level === 'fair') {
		result.push(rules.lower, rules.upper, rules.digit);
	}

	if (level === 'good' || level === 'excellent') {
		result.push(rules.kinds);
	}

	if (level === 'excellent') {
		result.push(rules.identical);
	}

	if (options.password_dictionary?.enable) {
		result.push(rules.dictionary);
	}

	if (options.password_no_personal_info?.enable) {
		result.push(rules.personal);
	}

	if (options.password_history?.enable) {
		result.push(rules.history);
	}

	return result;
}

/** The unmet rules, in display order; an empty list means the password is accepted. */
export function checkPassword(
	password: string,
	options: ConnectionOptions,
	context: PasswordContext = {},
): PolicyRule[] {
	const level = policyLevel(options);
	const unmet: PolicyRule[] = [];
	const minimum = minimumLength(options);
	if (codePointLength(password) < minimum) {
		unmet.push(lengthRule(minimum));
	}

	if (level === 'fair') {
		if (!lower.test(password)) {
			unmet.push(rules.lower);
		}

		if (!upper.test(password)) {
			unmet.push(rules.upper);
		}

		if (!digit.test(password)) {
			unmet.push(rules.digit);
		}
	}

	if ((level === 'good' || level === 'excellent') && kindCount(password) < 3) {
		unmet.push(rules.kinds);
	}

	if (level === 'excellent' && longestRun(password) > maxIdentical) {
		unmet.push(rules.identical);
	}

	const dictionary = options.password_dictionary;
	if (dictionary?.enable && isInDictionary(password, dictionary.dictionary)) {
		unmet.push(rules.dictionary);
	}

	if (options.password_no_personal_info?.enable && containsPersonalInfo(password, context)) {
		unmet.push(rules.personal);
	}

	if (options.password_history?.enable && context.inHistory === true) {
		unmet.push(rules.history);
	}

	if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
		unmet.push(rules.maxBytes);
	}

	return unmet;
}

function lengthRule(minimum: number): PolicyRule {
	// Auth0's own checker treats a minimum of one as "not empty".
	return minimum === 1
		? {id: 'not_empty', message: 'At least 1 character in length'}
		: {id: 'length', message: `At least ${minimum} characters in length`};
}

function codePointLength(text: string): number {
	let count = 0;
	for (const _ of text) {
		count++;
	}

	return count;
}

function kindCount(password: string): number {
	return [lower, upper, digit, special].filter(kind => kind.test(password)).length;
}

function longestRun(password: string): number {
	let longest = 0;
	let run = 0;
	let previous: string | undefined;
	for (const char of password) {
		run = char === previous ? run + 1 : 1;
		previous = char;
		longest = Math.max(longest, run);
	}

	return longest;
}

function isInDictionary(password: string, custom: readonly string[] | undefined): boolean {
	const folded = password.toLowerCase();
	return commonPasswords().has(folded) || (custom ?? []).some(word => word.toLowerCase() === folded);
}

function containsPersonalInfo(password: string, context: PasswordContext): boolean {
	const folded = password.toLowerCase();
	return personalParts(context).some(part => folded.includes(part));
}

/**
 * The pieces of personal information a password must not contain: each value
 * whole and split into words, lower-cased. Pieces shorter than three characters
 * would reject far too many passwords ("Al" in every "Always…").
 */
export function personalParts(context: PasswordContext): string[] {
	const values = [context.name, context.username, context.nickname, localPart(context.email)];
	const parts = new Set<string>();
	for (const value of values) {
		if (value === undefined) {
			continue;
		}

		const folded = value.trim().toLowerCase();
		for (const part of [folded, ...folded.split(/[^\p{L}\p{N}]+/u)]) {
			if (codePointLength(part) >= shortestPersonalPart) {
				parts.add(part);
			}
		}
	}

	return [...parts];
}

function localPart(email: string | undefined): string | undefined {
	if (email === undefined) {
		return undefined;
	}

	const at = email.lastIndexOf('@');
	return at === -1 ? email : email.slice(0, at);
}
