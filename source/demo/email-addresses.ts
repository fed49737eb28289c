// Email addresses and handles derived from people's names, the way people pick
// them: "sofia.garcia", "sgarcia", "sofiagarcia87".
import type {Random} from './random.js';

// Letters that Unicode does not decompose into a base letter and a mark.
const foldings: Record<string, string> = {
	ß: 'ss',
	ø: 'o',
	æ: 'ae',
	œ: 'oe',
	ð: 'd',
	þ: 'th',
	ł: 'l',
	đ: 'd',
	ı: 'i',
};

// Names come from small tables, so folding each once saves a normalize per user.
const folded = new Map<string, string>();

/** Lower-case ASCII letters and digits only: "Müller" → "muller", "O'Brien" → "obrien". */
export function asciiFold(text: string): string {
	let value = folded.get(text);
	if (value === undefined) {
		value = text
			.toLowerCase()
			.normalize('NFD')
			.replaceAll(/\p{M}/gu, '')
			.replaceAll(/[ßøæœðþłđı]/g, letter => foldings[letter] ?? '')
			.replaceAll(/[^a-z\d]/g, '');
		if (folded.size < 10_000) {
			folded.set(text, value);
		}
	}

	return value;
}

const localPartPatterns = [[0, 40], [1, 14], [2, 14], [3, 5], [4, 5], [5, 11], [6, 11]] as const;

/** An email local part built from a name, in one of the common patterns. */
export function localPartFor(random: Random, given: string, family: string): string {
	const first = asciiFold(given) || 'user';
	const last = asciiFold(family) || 'x';
	const pattern = random.weighted(localPartPatterns);
	switch (pattern) {
		case 0: {
			return `${first}.${last}`;
		}

		case 1: {
			return `${first}${last}`;
		}

		case 2: {
			return `${first.slice(0, 1)}${last}`;
		}

		case 3: {
			return `${first}_${last}`;
		}

		case 4: {
			return `${last}.${first}`;
		}

		case 5: {
			return `${first}.${last}${random.int(1, 99)}`;
		}

		default: {
			return `${first}${random.int(70, 99)}`;
		}
	}
}

/** A login-style handle (GitHub login, username): lower case, at most `maxLength` characters. */
export function handleFor(random: Random, given: string, family: string, maxLength: number): string {
	const first = asciiFold(given) || 'user';
	const last = asciiFold(family) || 'x';
	const candidates = [`${first}${last}`, `${first.slice(0, 1)}${last}`, `${first}-${last}`, `${first}${last.slice(0, 1)}`, `${last}${first.slice(0, 1)}`];
	return random.pick(candidates).slice(0, maxLength);
}

/**
 * Hands out values nobody holds yet, suffixing a number on a clash ("ana.silva2@…").
 * Remembers the next suffix of each clashing value, so a million people named
 * alike cost a lookup each, not a scan.
 */
export type UniqueValues = {
	claim(candidate: string, withSuffix: (suffix: number) => string): string;
	has(value: string): boolean;
	add(value: string): void;
};

export function createUniqueValues(): UniqueValues {
	const taken = new Set<string>();
	const nextSuffix = new Map<string, number>();
	return {
		claim(candidate, withSuffix) {
			if (!taken.has(candidate)) {
				taken.add(candidate);
				return candidate;
			}

			let suffix = nextSuffix.get(candidate) ?? 2;
			let value = withSuffix(suffix);
			while (taken.has(value)) {
				suffix++;
				value = withSuffix(suffix);
			}

			nextSuffix.set(candidate, suffix + 1);
			taken.add(value);
			return value;
		},
		has: value => taken.has(value),
		add(value) {
			taken.add(value);
		},
	};
}

/** Splits an address for suffixing its local part. */
export function withLocalSuffix(email: string, suffix: number): string {
	const at = email.lastIndexOf('@');
	return `${email.slice(0, at)}${suffix}${email.slice(at)}`;
}
