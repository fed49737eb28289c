// `npm start`: opens the console on a demo store at .demo/ (git-ignored), writing
// it on first run, so tracked files never change. Delete .demo/ for a fresh one.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {consoleEnvironment} from './npm-editor.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli.js');
const store = path.join(root, '.demo', 'store.ndjson');
// Without npm's default EDITOR=vi: `e` then edits inline unless the user chose an editor.
const env = consoleEnvironment();
const run = args => spawnSync(process.execPath, [cli, ...args], {stdio: 'inherit', env});

if (!existsSync(cli)) {
	console.error('dist/cli.js is missing: run `npm install` (it builds the CLI) or `npm run build`.');
	process.exit(1);
}

if (!existsSync(store)) {
	const result = run(['demo', '--store', store]);
	if (result.status !== 0) {
		process.exit(result.status ?? 1);
	}
}

const result = run(['--store', store, ...process.argv.slice(2)]);
// The console puts every mode it set back itself, but a console killed outright
// (SIGKILL, out of memory) cannot: bracketed paste would stay on and wrap every
// paste into the shell in ESC[200~ … ESC[201~, autowrap off would cut long
// lines. These resets (bracketed paste off, autowrap on, cursor shown: the
// modes of source/terminal/modes.ts but the alternate screen, which moves the
// cursor when left while not in it) are harmless when nothing is left on.
if (process.stdout.isTTY) {
	process.stdout.write('\u001B[?2004l\u001B[?7h\u001B[?25h');
}

process.exit(result.status ?? 1);
