// `npm run stress`: the hardening suite (issue 6) and the store tests at full
// size (USERDECK_STRESS=1: 10,000 fuzz sequences with 1 MB pastes, every
// hostile string in every field, 1,000 hash mutations, 1,000 passwords,
// 2 × 1,000 concurrent redemptions, …), then a summary of every figure the
// tests printed. The keystroke fuzz runs as two processes of 5,000 sequences
// with different seeds, one per core, after the rest.
//
//   npm run stress                 everything
//   npm run stress -- --skip-fuzz  everything but the fuzz
//   npm run stress -- --only-fuzz  only the fuzz
//   npm run stress -- --only-timing  only the wrong-password timing comparison
//   USERDECK_FUZZ_RUNS=20000 npm run stress -- --only-fuzz
import {spawn} from 'node:child_process';
import process from 'node:process';

const argv = new Set(process.argv.slice(2));
const fuzzFile = 'test/hardening/keystroke-fuzz.test.tsx';
const fuzzRuns = Number(process.env.USERDECK_FUZZ_RUNS ?? 10_000);
const seeds = [20_261_125, 7_200_072];
const started = Date.now();
const figures = [];
const failures = [];

/** Runs vitest with the stress environment, echoing its output and keeping the figures. */
function vitest(label, args, env = {}) {
	return new Promise(resolve => {
		const begun = Date.now();
		const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--testTimeout', '0', '--hookTimeout', '0', ...args], {
			env: {...process.env, USERDECK_STRESS: '1', ...env},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let pending = '';
		const take = chunk => {
			const text = chunk.toString();
			process.stdout.write(text);
			pending += text;
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) {
				// eslint-disable-next-line no-control-regex
				const clean = line.replaceAll(/\u001B\[[\d;]*m/g, '');
				const at = clean.indexOf('figure: ');
				if (at !== -1) {
					figures.push(`[${label}] ${clean.slice(at + 'figure: '.length)}`);
				}
			}
		};

		child.stdout.on('data', take);
		child.stderr.on('data', take);
		child.on('exit', code => {
			const seconds = ((Date.now() - begun) / 1000).toFixed(0);
			figures.push(`[${label}] exit code ${code}, ${seconds} s`);
			if (code !== 0) {
				failures.push(label);
			}

			resolve(code);
		});
	});
}

const timingFile = 'test/hardening/sign-in-timing.test.ts';
const only = argv.has('--only-fuzz') || argv.has('--only-timing');
if (!only) {
	await vitest('hardening and store', ['test/hardening', 'test/store', 'test/cli/import-concurrency.test.ts', '--exclude', fuzzFile, '--exclude', timingFile]);
}

// Alone, not beside other work: it compares times.
if (!only || argv.has('--only-timing')) {
	await vitest('sign-in timing', [timingFile]);
}

if (!argv.has('--skip-fuzz') && !argv.has('--only-timing')) {
	const each = Math.ceil(fuzzRuns / seeds.length);
	await Promise.all(seeds.map(async (seed, index) => vitest(`fuzz ${index + 1} (seed ${seed})`, [fuzzFile], {USERDECK_FUZZ_RUNS: String(each), USERDECK_FUZZ_SEED: String(seed)})));
}

process.stdout.write(`\n\nStress figures (${((Date.now() - started) / 60_000).toFixed(1)} min in all):\n`);
for (const figure of figures) {
	process.stdout.write(`  ${figure}\n`);
}

if (failures.length > 0) {
	process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
	process.exitCode = 1;
}
