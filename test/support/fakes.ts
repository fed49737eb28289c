// Fast, deterministic stand-ins. The real argon2 hasher has its own tests.
import {createHash} from 'node:crypto';
import type {PasswordHasher} from '../../source/services/password-hasher.js';

export const fakeHasher: PasswordHasher = {
	async hash(password) {
		return `test$${createHash('sha256').update(password).digest('hex')}`;
	},
	async verify(hash, password) {
		return hash === `test$${createHash('sha256').update(password).digest('hex')}`;
	},
};

export const testActor = {user_id: 'console|tester', email: 'tester@example.test'};
