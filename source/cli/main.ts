// The `userdeck` command, once source/cli.ts has decided this process runs it.
// Exit codes: 0 success, 1 an operation failed, 2 the command was called wrongly.
import {CommanderError} from 'commander';
import {UserdeckError} from '../domain/errors.js';
import {sanitize} from '../terminal/sanitize.js';
import {paint} from './output.js';
import {OutputClosed, watchOutput} from './output-sink.js';
import {type Config, defaultConfig} from './config-file.js';
import {buildProgram, configOption} from './program.js';
import {UsageError} from './usage-error.js';

function fail(message: string, code: number): void {
	// Line by line: a message may carry a second line (a query with a caret).
	process.stderr.write(`${paint(process.stderr, 'danger', 'userdeck:')} ${message.split('\n').map(line => sanitize(line)).join('\n')}\n`);
	process.exitCode = code;
}

export async function main(argv: readonly string[], config: Config = defaultConfig): Promise<void> {
	// `userdeck … | head`: a reader that goes away ends the output quietly (OutputClosed below), never with a
	// stack trace; a failed write (a full disk) is said once, with exit 1, even after the last write.
	watchOutput(process.stdout, error => {
		fail(`Cannot write the output: ${error.message}`, 1);
	});
	const program = buildProgram(config);
	program.exitOverride();
	// --config is read before commander runs (source/cli.ts); declared on every
	// command that runs, so it is accepted after the command too.
	for (const command of program.commands) {
		command.exitOverride();
		for (const sub of command.commands) {
			sub.exitOverride();
			sub.addOption(configOption().hideHelp());
		}

		if (command.commands.length === 0) {
			command.addOption(configOption().hideHelp());
		}
	}

	try {
		await program.parseAsync([...argv]);
	} catch (error) {
		if (error instanceof OutputClosed) {
			// As cat or grep into `| head`: nothing more to say (a failed write was said as it happened).
		} else if (error instanceof CommanderError) {
			// Help and version exit 0; commander already printed its usage message.
			process.exitCode = error.exitCode === 0 ? 0 : 2;
		} else if (error instanceof UsageError) {
			fail(error.message, 2);
		} else if (error instanceof UserdeckError && Object.keys(error.fields).length > 0) {
			// Every rule that failed, by field, as the console shows them beside the inputs.
			const lines = Object.entries(error.fields).flatMap(([field, messages]) => (messages ?? []).map(message => `${field}: ${message}`));
			fail(lines.join('\n'), 1);
		} else if (error instanceof Error) {
			fail(error.message, 1);
		} else {
			fail(String(error), 1);
		}
	}
}
