// Entry point of the `userdeck` command (bundled to dist/cli.js). It first
// decides where the command runs: a store too big for this process's heap
// means running it again with a bigger one (cli/heap.ts). That is decided
// here, before the rest of the program is loaded and before anything reads
// standard input, so it costs one Node start (about 0.1 s), not two loads of
// the program.
import {relaunchForStore, storeFromArguments} from './cli/heap.js';
import {resolveStorePath} from './store/paths.js';

const code = await relaunchForStore(resolveStorePath(storeFromArguments(process.argv.slice(2))));
if (code === undefined) {
	const {main} = await import('./cli/main.js');
	await main(process.argv);
} else {
	process.exitCode = code;
}
