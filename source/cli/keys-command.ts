// `userdeck keys`: every binding of the console with its id, the name the
// config file's `keys` use, and its keys as they are after the config file.
import type {Command} from 'commander';
import {bindings, scopeTitles} from '../ui/keymap.js';
import {printJson, printTable} from './output.js';

export function addKeysCommand(program: Command): void {
	program.command('keys')
		.description('list the console\'s key bindings with the ids the config file\'s keys use')
		.option('--json', 'print JSON instead of a table')
		.action((options: {json?: boolean}) => {
			if (options.json) {
				printJson(bindings.map(binding => ({id: binding.id, scope: binding.scope, keys: binding.keys, description: binding.description})));
				return;
			}

			printTable(bindings, [
				{header: 'ID', value: binding => binding.id},
				// As the config file writes them (up, ctrl-s, G), ready to copy.
				{header: 'KEYS', value: binding => binding.keys.join(' ')},
				{header: 'WHERE', value: binding => scopeTitles[binding.scope]},
				{header: 'DOES', value: binding => binding.description},
			]);
		});
}
