// Several processes writing the same store at once: every transaction lands
// exactly once, and the file stays valid through their compactions.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {Store} from '../../source/store/store.js';
import {figure, scaled} from '../hardening/support/scale.js';
import {bundleStore, makeTempDir, readLines} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let bundle: string;

beforeAll(async () => {
	({dir, cleanup} = await makeTempDir());
	bundle = await bundleStore(dir);
});

afterAll(async () => cleanup());

type Report = {users: number};

/**
 * Runs `processes` children at once, each committing `each` transactions that
 * add one user, recording in it the number of users it saw under the lock.
 */
async function runWriters(file: string, processes: number, each: number): Promise<Report[]> {
	const script = `
		import {Store, makeUser} from ${JSON.stringify(bundle)};
		const [file, name, count] = process.argv.slice(1);
		// Small journals: compactions (and the reloads they cause in the others) happen all the time.
		const store = await Store.open({path: file, lockTimeoutMs: 60000, compactAfterBytes: 16 * 1024});
		for (let index = 0; index < Number(count); index++) {
			await store.transact(tx => {
				tx.put('users', makeUser(name + '-' + index, {logins_count: store.tables.users.size}));
			});
		}
		await store.refresh();
		process.stdout.write(JSON.stringify({users: store.tables.users.size}));
	`;
	const children = Array.from({length: processes}, (_, index) => {
		const child = spawn(process.execPath, ['--input-type=module', '-e', script, file, `p${index}`, String(each)], {stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		let errors = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			errors += chunk.toString();
		});
		return once(child, 'exit').then(([code]) => {
			expect(errors).toBe('');
			expect(code).toBe(0);
			return JSON.parse(output) as Report;
		});
	});
	return Promise.all(children);
}

async function checkStore(file: string, expected: number, processes: number, each: number): Promise<void> {
	const store = await Store.open({path: file, create: false});
	expect(store.tables.users.size).toBe(expected);
	for (let index = 0; index < processes; index++) {
		for (let number = 0; number < each; number++) {
			expect(store.user(`auth0|p${index}-${number}`), `p${index}-${number}`).toBeDefined();
		}
	}

	// Each transaction saw every earlier one: the counts it recorded are 0, 1, 2, … with no repeats.
	const counts = [...store.tables.users.values()].map(user => user.logins_count).sort((a, b) => a - b);
	expect(counts).toEqual(Array.from({length: expected}, (_, index) => index));

	// The journal holds a contiguous run of seqs ending at the last transaction.
	const seqs = (await readLines(`${file}-journal`)).map(line => (JSON.parse(line) as {seq: number}).seq);
	const header = JSON.parse((await readLines(file))[0]!) as {seq: number};
	expect(header.seq + seqs.filter(seq => seq > header.seq).length).toBe(expected);
	await store.close();
}

// One trial in npm test; `npm run stress` runs ten.
const trials = scaled(1, 10);

test(`2 processes × 500 transactions, then 4 × 250, leave exactly every user (${trials} trial${trials === 1 ? '' : 's'})`, async () => {
	const started = performance.now();
	for (let trial = 0; trial < trials; trial++) {
		// The children also race to create the store.
		const file = path.join(dir, `shared-${trial}.ndjson`);
		const first = await runWriters(file, 2, 500);
		// The last to finish has seen everything; an earlier one at least its own.
		expect(Math.max(...first.map(report => report.users))).toBe(1000);
		expect(Math.min(...first.map(report => report.users))).toBeGreaterThanOrEqual(500);

		await checkStore(file, 1000, 2, 500);

		const second = await runWriters(file.replace('shared', 'shared-4'), 4, 250);
		expect(Math.max(...second.map(report => report.users))).toBe(1000);

		await checkStore(file.replace('shared', 'shared-4'), 1000, 4, 250);
	}

	// Any loss or corruption fails checkStore above, so reaching here means 0 in every trial.
	figure('store concurrency: trials of 2 × 500 and 4 × 250 transactions with 1,000 users present, 0 lost, the file valid', `${trials} of ${trials} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, scaled(120_000, 1_800_000));
