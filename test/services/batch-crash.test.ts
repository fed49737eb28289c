// kill -9 in the middle of a batch delete (issue 18): a child process deletes
// marked users in chunks and is killed at a different point each time. After
// every kill the store opens with each user either fully deleted (profile,
// password and devices gone, one sdu event with the batch id) or untouched
// (all of them there, no event); a rerun over the users still there, with the
// same batch id, finishes the rest, so each user ends with exactly one event.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {UsersService} from '../../source/services/users-service.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {openStoredLog} from '../../source/store/sealed-log.js';
import {defaultSeed} from '../../source/store/seed.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {bundleService} from '../hardening/support/child-bundle.js';
import {makeDevice, makeUser} from '../store/rows.js';

const userCount = 1000;
const batchId = 'batch_crashtestcrashte';
const ids = Array.from({length: userCount}, (_, index) => `auth0|crash-${String(index).padStart(4, '0')}`);
let dir: string;
let file: string;
let bundle: string;

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-batch-crash-'));
	file = path.join(dir, 'store.ndjson');
	bundle = await bundleService(dir);
	const tables = defaultSeed();
	for (const id of ids) {
		const user = makeUser(id.slice('auth0|'.length));
		tables.users.set(id, user);
		tables.passwords.set(id, {user_id: id, hash: 'test$0', history: [], updated_at: user.updated_at});
		const device = makeDevice(`device-of-${id.slice('auth0|'.length)}`, id);
		tables.devices.set(device.id, device);
	}

	await writeSnapshot(file, tables);
}, 60_000);

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

// Deletes every user of the test still in the store, in chunks of 10, and
// says after each chunk how many it has dealt with.
const childScript = (bundleUrl: string): string => `
	import {Store, UsersService, fakeHasher} from ${JSON.stringify(bundleUrl)};
	const [file, batchId] = process.argv.slice(1);
	// A small journal makes compactions frequent, so kills land in them too.
	const store = await Store.open({path: file, compactAfterBytes: 64 * 1024, lockTimeoutMs: 60000});
	const service = new UsersService({store, actor: {user_id: 'console|crash', email: 'crash@example.test'}, hasher: fakeHasher});
	const ids = [...store.tables.users.keys()].filter(id => id.startsWith('auth0|crash-')).sort();
	process.stdout.write('ready ' + ids.length + '\\n');
	await service.runBatch('delete', ids, {batchId, chunkSize: 10, onProgress: step => process.stdout.write('progress ' + step.processed + '\\n')});
	process.stdout.write('done\\n');
`;

/** Runs the child until it has dealt with `after` users, then kills it with SIGKILL. */
async function runAndKill(after: number): Promise<{killed: boolean}> {
	const child = spawn(process.execPath, ['--input-type=module', '-e', childScript(bundle), file, batchId], {stdio: ['ignore', 'pipe', 'pipe']});
	let buffered = '';
	let errors = '';
	let finished = false;
	child.stderr.on('data', (chunk: Buffer) => {
		errors += chunk.toString();
	});
	const exited = once(child, 'exit');
	const reached = new Promise<void>(resolve => {
		child.stdout.on('data', (chunk: Buffer) => {
			buffered += chunk.toString();
			const lines = buffered.split('\n');
			buffered = lines.pop()!;
			for (const line of lines) {
				const [word, count] = line.split(' ');
				if ((word === 'progress' && Number(count) >= after) || word === 'done' || (word === 'ready' && Number(count) === 0)) {
					finished ||= word === 'done' || word === 'ready';
					resolve();
				}
			}
		});
	});
	await Promise.race([reached, exited]);
	child.kill('SIGKILL');
	const [code, signal] = await exited;
	expect(errors).toBe('');
	return {killed: signal === 'SIGKILL' && code === null && !finished};
}

type Census = {deleted: string[]; untouched: string[]; halfDone: string[]; eventsPerUser: Map<string, number>};

async function census(): Promise<Census> {
	const store = await Store.open({path: file, create: false});
	try {
		const eventsPerUser = new Map<string, number>();
		for (const row of store.tables.logs.values()) {
			const event = openStoredLog(row);
			if (event.details?.['batch_id'] === batchId && event.user_id) {
				eventsPerUser.set(event.user_id, (eventsPerUser.get(event.user_id) ?? 0) + 1);
			}
		}

		const result: Census = {deleted: [], untouched: [], halfDone: [], eventsPerUser};
		for (const id of ids) {
			const parts = [store.user(id) !== undefined, store.tables.passwords.has(id), store.devicesOf(id).length === 1, !eventsPerUser.has(id)];
			if (parts.every(Boolean)) {
				result.untouched.push(id);
			} else if (parts.every(part => !part) && eventsPerUser.get(id) === 1) {
				result.deleted.push(id);
			} else {
				result.halfDone.push(id);
			}
		}

		return result;
	} finally {
		await store.close();
	}
}

test('a batch delete killed with SIGKILL mid-way leaves no half-deleted user, and a rerun finishes the rest', async () => {
	let killedMidway = 0;
	let deletedBefore = 0;
	for (const after of [10, 120, 300]) {
		const {killed} = await runAndKill(after);
		const {deleted, untouched, halfDone} = await census();
		expect(halfDone, `users half-deleted after a kill at ${after}`).toEqual([]);
		expect(deleted.length + untouched.length).toBe(userCount);
		// Killed after it reported `after` users: at least those are done.
		expect(deleted.length).toBeGreaterThanOrEqual(Math.min(userCount, deletedBefore + after));
		deletedBefore = deleted.length;
		if (killed && untouched.length > 0) {
			killedMidway++;
		}
	}

	expect(killedMidway).toBeGreaterThan(0);

	// The rerun: the admin marks what is left and deletes it again.
	const store = await Store.open({path: file, create: false});
	const service = new UsersService({store, actor: testActor, hasher: fakeHasher});
	const left = ids.filter(id => service.user(id));
	const rerun = await service.runBatch('delete', left, {batchId});
	expect(rerun).toMatchObject({succeeded: left.length, failed: 0, cancelled: false, stopped: undefined});
	await store.close();
	const final = await census();
	expect(final.halfDone).toEqual([]);
	expect(final.deleted).toHaveLength(userCount);
	expect([...final.eventsPerUser.values()].every(count => count === 1)).toBe(true);
}, 120_000);
