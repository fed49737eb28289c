// Email address rules (FACTS.md §1). Deliberately stricter than RFC 5322: no
// quoted local parts, comments or IP-literal domains, because Auth0's database
// connections reject them too and they only ever show up in typos.

const maxLocalLength = 64;
const maxEmailLength = 254;

// RFC 5322 `atext`: the characters a dot-atom may hold between dots.
const atom = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const domainLabel = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
// A TLD is letters; internationalized TLDs travel as punycode A-labels (`xn--p1ai`).
const topLevelDomain = /^(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]*[A-Za-z0-9])$/;
// Whitespace (including Unicode spaces) and C0/C1 control characters.
const forbidden = /[\s\p{Cc}]/u;

/** Returns an error message, or undefined when the address is acceptable. */
export function validateEmail(email: string): string | undefined {
	const value = email.trim();
	if (value === '') {
		return 'Email is required';
	}

	if (forbidden.test(value)) {
		return 'Email must not contain spaces or control characters';
	}

	const at = value.indexOf('@');
	if (at === -1 || at !== value.lastIndexOf('@')) {
		return 'Email is not valid';
	}

	if (value.length > maxEmailLength) {
		return `Email must be at most ${maxEmailLength} characters`;
	}

	const local = value.slice(0, at);
	const domain = value.slice(at + 1);
	if (local.length > maxLocalLength) {
		return `Email local part must be at most ${maxLocalLength} characters`;
	}

	if (!isDotAtom(local) || !isHostName(domain)) {
		return 'Email is not valid';
	}

	return undefined;
}

/** Database connections store emails trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

function isDotAtom(local: string): boolean {
	// Splitting on dots turns leading, trailing and doubled dots into empty atoms.
	return local.split('.').every(part => atom.test(part));
}

function isHostName(domain: string): boolean {
	const labels = domain.split('.');
	if (labels.length < 2) {
		return false;
	}

	const tld = labels.at(-1) ?? '';
	return labels.every(label => label.length <= 63 && domainLabel.test(label)) && topLevelDomain.test(tld);
}
