// Options read from the raw arguments before commander runs: the store and
// the config file decide how the process starts (its heap, its settings).

/**
 * The value of `--NAME VALUE` or `--NAME=VALUE` anywhere in the arguments
 * (the last one wins, as in commander), as given; undefined when there is
 * none. Arguments after `--` are not options.
 */
export function optionFromArguments(args: readonly string[], name: string): string | undefined {
	const flag = `--${name}`;
	let found: string | undefined;
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		if (arg === '--') {
			break;
		}

		if (arg === flag && index + 1 < args.length) {
			found = args[++index];
		} else if (arg.startsWith(`${flag}=`)) {
			found = arg.slice(flag.length + 1);
		}
	}

	return found;
}
