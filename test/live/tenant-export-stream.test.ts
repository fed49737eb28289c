// `users export --tenant` and `pull` read Auth0's export file as it arrives:
// gunzipped as a stream, split into lines as they come, each profile written
// through the output sink before the next part of the download is asked for,
// so memory stays bounded whatever the tenant's size. The job runs on the
// Auth0 double through the real SDK; the download (the file host Auth0's
// `location` names) is served here when a test needs a file of its own: a
// fixed job file, one cut short, one that is not gzip, one with a bad line.
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {randomBytes} from 'node:crypto';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {maxLineLength} from '../../source/live/export-file-lines.js';
import type {TenantJobsOptions} from '../../source/live/jobs.js';
import type {TenantTarget} from '../../source/services/target.js';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {main} from '../../source/cli/main.js';
import {runMain} from '../support/run-main.js';

let double: Auth0Double;
let dir: string;
const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'tenant-export');

/** Answers a download of an export's file in place of the double's own (undefined: the double answers). */
let serveDownload: ((url: URL) => Response) | undefined;

const hookedFetch: typeof fetch = async (input, init) => {
	const url = new URL(input instanceof Request ? input.url : String(input));
	if (serveDownload && url.pathname.startsWith('/double-exports/')) {
		return serveDownload(url);
	}

	return fetch(input, init);
};

vi.mock('../../source/live/jobs.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../source/live/jobs.js')>();
	return {
		...original,
		openTenantJobs: (target: TenantTarget, options: TenantJobsOptions = {}) => new original.TenantJobs(target, {...options, fetch: hookedFetch, sleep: async () => {}}),
	};
});

/** A download that hands out `bytes` in `size`-byte pieces, one per pull, noting what the reader had written by each. */
function piecewise(bytes: Buffer, size: number, onPull: (piece: number, pieces: number) => void): Response {
	const pieces = Math.ceil(bytes.length / size);
	let next = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			onPull(next, pieces);
			if (next === pieces) {
				controller.close();
				return;
			}

			controller.enqueue(new Uint8Array(bytes.subarray(next * size, (next + 1) * size)));
			next++;
		},
	}, {highWaterMark: 0});
	return new Response(body, {status: 200, headers: {'content-type': 'application/gzip'}});
}

function file(bytes: Buffer): Response {
	return new Response(new Uint8Array(bytes), {status: 200, headers: {'content-type': 'application/gzip'}});
}

function run(argv: string[]) {
	return runMain(argv);
}

const jobFile = () => readFileSync(path.join(fixtures, 'job-file.ndjson'));

beforeAll(async () => {
	double = await startAuth0Double({users: 3});
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-tenant-export-'));
});

beforeEach(() => {
	vi.stubEnv('AUTH0_DOMAIN', double.domain);
	vi.stubEnv('AUTH0_CLIENT_ID', double.clientId);
	vi.stubEnv('AUTH0_CLIENT_SECRET', double.clientSecret);
	vi.stubEnv('AUTH0_ACCESS_TOKEN', '');
});

afterEach(() => {
	vi.unstubAllEnvs();
	serveDownload = undefined;
});

afterAll(async () => {
	await double?.close();
	await rm(dir, {recursive: true, force: true});
});

