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
};

export const argon2Hasher: PasswordHasher = {
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
