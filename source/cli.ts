// Entry point of the `userdeck` command (bundled to dist/cli.js). It first
// reads the config file (its store is the default one), then decides where the
// command runs: a store too big for this process's heap means running it again
// with a bigger one (cli/heap.ts). That is decided here, before the rest of
// the program is loaded and before anything reads standard input, so it costs
// one Node start (about 0.1 s), not two loads of the program.
import {ConfigError, type Config, configFromArguments, defaultConfig, loadConfig} from './cli/config-file.js';
import {relaunchForStore, storeFromArguments} from './cli/heap.js';
import {optionFromArguments} from './cli/option-from-arguments.js';
import {paint} from './cli/output.js';
import {sanitize} from './terminal/sanitize.js';
import {resolveStorePath, setConfiguredStore} from './store/paths.js';

const args = process.argv.slice(2);
let config: Config | undefined;
try {
	config = await loadConfig(configFromArguments(args));
} catch (error) {
	if (!(error instanceof ConfigError)) {
		throw error;
	}

	// Completion runs on each Tab and its script at each shell start: it completes
	// from the defaults rather than print into the command line or stop the shell's start-up.
	if (args[0] === '__complete' || args[0] === 'completion') {
		config = defaultConfig;
	} else {
		process.stderr.write(`${paint(process.stderr, 'danger', 'userdeck:')} ${sanitize(error.message)}\n`);
		process.exitCode = 2;
	}
}

if (config) {
	setConfiguredStore(config.store);
	// Completion reads a few lines of the store, never all of it, and the
	// tenants commands and a live tenant (--tenant, or AUTH0_DOMAIN without
	// --store) none: no heap to plan for.
	const store = storeFromArguments(args);
	const live = optionFromArguments(args, 'tenant') !== undefined || (store === undefined && Boolean(process.env.AUTH0_DOMAIN));
	const code = args[0] === '__complete' || args[0] === 'tenants' || live ? undefined : await relaunchForStore(resolveStorePath(store));
	if (code === undefined) {
		const {main} = await import('./cli/main.js');
		await main(process.argv, config);
	} else {
		process.exitCode = code;
	}
}
