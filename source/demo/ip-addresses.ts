// Public-looking client addresses for demo log events: never private, loopback,
// link-local, shared (CGNAT), documentation, multicast or reserved ranges, which
// no sign-in from the internet could come from.
import type {Random} from './random.js';

// First octets that hold private, loopback, CGNAT, link-local, benchmark or
// documentation blocks (whole /8s are skipped for simplicity), and 224+.
const skippedFirstOctets = new Set([0, 10, 100, 127, 169, 172, 192, 198, 203]);

export function publicIpv4(random: Random): string {
	let first = random.int(1, 223);
	while (skippedFirstOctets.has(first)) {
		first = random.int(1, 223);
	}

	return [first, random.int(0, 255), random.int(0, 255), random.int(1, 254)].join('.');
}

// Global unicast prefixes of the regional registries, by continent, so an
// address at least comes from the right registry.
const ipv6Prefixes: Record<string, readonly string[]> = {
	NA: ['2600', '2601', '2603', '2607'],
	SA: ['2800', '2804'],
	EU: ['2a01', '2a02', '2a05'],
	AF: ['2c0e', '2c0f'],
	AS: ['2400', '2401', '2405', '2409'],
	OC: ['2401', '2403'],
};

export function publicIpv6(random: Random, continentCode: string): string {
	const prefix = random.pick(ipv6Prefixes[continentCode] ?? ['2001']);
	const groups = [prefix];
	for (let index = 0; index < 7; index++) {
		groups.push(random.int(0, 0xFF_FF).toString(16));
	}

	return groups.join(':');
}

/** A device's address: mostly IPv4, about one in seven IPv6. */
export function publicIp(random: Random, continentCode: string): string {
	return random.chance(0.15) ? publicIpv6(random, continentCode) : publicIpv4(random);
}
