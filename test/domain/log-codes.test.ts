import {describe, expect, it} from 'vitest';
import {eventName, isKnownLogCode, logCodes, outcomeOf} from '../../source/domain/log-codes.js';

describe('eventName', () => {
	it.each([
		['s', 'Success Login'],
		['f', 'Failed Login'],
		['fp', 'Failed Login (Incorrect Password)'],
		['fu', 'Failed Login (Invalid Email/Username)'],
		['w', 'Warning During Login'],
		['ss', 'Success Signup'],
		['fs', 'Failed Signup'],
		['sapi', 'Success API Operation'],
		['fapi', 'Failed API Operation'],
		['slo', 'Success Logout'],
		['scp', 'Success Change Password'],
		['fcp', 'Failed Change Password'],
		['sv', 'Success Verification Email'],
		['fv', 'Failed Verification Email'],
		['sdu', 'Success User Deletion'],
		['fdu', 'Failed User Deletion'],
		['limit_wc', 'Blocked Account (Too Many Failed Logins)'],
		['seacft', 'Success Exchange (Authorization Code for Token)'],
		['srrt', 'Refresh Token Revoked'],
		['simp', 'Impersonation Link Issued'],
		['fimp', 'Failed Impersonation Link Issue'],
		['simpr', 'Impersonation Link Redeemed'],
		['fimpr', 'Failed Impersonation Link Redeem'],
	])('%s is %j', (code, name) => {
		expect(eventName(code)).toBe(name);
	});

	it('shows an unknown code as itself', () => {
		expect(eventName('zz_custom')).toBe('zz_custom');
		expect(eventName('toString')).toBe('toString');
		expect(eventName('')).toBe('');
	});
});

describe('outcomeOf', () => {
	it.each([
		['s', 'success'],
		['sapi', 'success'],
		['srrt', 'success'],
		['simpr', 'success'],
		['w', 'warning'],
		['f', 'failure'],
		['fp', 'failure'],
		['fimp', 'failure'],
		['limit_wc', 'failure'],
		['pwd_leak', 'warning'],
	] as const)('%s is a %s', (code, outcome) => {
		expect(outcomeOf(code)).toBe(outcome);
	});

	it('falls back to the first letter for unknown codes', () => {
		expect(outcomeOf('sxyz')).toBe('success');
		expect(outcomeOf('fxyz')).toBe('failure');
		expect(outcomeOf('wxyz')).toBe('warning');
		expect(outcomeOf('xyz')).toBe('warning');
	});

	it('agrees with the s/w/f convention for every listed code that follows it', () => {
		for (const [code, info] of Object.entries(logCodes)) {
			if (code.startsWith('s')) {
				expect(info.outcome, code).toBe('success');
			}

			if (/^f[a-z]*$/.test(code)) {
				expect(info.outcome, code).toBe('failure');
			}
		}
	});
});

it('knows the codes the Users area needs', () => {
	for (const code of ['s', 'f', 'fp', 'fu', 'w', 'ss', 'fs', 'sapi', 'fapi', 'slo', 'scp', 'fcp', 'sv', 'fv', 'sdu', 'fdu', 'limit_wc', 'seacft', 'srrt']) {
		expect(isKnownLogCode(code), code).toBe(true);
	}

	expect(isKnownLogCode('constructor')).toBe(false);
});
