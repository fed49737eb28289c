// Fast, deterministic stand-ins. The real argon2 hasher has its own tests.
import {createHash} from 'node:crypto';
import {argon2Hasher, loadArgon2, type PasswordHasher} from '../../source/services/password-hasher.js';

export const fakeHasher: PasswordHasher = {
	async hash(password) {
		return `test$${createHash('sha256').update(password).digest('hex')}`;
	},
	async verify(hash, password) {
		return hash === `test$${createHash('sha256').update(password).digest('hex')}`;
	},
};

/**
 * Real argon2id at the lowest cost @node-rs/argon2 takes (m=1 MiB, t=1), for
 * tests about something else than the hash's cost (which argon2Hasher's own
 * tests check): the store holds genuine $argon2id$ strings, verified by the
 * real verifier, at about a millisecond a hash instead of tens.
 */
export const lightArgon2Hasher: PasswordHasher = {
	async hash(password) {
		const {hash} = await loadArgon2();
		return hash(password, {algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1});
	},
	verify: argon2Hasher.verify,
};

export const testActor = {user_id: 'console|tester', email: 'tester@example.test'};
