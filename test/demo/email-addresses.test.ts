import {describe, expect, it} from 'vitest';
import {cultures} from '../../source/demo/cultures.js';
import {asciiFold, createUniqueValues, handleFor, localPartFor, withLocalSuffix} from '../../source/demo/email-addresses.js';
import {createRandom} from '../../source/demo/random.js';
import {validateEmail} from '../../source/domain/email.js';

describe('asciiFold', () => {
	it('keeps lower-case ASCII letters and digits of any name', () => {
		const cases: Array<[string, string]> = [
			['Müller', 'muller'],
			["O'Brien", 'obrien'],
			['Łukasz', 'lukasz'],
			['Weiß', 'weiss'],
			['Yılmaz', 'yilmaz'],
			['Nguyễn', 'nguyen'],
			['Guðmundsdóttir', 'gudmundsdottir'],
			['de Vries', 'devries'],
			['El-Amin', 'elamin'],
			['Đức', 'duc'],
		];
		for (const [name, folded] of cases) {
			expect(asciiFold(name)).toBe(folded);
		}
	});

	it('turns every name of every culture into something an address can hold', () => {
		for (const culture of cultures) {
			for (const name of [...culture.female, ...culture.male, ...culture.family.flatMap(entry => entry.split('/'))]) {
				expect(asciiFold(name), `${culture.id}: ${name}`).toMatch(/^[a-z\d]+$/);
			}
		}
	});
});

describe('localPartFor and handleFor', () => {
	it('build valid addresses and handles from every pair of names', () => {
		const random = createRandom('addresses');
		for (const culture of cultures) {
			for (const given of [...culture.female, ...culture.male]) {
				for (const family of culture.family.flatMap(entry => entry.split('/'))) {
					const local = localPartFor(random, given, family);
					expect(validateEmail(`${local}@example.com`), `${given} ${family}: ${local}`).toBeUndefined();
					expect(local).toBe(local.toLowerCase());
					const handle = handleFor(random, given, family, 15);
					expect(handle).toMatch(/^[a-z\d-]{1,15}$/);
				}
			}
		}
	});
});

describe('createUniqueValues', () => {
	it('suffixes clashing values with the next free number', () => {
		const values = createUniqueValues();
		const claim = (email: string) => values.claim(email, suffix => withLocalSuffix(email, suffix));
		expect(claim('ana@example.com')).toBe('ana@example.com');
		expect(claim('ana@example.com')).toBe('ana2@example.com');
		values.add('ana3@example.com');
		expect(claim('ana@example.com')).toBe('ana4@example.com');
		expect(claim('ana2@example.com')).toBe('ana22@example.com');
		expect(values.has('ana4@example.com')).toBe(true);
		expect(values.has('ana5@example.com')).toBe(false);
	});
});
