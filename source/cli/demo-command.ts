// `userdeck demo`: writes a fresh, deterministic demo store.
import {existsSync} from 'node:fs';
import {DEMO_PASSWORD, demoSummary, generateDemo} from '../demo/generate.js';
import {groupDigits} from '../domain/group-digits.js';
import {argon2Hasher} from '../services/password-hasher.js';
import {writeSnapshot} from '../store/store.js';
import {describeStoreFile, mayReplace, storeFileAt} from '../store/store-files.js';
import {sanitize} from '../terminal/sanitize.js';
import {printLine} from './output.js';
import {UsageError} from './usage-error.js';

export async function runDemo(options: {path: string; users: number; seed: string; force: boolean}): Promise<void> {
	if (existsSync(options.path) && !options.force) {
		throw new UsageError(`${options.path} already exists: pass --force to replace it with a demo store`);
	}

	// --force replaces a store, never another store's journal, lock or backup.
	const conflict = await storeFileAt(options.path, []);
	if (conflict !== undefined && !mayReplace(conflict)) {
		throw new UsageError(`Refusing to write a demo store to ${sanitize(options.path)}: it is ${sanitize(describeStoreFile(conflict))}`);
	}

	// One hash for every demo database user: hashing 1M passwords would take hours.
	const passwordHash = await argon2Hasher.hash(DEMO_PASSWORD);
	const tables = generateDemo({users: options.users, seed: options.seed, now: new Date(), passwordHash});
	await writeSnapshot(options.path, tables, {force: options.force});
	const summary = demoSummary(tables);
	printLine(`Wrote a demo store to ${options.path}: ${Object.entries(summary).map(([key, value]) => `${groupDigits(value)} ${key}`).join(', ')}`);
	printLine(`Database users sign in with the password ${DEMO_PASSWORD}`);
}