describe('users export --tenant reads the export file as a stream', () => {
	it('writes the first profiles before the download has ended', async () => {
		// 6,000 profiles of random text (gzip cannot shrink them much): about 2 MB to download in 16 KiB pieces.
		const lines = Array.from({length: 6000}, (_, index) => JSON.stringify({user_id: `auth0|s${index}`, email: `s${index}@example.com`, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z', identities: [], user_metadata: {noise: randomBytes(96).toString('base64')}}));
		const gz = gzipSync(`${lines.join('\n')}\n`);
		let stdout = '';
		let writtenAtLastPiece: number | undefined;
		serveDownload = () => piecewise(gz, 16 * 1024, (piece, pieces) => {
			if (piece === pieces - 1) {
				writtenAtLastPiece = stdout.length;
			}
		});
		// As runMain, but what stdout has received is read while the command runs.
		const out = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
			stdout += String(chunk);
			return true;
		});
		const error = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		process.exitCode = 0;
		try {
			await main(['node', 'userdeck', 'users', 'export', '--tenant', double.domain]);
		} finally {
			out.mockRestore();
			error.mockRestore();
		}

		expect(Number(process.exitCode ?? 0)).toBe(0);
		process.exitCode = 0;
		expect(stdout.split('\n').filter(Boolean)).toHaveLength(6000);
		// When the last piece was asked for, most of the output had already gone out:
		// the file was never held whole, in memory or as users.
		expect(writtenAtLastPiece).toBeGreaterThan(stdout.length / 2);
	});

	it('writes, for the same job file, what it wrote before it streamed (NDJSON, CSV, Auth0\'s CSV)', async () => {
		serveDownload = () => file(gzipSync(jobFile()));
		const cases: Array<[string, string[]]> = [
			['expected.ndjson', []],
			['expected.csv', ['--format', 'csv']],
			['expected-auth0.csv', ['--format', 'csv', '--csv-escape', 'auth0', '--fields', 'user_id,email,name,given_name,nickname,created_at,blocked,logins_count,identities[0].connection:connection,user_metadata.quote,user_metadata.note']],
			['expected-fields.ndjson', ['--fields', 'email,name:full_name,user_metadata.plan,blocked']],
		];
		for (const [expected, options] of cases) {
			const output = path.join(dir, `same-${expected}`);
			const toFile = await run(['users', 'export', '--tenant', double.domain, ...options, '--output', output]);
			expect(toFile.code, toFile.stderr).toBe(0);
			expect(toFile.stderr).toContain('Exported 4 users');
			expect(readFileSync(output).equals(readFileSync(path.join(fixtures, expected))), expected).toBe(true);
			const toStdout = await run(['users', 'export', '--tenant', double.domain, ...options]);
			expect(toStdout.code).toBe(0);
			expect(toStdout.stdout).toBe(readFileSync(path.join(fixtures, expected), 'utf8'));
		}
	});
});

describe('progress while the users go to the terminal', () => {
	it('the progress line ends when the job is done: no count rewritten among the profiles', async () => {
		const lines = Array.from({length: 2500}, (_, index) => JSON.stringify({user_id: `auth0|t${index}`, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z', identities: []}));
		serveDownload = () => file(gzipSync(lines.join('\n')));
		const terminal = (stream: NodeJS.WriteStream) => Object.getOwnPropertyDescriptor(stream, 'isTTY');
		const before = {stdout: terminal(process.stdout), stderr: terminal(process.stderr)};
		Object.defineProperty(process.stdout, 'isTTY', {value: true, configurable: true});
		Object.defineProperty(process.stderr, 'isTTY', {value: true, configurable: true});
		let result: Awaited<ReturnType<typeof run>>;
		try {
			result = await run(['users', 'export', '--tenant', double.domain]);
		} finally {
			for (const [stream, descriptor] of [[process.stdout, before.stdout], [process.stderr, before.stderr]] as const) {
				if (descriptor) {
					Object.defineProperty(stream, 'isTTY', descriptor);
				} else {
					delete (stream as {isTTY?: boolean}).isTTY;
				}
			}
		}

		expect(result.code).toBe(0);
		expect(result.stderr).toContain('export job: completed');
		expect(result.stderr).not.toMatch(/downloading|downloaded/);
		expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(2500);
	});
});

describe('a damaged export file', () => {
	const kept = 'the previous export\n';

	async function refused(bytes: Buffer): Promise<{stderr: string; code: number; output: string}> {
		serveDownload = () => file(bytes);
		const output = path.join(dir, 'kept.ndjson');
		writeFileSync(output, kept);
		const {stderr, code} = await run(['users', 'export', '--tenant', double.domain, '--output', output]);
		return {stderr, code, output};
	}

	function expectNothingWritten(output: string): void {
		// As the local export: the old file is left whole, and no temp file stays beside it.
		expect(readFileSync(output, 'utf8')).toBe(kept);
		expect(readdirSync(dir).filter(name => name.startsWith('.kept.ndjson.tmp-'))).toEqual([]);
	}

	it('cut short: says the file ends early, exits 1, writes nothing', async () => {
		const gz = gzipSync(jobFile());
		const {stderr, code, output} = await refused(gz.subarray(0, gz.length - 20));
		expect(code).toBe(1);
		expect(stderr).toMatch(/Auth0's export file from 127\.0\.0\.1:\d+ is cut short \(the gzip stream ends early\)/);
		expectNothingWritten(output);
	});

	it('not gzip, or damaged inside: says so, exits 1, writes nothing', async () => {
		const notGzip = await refused(jobFile());
		expect(notGzip.code).toBe(1);
		expect(notGzip.stderr).toMatch(/Auth0's export file from 127\.0\.0\.1:\d+ is not gzip/);
		expectNothingWritten(notGzip.output);

		const gz = Buffer.from(gzipSync(jobFile()));
		// A flipped byte in the compressed data (past the 10-byte header).
		gz[40]! ^= 0xFF;
		gz[41]! ^= 0xFF;
		const damaged = await refused(gz);
		expect(damaged.code).toBe(1);
		expect(damaged.stderr).toMatch(/Auth0's export file from 127\.0\.0\.1:\d+ is damaged/);
		expectNothingWritten(damaged.output);
	});

	it('a line that is not JSON, or not a profile: names the line, exits 1, writes nothing', async () => {
		const lines = jobFile().toString('utf8').split('\n');
		// Line 3 of the fixture is blank: the count is of the file's lines.
		const broken = [...lines.slice(0, 3), '{"user_id": "auth0|cut', ...lines.slice(3)].join('\n');
		const notJson = await refused(gzipSync(broken));
		expect(notJson.code).toBe(1);
		expect(notJson.stderr).toMatch(/line 4 of Auth0's export file from 127\.0\.0\.1:\d+ is not JSON/);
		expectNothingWritten(notJson.output);

		for (const line of ['[1, 2]', '"auth0|x"', '{"email": "no-id@example.com"}']) {
			// eslint-disable-next-line no-await-in-loop
			const notProfile = await refused(gzipSync([lines[0], line, lines[1]].join('\n')));
			expect(notProfile.code, line).toBe(1);
			expect(notProfile.stderr).toMatch(/line 2 of Auth0's export file from 127\.0\.0\.1:\d+ is not a user profile \(a JSON object with a user_id\)/);
			expectNothingWritten(notProfile.output);
		}
	});

	it('a line longer than any profile: refused before it fills the memory', async () => {
		const long = JSON.stringify({user_id: 'auth0|long', user_metadata: {blob: 'x'.repeat(maxLineLength)}});
		const {code, stderr, output} = await refused(gzipSync(`${long}\n`));
		expect(code).toBe(1);
		expect(stderr).toMatch(/line 1 of Auth0's export file from 127\.0\.0\.1:\d+ is longer than 16,777,216 characters/);
		expectNothingWritten(output);
	});

	it('pull: the same errors, and no store is written', async () => {
		const gz = gzipSync(jobFile());
		serveDownload = () => file(gz.subarray(0, gz.length - 20));
		const storePath = path.join(dir, 'pulled.ndjson');
		const {code, stderr} = await run(['pull', '--tenant', double.domain, '--store', storePath]);
		expect(code).toBe(1);
		expect(stderr).toMatch(/is cut short/);
		expect(existsSync(storePath)).toBe(false);
	});
});
