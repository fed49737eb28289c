// Terminal conventions in a real terminal (issue 20): NO_COLOR in tmux, read
// from the raw bytes the console writes; the light theme picked from the
// terminal's answer to OSC 11, with `script` standing in for a terminal that
// answers (tmux 3.3 answers only the device attributes).
import {spawn, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cli, hasTmux, realTerminal} from '../support/tmux.js';
import {waitFor} from '../support/wait-for.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const terminal = realTerminal({name: 'conventions', users: 60, seed: 'conventions', timeout: 15_000});
const {session, tmux, see, keys} = terminal;

/** The parameters of every SGR sequence that sets or resets a colour. */
function colourCodes(raw: string): string[] {
	return [...raw.matchAll(/\u001B\[([\d;]*)m/g)]
		.map(match => match[1]!)
		.filter(parameters => parameters.split(';').some(code => /^(?:3\d|4\d|9[0-7]|10[0-7])$/.test(code)));
}

describe.skipIf(!hasTmux)('NO_COLOR in a real terminal', () => {
	it('writes no colour at all, and the glyphs and words are on screen', async () => {
		const blocked = terminal.cliJson<Array<{email: string}>>('users', 'list', '--query', 'blocked:true');
		const raw = path.join(terminal.dir, 'raw.log');
		terminal.open(110, 32, `NO_COLOR=1 ${process.execPath} ${cli} --store ${terminal.store}`, session);
		tmux('pipe-pane', '-t', session, '-o', `cat > ${raw}`);
		await see('Sorted by');
		keys('/');
		keys('-l', blocked[0]!.email);
		await see(/› .*BLOCKED/);
		keys('Enter');
		keys('Enter');
		await see(/Access +Blocked/);
		keys('4');
		await see(/◆/);
		keys('Escape');
		await see(/1 of 60 users/);
		keys('q');
		await waitFor(() => !terminal.isOpen(), {timeout: 10_000});
		const written = readFileSync(raw, 'latin1');
		expect(written).toContain('BLOCKED');
		expect(colourCodes(written)).toEqual([]);
	});
});

/** Runs the console under `script` (a pseudo-terminal), answers its background query as `answer`, and returns what it wrote. */
async function consoleAnswering(answer: string | undefined, env: NodeJS.ProcessEnv = {}): Promise<string> {
	const child = spawn('script', ['-qfec', `${process.execPath} ${cli} --store ${terminal.store}`, '/dev/null'], {
		env: {...process.env, NO_COLOR: '', FORCE_COLOR: '', COLORFGBG: '', USERDECK_THEME: '', ...env},
	});
	let out = '';
	let answered = false;
	let moved = false;
	child.stdout.on('data', (data: Buffer) => {
		out += data.toString('latin1');
		if (!answered && answer !== undefined && out.includes('\u001B]11;?')) {
			answered = true;
			moved = true;
			// The colour answer and the device attributes, then a key in the same read.
			child.stdin.write(`${answer}\u001B[?62;22cj`);
		} else if (!moved && out.includes('Sorted by')) {
			// Not asked (a theme was given): just the key.
			moved = true;
			child.stdin.write('j');
		}
	});
	const exited = new Promise(resolve => child.on('exit', resolve));
	try {
		await waitFor(() => (/2\/60/.test(out.replaceAll(/\u001B\[[\d;]*m/g, '')) ? true : undefined), {timeout: 15_000, message: () => `no selection move in:\n${out}`});
		child.stdin.write('q');
		await exited;
	} finally {
		child.kill();
	}

	// The loading screen is drawn at once, before any answer, in the palette
	// known then: what tells the theme is the console, from the first frame
	// that shows the list (painted whole, from its first row).
	const list = out.indexOf('Sorted by');
	return out.slice(Math.max(0, out.lastIndexOf('\u001B[1;1H', list)));
}

describe.skipIf(!hasScript)('the light theme', () => {
	// The accent colour of each palette: cyan on dark, blue on light.
	const darkAccent = '36';
	const lightAccent = '34';

	it('is picked when the terminal answers OSC 11 with a light background, and the key typed with the answer still acts', async () => {
		const codes = colourCodes(await consoleAnswering('\u001B]11;rgb:ffff/ffff/ffff\u001B\\'));
		expect(codes).toContain(lightAccent);
		expect(codes).not.toContain(darkAccent);
	});

	it('is not picked for a dark answer', async () => {
		const codes = colourCodes(await consoleAnswering('\u001B]11;rgb:1c1c/1c1c/1c1c\u0007'));
		expect(codes).toContain(darkAccent);
		expect(codes).not.toContain(lightAccent);
	});

	it('follows COLORFGBG when the terminal gives no colour answer, and --theme/USERDECK_THEME over both', async () => {
		expect(colourCodes(await consoleAnswering('', {COLORFGBG: '0;15'}))).toContain(lightAccent);
		const forced = colourCodes(await consoleAnswering('\u001B]11;rgb:ffff/ffff/ffff\u001B\\', {USERDECK_THEME: 'dark'}));
		expect(forced).toContain(darkAccent);
		expect(forced).not.toContain(lightAccent);
	});
});
