// argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1). @node-rs/argon2
// hashes on libuv's thread pool, so the console's event loop keeps drawing while
// a password is hashed or verified.
// The addon loads on the first hash or check, not with the program: loading it
// (a native library) took 25–250 ms of every start before the console's first
// frame, and most sessions never hash a password.
type Argon2 = typeof import('@node-rs/argon2');
let argon2: Promise<Argon2> | undefined;

export async function loadArgon2(): Promise<Argon2> {
	argon2 ??= import('@node-rs/argon2');
	return argon2;
}

export const argon2Parameters = {
	// Algorithm.Argon2id; a const enum, which verbatimModuleSyntax cannot import.
	algorithm: 2,
	memoryCost: 19_456,
	timeCost: 2,
	parallelism: 1,
} as const;

export type PasswordHasher = {
	hash(password: string): Promise<string>;
	verify(hash: string, password: string): Promise<boolean>;
	/** Gets ready to hash soon (loads what the first hash would wait for). */
	prepare?(): void;
	/**
	 * A hash of a password nobody knows, with the parameters of every new hash,
	 * to verify against when there is no account: a verification then costs
	 * what a real one does, and no process pays for making it (a `userdeck
	 * login` for an unknown email paid an argon2 hash and a verification, one
	 * for an existing account only the verification).
	 */
	readonly dummyHash?: string;
};

export const argon2Hasher: PasswordHasher = {
	// The password was 32 random bytes, thrown away; argon2Parameters (a test checks they match).
	dummyHash: '$argon2id$v=19$m=19456,t=2,p=1$B80najxwj6kyNHuJJLODqw$P23Eb6FHRcLhouSeYvlFFJIBQJQN/kllUhb6+oAy/S4',
	async hash(password) {
		const {hash} = await loadArgon2();
		return hash(password, argon2Parameters);
	},
	prepare() {
		// A failed load shows at the hash that needs it, with its message.
		loadArgon2().catch(() => undefined);
	},
	async verify(phc, password) {
		const {verify} = await loadArgon2();
		try {
			return await verify(phc, password);
		} catch {
			// A malformed stored hash verifies nothing.
			return false;
		}
	},
};
