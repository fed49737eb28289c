// Auth0's log event type codes (FACTS.md §4) with the names the Dashboard's
// History tab shows, plus the codes userdeck adds for impersonation tickets.

export type Outcome = 'success' | 'warning' | 'failure';

type LogCodeInfo = {readonly name: string; readonly outcome: Outcome};

const table = {
	// Logins
	s: {name: 'Success Login', outcome: 'success'},
	f: {name: 'Failed Login', outcome: 'failure'},
	fp: {name: 'Failed Login (Incorrect Password)', outcome: 'failure'},
	fu: {name: 'Failed Login (Invalid Email/Username)', outcome: 'failure'},
	fc: {name: 'Failed by Connector', outcome: 'failure'},
	fco: {name: 'Failed by CORS', outcome: 'failure'},
	fcoa: {name: 'Failed Cross-Origin Authentication', outcome: 'failure'},
	scoa: {name: 'Success Cross-Origin Authentication', outcome: 'success'},
	fens: {name: 'Failed Native Social Login', outcome: 'failure'},
	sens: {name: 'Success Native Social Login', outcome: 'success'},
	w: {name: 'Warning During Login', outcome: 'warning'},
	ssa: {name: 'Success Silent Authentication', outcome: 'success'},
	fsa: {name: 'Failed Silent Authentication', outcome: 'failure'},
	slo: {name: 'Success Logout', outcome: 'success'},
	flo: {name: 'Failed Logout', outcome: 'failure'},
	// Signup and profile changes
	ss: {name: 'Success Signup', outcome: 'success'},
	fs: {name: 'Failed Signup', outcome: 'failure'},
	scp: {name: 'Success Change Password', outcome: 'success'},
	fcp: {name: 'Failed Change Password', outcome: 'failure'},
	scpr: {name: 'Success Change Password Request', outcome: 'success'},
	fcpr: {name: 'Failed Change Password Request', outcome: 'failure'},
	sce: {name: 'Success Change Email', outcome: 'success'},
	fce: {name: 'Failed Change Email', outcome: 'failure'},
	scu: {name: 'Success Change Username', outcome: 'success'},
	fcu: {name: 'Failed Change Username', outcome: 'failure'},
	scpn: {name: 'Success Change Phone Number', outcome: 'success'},
	fcpn: {name: 'Failed Change Phone Number', outcome: 'failure'},
	sv: {name: 'Success Verification Email', outcome: 'success'},
	fv: {name: 'Failed Verification Email', outcome: 'failure'},
	svr: {name: 'Success Verification Email Request', outcome: 'success'},
	fvr: {name: 'Failed Verification Email Request', outcome: 'failure'},
	pwd_leak: {name: 'Breached Password', outcome: 'warning'},
	// Administration
	sapi: {name: 'Success API Operation', outcome: 'success'},
	fapi: {name: 'Failed API Operation', outcome: 'failure'},
	sdu: {name: 'Success User Deletion', outcome: 'success'},
	fdu: {name: 'Failed User Deletion', outcome: 'failure'},
	du: {name: 'Deleted User', outcome: 'success'},
	sui: {name: 'Success Users Import', outcome: 'success'},
	fui: {name: 'Failed Users Import', outcome: 'failure'},
	// Blocks and limits
	limit_wc: {name: 'Blocked Account (Too Many Failed Logins)', outcome: 'failure'},
	limit_mu: {name: 'Blocked IP Address', outcome: 'failure'},
	limit_sul: {name: 'Blocked User (Too Many Logins)', outcome: 'failure'},
	ublkdu: {name: 'Account Block Released', outcome: 'success'},
	api_limit: {name: 'Rate Limit Reached', outcome: 'warning'},
	// Tokens and devices
	seacft: {name: 'Success Exchange (Authorization Code for Token)', outcome: 'success'},
	feacft: {name: 'Failed Exchange (Authorization Code for Token)', outcome: 'failure'},
	seccft: {name: 'Success Exchange (Client Credentials for Token)', outcome: 'success'},
	feccft: {name: 'Failed Exchange (Client Credentials for Token)', outcome: 'failure'},
	sepft: {name: 'Success Exchange (Password for Token)', outcome: 'success'},
	fepft: {name: 'Failed Exchange (Password for Token)', outcome: 'failure'},
	sertft: {name: 'Success Exchange (Refresh Token for Token)', outcome: 'success'},
	fertft: {name: 'Failed Exchange (Refresh Token for Token)', outcome: 'failure'},
	srrt: {name: 'Refresh Token Revoked', outcome: 'success'},
	// Multi-factor and passwordless
	mfar: {name: 'MFA Required', outcome: 'warning'},
	gd_auth_succeed: {name: 'MFA Authentication Success', outcome: 'success'},
	gd_auth_failed: {name: 'MFA Authentication Failed', outcome: 'failure'},
	gd_enrollment_complete: {name: 'MFA Enrollment Complete', outcome: 'success'},
	gd_unenroll: {name: 'MFA Device Unenrolled', outcome: 'success'},
	cls: {name: 'Code/Link Sent', outcome: 'success'},
	cs: {name: 'Code Sent', outcome: 'success'},
	fn: {name: 'Failed Sending Notification', outcome: 'failure'},
	depnote: {name: 'Deprecation Notice', outcome: 'warning'},
	// userdeck's own: "Sign in as User" tickets (FACTS.md §7), logged at issue and at use.
	simp: {name: 'Impersonation Link Issued', outcome: 'success'},
	fimp: {name: 'Failed Impersonation Link Issue', outcome: 'failure'},
	simpr: {name: 'Impersonation Link Redeemed', outcome: 'success'},
	fimpr: {name: 'Failed Impersonation Link Redeem', outcome: 'failure'},
} as const satisfies Record<string, LogCodeInfo>;

export type LogCode = keyof typeof table;

/** Every known code with its name and outcome, for filters and legends. */
export const logCodes: Readonly<Record<LogCode, LogCodeInfo>> = table;

export function isKnownLogCode(code: string): code is LogCode {
	return Object.hasOwn(table, code);
}

/** The readable event name; an unknown code is shown as itself. */
export function eventName(code: string): string {
	return isKnownLogCode(code) ? table[code].name : code;
}

/** Unknown codes follow Auth0's convention: `s…` success, `f…` failure, anything else a warning. */
export function outcomeOf(code: string): Outcome {
	if (isKnownLogCode(code)) {
		return table[code].outcome;
	}

	if (code.startsWith('s')) {
		return 'success';
	}

	return code.startsWith('f') ? 'failure' : 'warning';
}
