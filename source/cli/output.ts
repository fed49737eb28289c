// Output helpers for commands: aligned tables for people, JSON for scripts.
// Everything from the store passes through `sanitize` before reaching a terminal.
import {sanitize} from '../terminal/sanitize.js';
import {safeJson} from '../terminal/safe-json.js';

export function printJson(value: unknown): void {
	process.stdout.write(`${safeJson(value)}\n`);
}

export type Column<T> = {header: string; value: (row: T) => string; align?: 'left' | 'right'};

export function printTable<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): void {
	const cells = rows.map(row => columns.map(column => sanitize(column.value(row))));
	const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map(row => [...row[index]!].length)));
	const line = (values: string[]) => values
		.map((value, index) => {
			const width = widths[index]!;
			const pad = ' '.repeat(Math.max(0, width - [...value].length));
			return columns[index]!.align === 'right' ? pad + value : value + pad;
		})
		.join('  ')
		.trimEnd();
	const out = [line(columns.map(column => column.header)), ...cells.map(row => line(row))];
	process.stdout.write(`${out.join('\n')}\n`);
}

export function printLine(text: string): void {
	process.stdout.write(`${sanitize(text)}\n`);
}

/** Reads all of standard input (for --password-stdin), without the final newline. */
export async function readStdin(): Promise<string> {
	return (await readStdinBytes()).toString('utf8').replace(/\r?\n$/, '');
}

/** Standard input as bytes, for input that must be valid UTF-8 (see domain/utf8.ts). */
export async function readStdinBytes(): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) {
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks);
}
