// Shell completion, as gh, kubectl and cobra do it: `userdeck completion
// bash|zsh|fish` prints a small script, and the script asks the program
// itself what fits (`userdeck __complete -- WORDS…`), so completions follow
// the commands and options commander knows and never drift from them.
//
// The protocol: one candidate a line, `value` or `value<TAB>description`
// (zsh and fish show the description), then one directive line: `:files`
// (offer file names too, for paths) or `:nofiles`.
//
// No library: commander has no completion of its own; @pnpm/tabtab reads its
// shell templates from its package folder at run time (the bundle ships only
// dist/) and brings an interactive installer, and omelette completes from its
// own template grammar and word-splits candidates through `compgen -W`. Both
// would still need the walk over commander's tree below, which is most of the work.
import {Argument, type Command, type Option} from 'commander';
import {readCatalog} from '../store/read-catalog.js';
import {sanitize} from '../terminal/sanitize.js';
import {resolveStorePath} from '../store/paths.js';
import {loadConfig} from './config-file.js';
import {readTenants} from './tenants-file.js';

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = typeof shells[number];

export type Candidate = {readonly value: string; readonly description?: string};
export type Completion = {readonly candidates: readonly Candidate[]; readonly files: boolean};

/** The words typed so far, for the value completers. */
type Context = {readonly words: readonly string[]};

/** The saved tenants' names (with their domains), never their secrets; none when the file cannot be read. */
function savedTenantNames(): Completion {
	try {
		return {files: false, candidates: readTenants().map(tenant => ({value: tenant.name, description: tenant.domain}))};
	} catch {
		// A refused file (too open, not JSON) is reported by the command itself, not into the command line.
		return {files: false, candidates: []};
	}
}

/** A command line that names a live tenant (--tenant, or AUTH0_DOMAIN without --store): its connections and clients are not in a local store to read. */
function namesTenant(words: readonly string[]): boolean {
	return valueOf(words, '--tenant') !== undefined || (valueOf(words, '--store') === undefined && Boolean(process.env.AUTH0_DOMAIN));
}

/**
 * Values of an option, by its long name. Options that take a path complete
 * file names.
 */
const valueCompleters: Record<string, (context: Context) => Promise<Completion>> = {
	'--connection': async context => {
		if (namesTenant(context.words)) {
			return {files: false, candidates: []};
		}

		const {connections} = await readCatalog(await storeOf(context.words));
		// Both commands with --connection (users create, users import) take a database connection.
		return {files: false, candidates: connections.filter(connection => connection.strategy === 'auth0').map(connection => ({value: connection.name, description: 'database'}))};
	},
	'--client': async context => {
		if (namesTenant(context.words)) {
			return {files: false, candidates: []};
		}

		const {clients} = await readCatalog(await storeOf(context.words));
		return {files: false, candidates: clients.map(client => ({value: client.client_id, description: client.name}))};
	},
	'--tenant': async () => savedTenantNames(),
};

const pathOptions = new Set(['--store', '--config', '--output']);

/** The store the typed command works on: its --store, else its --config's store, else the default. */
async function storeOf(words: readonly string[]): Promise<string> {
	const store = valueOf(words, '--store');
	if (store !== undefined) {
		return resolveStorePath(store);
	}

	const config = valueOf(words, '--config');
	if (config !== undefined) {
		try {
			const loaded = await loadConfig(config);
			if (loaded.store !== undefined && !process.env.USERDECK_STORE) {
				return loaded.store;
			}
		} catch {}
	}

	return resolveStorePath(undefined);
}

function valueOf(words: readonly string[], name: string): string | undefined {
	let found: string | undefined;
	for (let index = 0; index < words.length - 1; index++) {
		const word = words[index]!;
		if (word === name && index + 1 < words.length - 1) {
			found = words[index + 1];
		} else if (word.startsWith(`${name}=`)) {
			found = word.slice(name.length + 1);
		}
	}

	return found;
}

function findOption(command: Command, flag: string): Option | undefined {
	for (let current: Command | null = command; current; current = current.parent) {
		const option = current.options.find(candidate => candidate.long === flag || candidate.short === flag);
		if (option) {
			return option;
		}
	}

	return undefined;
}

function takesValue(option: Option | undefined): boolean {
	return option !== undefined && (option.required || option.optional);
}

