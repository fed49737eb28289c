// The baseline of `npm run bench`: the same screen as the Users list (as many
// lines, as wide, coloured alike) pre-formatted as one block of text and drawn
// by Ink. What a key costs here is the floor of the stack (terminal, Ink,
// React, the frame writer); the console's figures are reported as a ratio to
// it. Keys: j/k move, 1-3 swap the whole block as a tab switch does (the same
// three bodies again and again, as tabs show), n replaces every row with rows
// never drawn before (as a new filter result does: no line of it is in the
// frame caches yet), q quits; a burst "jjj" is three moves.
import {Text, useApp, useInput, useStdout} from 'ink';
import {useState} from 'react';

const esc = '\u001B[';
const selectedStyle = `${esc}97;44m`;
const muted = `${esc}90m`;
const reset = `${esc}0m`;

function pad(text: string, width: number): string {
	return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

const names = ['Anna Adams', 'Baraka Mwangi', 'Chloe Brown', 'Daniela Ramírez', 'Elif Kaya', 'Hafiz Kusuma', 'Imran Malik', 'Olga Bondarenko'];

function rowText(index: number, width: number): string {
	const name = names[index % names.length]!;
	const email = `${name.toLowerCase().replace(/[^a-z]/g, '.')}${index}@example.com`;
	return pad(`  ${pad(name, 28)}  ${pad(email, 36)}  ${pad('Username-Password-Authentication', 32)}  ${String(index * 7 % 90).padStart(6)}  3 days ago`, width);
}

export function BaselineScreen({count}: {readonly count: number}) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const width = stdout.columns;
	const height = stdout.rows - 1;
	const page = height - 6;
	const [state, setState] = useState({selected: 0, tab: 0, fresh: 0});
	useInput((input, key) => {
		if (input === 'q' || (key.ctrl && input === 'c')) {
			exit();
			return;
		}

		let {selected, tab, fresh} = state;
		for (const char of input) {
			if (char === 'n') {
				fresh++;
				tab = 0;
			} else if (char === 'j') {
				selected = Math.min(count - 1, selected + 1);
			} else if (char === 'k') {
				selected = Math.max(0, selected - 1);
			} else if (char >= '1' && char <= '3') {
				tab = Number(char) - 1;
			}
		}

		setState({selected, tab, fresh});
	});
	const offset = Math.max(0, state.selected - page + 1);
	const lines = [
		`${esc}1;36m${pad(' baseline  pre-formatted screen', width)}${reset}`,
		`${esc}35m${pad(` Users › Tab ${state.tab + 1}${state.fresh > 0 ? ` · Results ${state.fresh}` : ''}`, width)}${reset}`,
		`${muted}${pad(`Sorted by Name ▲`, width - 40)}${pad(`  ${count.toLocaleString("en-US")} users  ${(state.selected + 1).toLocaleString("en-US")}/${count.toLocaleString("en-US")}`, 40)}${reset}`,
		`${esc}1;35m${pad('  Name                          Email                                 Connection                          Logins  Latest Login', width)}${reset}`,
	];
	for (let row = 0; row < page; row++) {
		// New rows for each new result: users further on in the made-up list.
		const index = offset + row + (state.fresh * page);
		// A tab switch replaces every line of the body, as a new tab does.
		const text = state.tab === 0 ? rowText(index, width) : pad(`  tab ${state.tab + 1} line ${row}: ${'·'.repeat((row * 7 + state.tab * 13) % 60)}`, width);
		lines.push(index === state.selected && state.tab === 0 ? `${selectedStyle}${text}${reset}` : text);
	}

	lines.push(`${esc}36m${pad('↑/↓ move   Enter open   / filter   : query   s sort   q quit   ? help', width)}${reset}`, pad(' ', width));
	return <Text wrap="truncate">{lines.join('\n')}</Text>;
}

