// The password policy as a live checklist under a password field: each rule of
// the connection's policy, marked met or unmet as the admin types. Unmet rules
// read exactly as Auth0's Dashboard words them (FACTS.md §3).
import {normalizeEmail} from '../../domain/email.js';
import {checkPassword, type PasswordContext, passwordRules, type PolicyRuleId} from '../../domain/password-policy.js';
import type {ConnectionOptions} from '../../domain/types.js';

/** `pending` until something is typed: an empty field has met nothing and failed nothing yet. */
export type HintState = 'pending' | 'met' | 'unmet';

export type PasswordHint = {
	readonly id: PolicyRuleId;
	readonly state: HintState;
	/** The exact rule message; for rules worded as a failure, a positive wording while met. */
	readonly text: string;
	/** A shorter wording of the same rule, for when `text` does not fit its lines. */
	readonly short?: string;
};

// These rules are worded as failures ("Password is too common"): a green tick
// next to that would read as the opposite of what it means.
const metWording: Partial<Record<PolicyRuleId, string>> = {
	dictionary: 'Not one of the most common passwords',
	personal: "Does not contain the user's personal information",
};

const shortWording: Partial<Record<PolicyRuleId, string>> = {
	kinds: 'At least 3 of 4 kinds: lower case (a-z), upper case (A-Z), numbers (0-9), special (e.g. !@#$%^&*)',
};

/**
 * The history rule on a Change Password form: it needs a hash per earlier
 * password, so it is checked when the form is saved, not as the admin types.
 * `remembered` is how many passwords it covers (the current one and those
 * before it); `reused` is what the last save found.
 */
export type HistoryHint = {
	readonly remembered: number;
	readonly reused: boolean;
	/** Who checks it on save: userdeck (the local store keeps the hashes) or Auth0 (a tenant keeps them; userdeck never sees them). */
	readonly checkedBy?: 'userdeck' | 'auth0';
};

/** The wording of the history rule while it waits for a save. */
export function historyPending(remembered: number, checkedBy: HistoryHint['checkedBy'] = 'userdeck'): string {
	if (checkedBy === 'auth0') {
		// Auth0 documents `size` as the "number of previous passwords to remember", not whether the current one is among them.
		return remembered === 1
			? 'Not the last password (checked by Auth0 on save)'
			: `Not one of the last ${remembered} passwords Auth0 remembers (checked by Auth0 on save)`;
	}

	return remembered === 1
		? 'Not the current password (checked on save)'
		: `Not the current password or one of the ${remembered - 1} before it (checked on save)`;
}

/**
 * The checklist for `password` under `options`, for a user with `person`'s
 * personal information (an email as typed on Create User). The history rule is
 * left out without `history`: a user being created has no previous passwords,
 * so it can never fail there.
 */
export function passwordHints(options: ConnectionOptions, password: string, person: string | Omit<PasswordContext, 'inHistory'>, history?: HistoryHint): PasswordHint[] {
	const context = typeof person === 'string' ? {email: normalizeEmail(person)} : person;
	const unmet = checkPassword(password, options, {...context, inHistory: history?.reused ?? false});
	const unmetIds = new Set(unmet.map(rule => rule.id));
	const hints: PasswordHint[] = [];
	for (const rule of passwordRules(options)) {
		if (rule.id === 'history') {
			if (history && history.remembered > 0) {
				hints.push(history.reused
					? {id: rule.id, state: 'unmet', text: rule.message}
					: {id: rule.id, state: 'pending', text: historyPending(history.remembered, history.checkedBy)});
			}

			continue;
		}

		const state: HintState = password === '' ? 'pending' : (unmetIds.has(rule.id) ? 'unmet' : 'met');
		const short = shortWording[rule.id];
		hints.push({
			id: rule.id,
			state,
			text: state === 'unmet' ? rule.message : (metWording[rule.id] ?? rule.message),
			...(short ? {short} : {}),
		});
	}

	// Limits that are not part of the policy's list (the byte cap) show up only when broken.
	for (const rule of unmet) {
		if (!hints.some(hint => hint.id === rule.id)) {
			hints.push({id: rule.id, state: 'unmet', text: rule.message});
		}
	}

	return hints;
}
