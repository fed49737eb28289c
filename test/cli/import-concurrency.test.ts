// Imports running at once from several processes into one store: each writes
// in small transactions under the store's lock, so they interleave, and the
// store ends with every user exactly once, or a CONFLICT_EMAIL for an email
// another process took first. `npm run stress` runs 10 trials of each.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {open, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {hashSync as bcryptHash} from '@node-rs/bcrypt';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Store} from '../../source/store/store.js';
import {figure} from '../hardening/support/scale.js';
import {openStoredLog} from '../../source/store/sealed-log.js';

const trials = process.env.USERDECK_STRESS === '1' ? 10 : 1;
const cli = path.resolve('dist/cli.js');
const connection = 'Username-Password-Authentication';
const passwordHash = bcryptHash('Concurrent-Pass-42!', 10);
let dir: string;

type Outcome = {code: number | null; stdout: string; stderr: string};

let fifoCount = 0;

/**
 * Starts every import and hands each its file at the same moment, so they
 * really run together: starting Node takes longer than importing 500 users,
 * so imports started one after another would barely overlap. Each file is a
 * named pipe; opening it for writing waits until its process opens it for
 * reading, that is until that process has started and reached the import.
 */
async function importAtOnce(store: string, files: unknown[][]): Promise<Outcome[]> {
	const fifos = files.map(() => path.join(dir, `import-${++fifoCount}.json`));
	for (const fifo of fifos) {
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
	}

	const children = fifos.map(fifo => spawn(process.execPath, [cli, 'users', 'import', fifo, '--connection', connection, '--store', store, '--json'], {
		env: {...process.env, USERDECK_STORE: '', USERDECK_ADMIN_EMAIL: 'ops@example.test'},
	}));
	const outcomes = children.map(async child => new Promise<Outcome>((resolve, reject) => {
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.on('error', reject);
		child.on('close', code => {
			resolve({code, stdout, stderr});
		});
	}));
	const writers = await Promise.race([
		Promise.all(fifos.map(async fifo => open(fifo, 'w'))),
		// A process that dies before opening its file would leave us waiting.
		Promise.race(outcomes).then(outcome => {
			throw new Error(`An import ended before reading its file: ${outcome.stderr}`);
		}),
	]);
	await Promise.all(writers.map(async (writer, index) => {
		await writer.writeFile(JSON.stringify(files[index]));
		await writer.close();
	}));
	return Promise.all(outcomes);
}

function users(prefix: string, count: number): unknown[] {
	return Array.from({length: count}, (_, index) => ({
		email: `${prefix}-${index}@example.com`,
		name: `${prefix} ${index}`,
		user_metadata: {batch: prefix},
		// Half with a password, so password rows are written concurrently too.
		...(index % 2 === 0 ? {password_hash: passwordHash} : {}),
	}));
}

/** Reopens the store from its files (every row checked against its schema) and tallies it. */
async function verify(store: string) {
	const reopened = await Store.open({path: store, create: false});
	try {
		const all = [...reopened.tables.users.values()];
		const emails = new Set(all.map(user => user.email));
		const sapi = [...reopened.tables.logs.values()].map(log => openStoredLog(log)).filter(event => event.type === 'sapi' && event.details?.['action'] === 'import user');
		const importIds = sapi.map(event => String(event.details?.['import_id']));
		// How often consecutive import events switch process: > 0 means the imports interleaved.
		let switches = 0;
		for (let index = 1; index < importIds.length; index++) {
			if (importIds[index] !== importIds[index - 1]) {
				switches++;
			}
		}

		return {users: all.length, emails: emails.size, passwords: reopened.tables.passwords.size, sapi: sapi.length, switches};
	} finally {
		await reopened.close();
	}
}

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-import-race-'));
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('concurrent imports into one store', () => {
	it.each([
		{processes: 2, each: 500},
		{processes: 4, each: 250},
	])('$processes processes × $each users: exactly all users, none lost, the store valid', async ({processes, each}) => {
		const total = processes * each;
		let switches = 0;
		let interleavedTrials = 0;
		let slowest = 0;
		for (let trial = 0; trial < trials; trial++) {
			const store = path.join(dir, `distinct-${processes}-${trial}.ndjson`);
			await (await Store.open({path: store})).close();
			const files = Array.from({length: processes}, (_, index) => users(`p${index}t${trial}`, each));
			const started = performance.now();
			const outcomes = await importAtOnce(store, files);
			slowest = Math.max(slowest, performance.now() - started);
			for (const outcome of outcomes) {
				expect(outcome.code, outcome.stderr).toBe(0);
				expect(JSON.parse(outcome.stdout)).toMatchObject({created: each, failed: 0});
			}

			const tally = await verify(store);
			expect(tally).toMatchObject({users: total, emails: total, passwords: total / 2, sapi: total});
			switches += tally.switches;
			// One switch is one import following the other; more means they took turns.
			interleavedTrials += tally.switches > processes - 1 ? 1 : 0;
		}

		figure(`import concurrency: ${processes} processes × ${each} users, ${trials} trial(s)`, `${total} of ${total} users in every trial, store valid; imports took turns in ${interleavedTrials} of ${trials} trial(s) (${switches} switches between processes); slowest run ${Math.round(slowest)} ms`);
	}, 120_000 * trials);

	it('2 processes importing the same 500 emails: each email once, the other a CONFLICT_EMAIL', async () => {
		for (let trial = 0; trial < trials; trial++) {
			const store = path.join(dir, `same-${trial}.ndjson`);
			await (await Store.open({path: store})).close();
			const file = users(`same${trial}`, 500);
			const outcomes = await importAtOnce(store, [file, file]);
			const results = outcomes.map(outcome => JSON.parse(outcome.stdout) as {created: number; failed: number; failures: Array<{errors: Array<{code: string}>}>});
			expect(results[0]!.created + results[1]!.created).toBe(500);
			expect(results[0]!.failed + results[1]!.failed).toBe(500);
			const codes = new Set(results.flatMap(result => result.failures.flatMap(failure => failure.errors.map(error => error.code))));
			expect([...codes]).toEqual(results[0]!.failed + results[1]!.failed > 0 ? ['CONFLICT_EMAIL'] : []);
			const tally = await verify(store);
			expect(tally).toMatchObject({users: 500, emails: 500, sapi: 500});
			if (trial === trials - 1) {
				figure('import concurrency: 2 processes × the same 500 emails', `500 users, ${results[0]!.created} + ${results[1]!.created} created, 500 CONFLICT_EMAIL, ${trials} trial(s)`);
			}
		}
	}, 120_000 * trials);
});
