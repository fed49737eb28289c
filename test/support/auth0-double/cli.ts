// The double as a program, for a developer pointing `userdeck` at it by hand
// and for the benchmark, which spawns it. Run through scripts/auth0-double.mjs
// (it bundles this file into the git-ignored .tmp/ first). Prints the
// environment for a console on stdout, one KEY=value per line, then `ready`;
// reads JSON control lines on stdin; stops on SIGINT / SIGTERM.
import {rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {parseArgs} from 'node:util';
import {startAuth0Double} from './index.js';
import {readTlsMaterial, tlsDirVariable, writeTlsMaterial} from './tls.js';

const usage = `Usage: node scripts/auth0-double.mjs [options]

Starts a local Auth0 Management API test double over HTTPS on 127.0.0.1 and
prints the environment that points userdeck at it:
  AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, NODE_EXTRA_CA_CERTS

Options:
  --users N          generated users (the demo generator's; default 1000)
  --seed TEXT        the generator's seed (default auth0-double)
  --latency MS       delay before every answer (default 0)
  --search-lag MS    how long search lags writes (default 0)
  --port PORT        listen on this port (default: any free one)
  --write-env PATH   also write the KEY=value lines to PATH (mode 0600)
  --help             this text

Control lines on stdin (JSON, one per line), e.g.
  {"latencyMs": 200}
  {"rateLimit": {"requests": 5, "retryAfterSeconds": 2}}
  {"failNext": {"count": 3, "status": 503}}
  {"searchLagMs": 2000}   {"flushSearchIndex": true}   {"clearFaults": true}
  {"requests": true}      prints "requests [...]" on stdout: every request so far,
                          {method, path, query, status, time, durationMs}
`;

type ControlLine = {
	latencyMs?: number;
	searchLagMs?: number;
	rateLimit?: {requests?: number; forMs?: number; resetInSeconds?: number; retryAfterSeconds?: number | null; path?: string};
	failNext?: {count: number; status: number; path?: string};
	flushSearchIndex?: boolean;
	clearFaults?: boolean;
	/** Print the requests log (the benchmark reads each request's durationMs). */
	requests?: boolean;
};

async function main(): Promise<void> {
	const {values} = parseArgs({
		options: {
			users: {type: 'string', default: '1000'},
			seed: {type: 'string', default: 'auth0-double'},
			latency: {type: 'string', default: '0'},
			'search-lag': {type: 'string', default: '0'},
			port: {type: 'string'},
			'write-env': {type: 'string'},
			help: {type: 'boolean', default: false},
		},
		strict: true,
	});
	if (values.help) {
		process.stdout.write(usage);
		return;
	}

	const users = wholeNumber(values.users, '--users');
	// A run of its own makes its own CA, removed on exit; inside a vitest run the
	// global setup's CA (AUTH0_DOUBLE_TLS_DIR) is reused, as the workers trust it.
	const own = readTlsMaterial() === undefined ? await writeTlsMaterial() : undefined;
	if (own !== undefined) {
		process.env[tlsDirVariable] = path.dirname(own.caFile);
	}

	const double = await startAuth0Double({
		users,
		seed: values.seed,
		latencyMs: wholeNumber(values.latency, '--latency'),
		...(values.port === undefined ? {} : {port: wholeNumber(values.port, '--port')}),
	});
	double.controls.searchLagMs = wholeNumber(values['search-lag'], '--search-lag');
	const lines = Object.entries(double.env).map(([key, value]) => `${key}=${value}`).join('\n');
	if (values['write-env'] !== undefined) {
		// It holds the client secret.
		// Never into a file that exists (its mode could let others read the secret).
		rmSync(values['write-env'], {force: true});
		writeFileSync(values['write-env'], `${lines}\n`, {mode: 0o600, flag: 'wx'});
	}

	process.stdout.write(`${lines}\nready\n`);
	process.stderr.write(`auth0 double: ${users} users at https://${double.domain}/ (Ctrl-C stops it)\n`);

	const stop = async () => {
		await double.close();
		if (own !== undefined) {
			rmSync(path.dirname(own.caFile), {recursive: true, force: true});
		}

		process.exit(0);
	};

	process.once('SIGINT', () => void stop());
	process.once('SIGTERM', () => void stop());
	createInterface({input: process.stdin}).on('line', line => {
		if (line.trim() === '') {
			return;
		}

		try {
			const control = JSON.parse(line) as ControlLine;
			apply(double.controls, control);
			if (control.requests === true) {
				// One line: the reader takes everything up to the newline.
				process.stdout.write(`requests ${JSON.stringify(double.requests)}\n`);
			}

			process.stderr.write(`auth0 double: applied ${line}\n`);
		} catch (error) {
			process.stderr.write(`auth0 double: ignored control line (${error instanceof Error ? error.message : String(error)}): ${line}\n`);
		}
	});
}

function apply(controls: Awaited<ReturnType<typeof startAuth0Double>>['controls'], line: ControlLine): void {
	if (line.latencyMs !== undefined) {
		controls.latencyMs = line.latencyMs;
	}

	if (line.searchLagMs !== undefined) {
		controls.searchLagMs = line.searchLagMs;
	}

	if (line.rateLimit !== undefined) {
		controls.rateLimit(line.rateLimit);
	}

	if (line.failNext !== undefined) {
		const {count, ...spec} = line.failNext;
		controls.failNext(count, spec);
	}

	if (line.flushSearchIndex === true) {
		controls.flushSearchIndex();
	}

	if (line.clearFaults === true) {
		controls.clearFaults();
	}
}

function wholeNumber(text: string, name: string): number {
	const value = Number(text);
	if (!Number.isSafeInteger(value) || value < 0) {
		throw new Error(`${name} takes a whole number ≥ 0, got "${text}"`);
	}

	return value;
}

main().catch((error: unknown) => {
	process.stderr.write(`auth0 double: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