/** The first sentence of a description, for the shells that show one. */
function summary(text: string): string {
	return text.split('\n')[0]!.replace(/\s*\(.*$/, '').replaceAll('\t', ' ');
}

/** Untrusted names from the store go into the shell's command line: nothing that could split or steer it. */
function safe(candidate: Candidate): boolean {
	return !/[\s\p{C}'"`$\\;|&<>]/u.test(candidate.value);
}

async function optionValues(option: Option, words: readonly string[]): Promise<Completion> {
	const flag = option.long ?? '';
	if (option.argChoices) {
		return {files: false, candidates: option.argChoices.map(value => ({value}))};
	}

	if (pathOptions.has(flag)) {
		return {files: true, candidates: []};
	}

	const completer = valueCompleters[flag];
	return completer ? completer({words}) : {files: false, candidates: []};
}

/** What fits the last word of `words` (the words after `userdeck`; the last may be empty). */
export async function complete(program: Command, words: readonly string[]): Promise<Completion> {
	let command = program;
	let positionals = 0;
	const typed = words.slice(0, -1);
	const current = words.at(-1) ?? '';
	for (let index = 0; index < typed.length; index++) {
		const word = typed[index]!;
		if (word === '--') {
			positionals = Number.POSITIVE_INFINITY;
			continue;
		}

		if (word.startsWith('-') && positionals !== Number.POSITIVE_INFINITY) {
			if (!word.includes('=') && takesValue(findOption(command, word))) {
				index++;
			}

			continue;
		}

		const sub = command.commands.find(candidate => candidate.name() === word || candidate.aliases().includes(word));
		if (sub && positionals === 0) {
			command = sub;
		} else {
			positionals++;
		}
	}

	let completion: Completion;
	const previous = typed.at(-1);
	const previousOption = previous?.startsWith('-') && !previous.includes('=') ? findOption(command, previous) : undefined;
	if (takesValue(previousOption)) {
		completion = await optionValues(previousOption!, words);
	} else if (current.startsWith('--') && current.includes('=')) {
		const flag = current.slice(0, current.indexOf('='));
		const option = findOption(command, flag);
		const values = option ? await optionValues(option, words) : {files: false, candidates: []};
		completion = {files: values.files, candidates: values.candidates.map(candidate => ({...candidate, value: `${flag}=${candidate.value}`}))};
	} else if (current.startsWith('-')) {
		const help = command.createHelp();
		const options = [...help.visibleOptions(command), ...(command.parent ? [] : help.visibleGlobalOptions(command))];
		completion = {files: false, candidates: options.flatMap(option => (option.long ? [{value: option.long, description: summary(option.description)}] : []))};
	} else {
		const help = command.createHelp();
		const subcommands = positionals === 0
			? help.visibleCommands(command).filter(sub => sub.name() !== 'help').map(sub => ({value: sub.name(), description: summary(sub.description())}))
			: [];
		const argument = command.registeredArguments[Math.min(positionals, command.registeredArguments.length - 1)];
		const argumentChoices = argument?.argChoices?.map(value => ({value}))
			?? (command.name() === 'remove' && command.parent?.name() === 'tenants' ? savedTenantNames().candidates : []);
		// Commands whose argument is a file (users import FILE) complete paths.
		const fileArgument = argument !== undefined && /file/i.test(argument.name());
		completion = {files: fileArgument, candidates: [...subcommands, ...argumentChoices]};
	}

	return {
		files: completion.files,
		candidates: completion.candidates.filter(candidate => candidate.value.startsWith(current) && safe(candidate)),
	};
}

/** The protocol's text for a completion. */
export function completionText(completion: Completion): string {
	// Descriptions can be names from the store (a client's): no control sequences for the shell's menu.
	const lines = completion.candidates.map(candidate => (candidate.description ? `${candidate.value}\t${sanitize(candidate.description).replaceAll(/\s+/g, ' ')}` : candidate.value));
	return [...lines, completion.files ? ':files' : ':nofiles'].map(line => `${line}\n`).join('');
}

export function completionScript(shell: Shell, name = 'userdeck'): string {
	const fn = `_${name.replaceAll(/\W/g, '_')}_complete`;
	switch (shell) {
		case 'bash': {
			return `# ${name} completion for bash. Load it in ~/.bashrc with:
#   source <(${name} completion bash)
${fn}() {
	local cur="\${COMP_WORDS[COMP_CWORD]}"
	local out directive line
	out=$(${name} __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
	directive=\${out##*$'\\n'}
	COMPREPLY=()
	while IFS= read -r line; do
		case $line in
			:files|:nofiles) ;;
			*) COMPREPLY+=("\${line%%$'\\t'*}") ;;
		esac
	done <<<"$out"
	if [[ $directive == :files ]]; then
		while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
	fi
	return 0
}
complete -F ${fn} ${name}
`;
		}

		case 'zsh': {
			return `#compdef ${name}
# ${name} completion for zsh. Load it in ~/.zshrc (after compinit) with:
#   source <(${name} completion zsh)
${fn}() {
	local -a lines candidates
	local line directive
	lines=("\${(@f)$(${name} __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
	directive=\${lines[-1]}
	for line in "\${(@)lines[1,-2]}"; do
		[[ -z $line ]] && continue
		if [[ $line == *$'\\t'* ]]; then
			candidates+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
		else
			candidates+=("\${line//:/\\\\:}")
		fi
	done
	(( \${#candidates} )) && _describe -t values '${name}' candidates
	[[ $directive == :files ]] && _files
	return 0
}
if [[ "\${funcstack[1]}" == "${fn}" ]]; then
	${fn} "$@"
else
	compdef ${fn} ${name}
fi
`;
		}

		case 'fish': {
			return `# ${name} completion for fish. Load it with:
#   ${name} completion fish | source
# or save it as ~/.config/fish/completions/${name}.fish
function ${fn}
	set -l words (commandline -opc)[2..-1] (commandline -ct)
	for line in (${name} __complete -- $words 2>/dev/null)
		switch $line
			case :files
				__fish_complete_path (commandline -ct)
			case :nofiles
			case '*'
				echo $line
		end
	end
end
complete -c ${name} -f -a '(${fn})'
`;
		}
	}
}

/** Adds `completion SHELL` and the hidden `__complete` the scripts call. */
export function addCompletionCommands(program: Command): void {
	program.command('completion')
		.description('print a shell completion script: bash, zsh or fish')
		.addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(shells))
		.addHelpText('after', `
Load it for this shell session, or add the line to your shell's startup file:
  bash  source <(userdeck completion bash)        (in ~/.bashrc)
  zsh   source <(userdeck completion zsh)         (in ~/.zshrc, after compinit)
  fish  userdeck completion fish | source         (or save it as ~/.config/fish/completions/userdeck.fish)
Commands, options, choices, paths, saved tenant names, and the connection
names and client IDs of the store the command line names complete.`)
		.action((shell: Shell) => {
			process.stdout.write(completionScript(shell));
		});

	program.command('__complete', {hidden: true})
		.argument('[words...]')
		.allowUnknownOption()
		.helpOption(false)
		.action(async (words: string[]) => {
			process.stdout.write(completionText(await complete(program, words.length === 0 ? [''] : words)));
		});
}
