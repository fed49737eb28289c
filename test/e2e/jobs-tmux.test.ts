// Auth0's user jobs in a real terminal, against the Auth0 double: users import
// --tenant shows its progress line on a terminal and ends on the summary;
// pull copies the tenant into a store whose console header says whose copy it
// is and when it was pulled; Ctrl-C during an import names the job left running.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {cli, hasTmux, realTerminal} from '../support/tmux.js';

const terminal = realTerminal({name: 'jobs', users: 3, seed: 'e2e', timeout: 30_000});
const {see} = terminal;
let double: Auth0Double;

beforeAll(async () => {
	double = await startAuth0Double({users: 12});
	// A job answers `pending` to its first poll and has completed at the next:
	// the progress line still shows a state before the summary, and the console
	// polls every 2 s, so a `processing` poll in between added 2 s to each job
	// here (the processing state is followed in test/live/tenant-jobs.test.ts).
	double.controls.jobs.processingPolls = 0;
});

afterAll(async () => {
	await double?.close();
});

/** A shell whose commands reach the double (a pane has the tmux server's environment, so the variables go on the line). */
function shell(): string {
	const env = Object.entries(double.env).map(([name, value]) => `${name}=${value}`).join(' ');
	return terminal.open(200, 24, `env -u AUTH0_ACCESS_TOKEN ${env} USERDECK_STATE_DIR=${path.join(terminal.dir, 'state')} CI=false TERM=xterm-256color PS1='$ ' sh`);
}

function run(target: string, command: string): void {
	terminal.keysTo(target, '-l', command);
	terminal.keysTo(target, 'Enter');
}

describe.skipIf(!hasTmux)('jobs on a tenant in a real terminal (tmux)', () => {
	it('imports with a progress line and the summary', async () => {
		const file = path.join(terminal.dir, 'import.json');
		writeFileSync(file, JSON.stringify([{email: 'tty1@example.test'}, {email: 'tty2@example.test'}]));
		const target = shell();
		run(target, `${process.execPath} ${cli} users import ${file} --connection Username-Password-Authentication; echo "exit=$?"`);
		const after = await see('exit=0', target);
		expect(after).toContain('job 1/1: completed: 2 created, 0 updated, 0 failed');
		expect(after).toContain(`Imported into Username-Password-Authentication on ${double.domain} (1 job): 2 created, 0 updated, 0 failed (of 2)`);
		expect(after).not.toContain(double.clientSecret);
		terminal.close(target);
	}, 90_000);

	it('stops polling on Ctrl-C and names the job still running at Auth0', async () => {
		double.controls.jobs.hold = true;
		try {
			const file = path.join(terminal.dir, 'held.json');
			writeFileSync(file, JSON.stringify([{email: 'held@example.test'}]));
			const target = shell();
			run(target, `${process.execPath} ${cli} users import ${file} --connection Username-Password-Authentication; echo "exit=$?"`);
			await see('job 1/1: pending…', target);
			terminal.keysTo(target, 'C-c');
			const after = await see('exit=130', target);
			expect(after).toContain(`Still running on ${double.domain} (Auth0 cannot cancel an import job`);
			expect(after).toMatch(/job_\w+ \(job 1\/1, users\[0\]\)/);
			expect(after).toContain('0 created, 0 updated, 0 failed (of 1)');
			terminal.close(target);
		} finally {
			double.controls.releaseJobs();
		}
	}, 90_000);

	it('pulls the tenant into a store whose console header names the copy', async () => {
		const store = path.join(terminal.dir, 'pulled.ndjson');
		const target = shell();
		run(target, `${process.execPath} ${cli} pull --store ${store}; echo "exit=$?"`);
		const pulled = await see('exit=0', target);
		expect(pulled).toContain(`Pulled ${double.domain} into ${store}: ${double.users.size} users`);
		expect(pulled).toContain('Auth0 exports no passwords');
		run(target, `${process.execPath} ${cli} --store ${store}`);
		const header = await see(`copy of ${double.domain} · pulled`, target);
		expect(header).toMatch(/pulled \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
		terminal.keysTo(target, 'q');
		terminal.close(target);
	}, 90_000);
});
