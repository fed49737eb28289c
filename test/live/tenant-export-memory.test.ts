// `users export --tenant` of a tenant bigger than a small heap: the built CLI,
// in a process whose heap cannot hold the tenant's users, still writes every
// one of them (the export file is streamed, never held whole). The job runs on
// the Auth0 double, in this process: the CLI is spawned, never run with spawnSync,
// so the double goes on answering.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {cli} from '../support/cli.js';

const count = 40_000;
/**
 * A heap the tenant's users do not fit in: the export that held them all
 * before writing ran out of memory here (checked), while the streamed one
 * keeps about 14 MB live whatever the count (80,000 users: the same).
 */
const heapMb = 40;
let double: Auth0Double;
let dir: string;

beforeAll(async () => {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
	}

	const users: User[] = Array.from({length: count}, (_, index) => ({
		user_id: `auth0|mem${index}`,
		email: `mem${index}@example.com`,
		email_verified: index % 2 === 0,
		name: `Member ${index}`,
		nickname: `mem${index}`,
		created_at: '2024-01-01T00:00:00.000Z',
		updated_at: '2024-06-01T00:00:00.000Z',
		logins_count: index,
		identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: `mem${index}`, isSocial: false}],
		user_metadata: {note: `${index} `.repeat(24)},
		app_metadata: {plan: index % 3 === 0 ? 'pro' : 'free'},
	}));
	double = await startAuth0Double({users});
	// The job completes on its first poll: the CLI waits 2 s between polls otherwise.
	double.controls.jobs.pendingPolls = 0;
	double.controls.jobs.processingPolls = 0;
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-export-memory-'));
}, 60_000);

afterAll(async () => {
	await double?.close();
	await rm(dir, {recursive: true, force: true});
});

it(`writes ${count.toLocaleString('en')} users from a tenant with a ${heapMb} MB heap`, async () => {
	const output = path.join(dir, 'tenant.ndjson');
	const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, cli, 'users', 'export', '--tenant', double.domain, '--output', output], {
		env: {...process.env, ...double.env, USERDECK_STORE: '', AUTH0_ACCESS_TOKEN: ''},
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const [code] = await once(child, 'close') as [number | null];
	expect(code, stderr.slice(-2000)).toBe(0);
	expect(stderr).toContain(`Exported ${count.toLocaleString('en')} users`);
	const text = readFileSync(output, 'utf8');
	expect(text.split('\n').filter(Boolean)).toHaveLength(count);
}, 120_000);
