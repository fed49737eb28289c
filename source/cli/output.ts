// Output helpers for commands: aligned tables for people, JSON for scripts.
// Everything from the store passes through `sanitize` before reaching a terminal.
// Colour only where colorEnabled says so (NO_COLOR, FORCE_COLOR, a terminal);
// what colour marks is also written out ("[BLOCKED]", "warning:").
import {colorEnabled, type ColorStream} from '../terminal/color-support.js';
import {sanitize} from '../terminal/sanitize.js';
import {safeJson} from '../terminal/safe-json.js';
import type {Sink} from '../services/export-users.js';
import {batchedSink} from './output-sink.js';

const sgr = {danger: ['31', '39'], warning: ['33', '39'], bold: ['1', '22']} as const;
export type Tone = keyof typeof sgr;

/** `text` in the tone's colour when the stream takes colours, else as it is. */
export function paint(stream: ColorStream, tone: Tone, text: string): string {
	if (!colorEnabled(stream)) {
		return text;
	}

	const [on, off] = sgr[tone];
	return `\u001B[${on}m${text}\u001B[${off}m`;
}

/** A warning on standard error: "userdeck: warning: …". */
export function warn(message: string): void {
	process.stderr.write(`${paint(process.stderr, 'warning', 'userdeck: warning:')} ${sanitize(message)}\n`);
}

export function printJson(value: unknown): void {
	process.stdout.write(`${safeJson(value)}\n`);
}

/**
 * The same text as `printJson` of an array of `items`, written an element at
 * a time: `[`, the elements (indented as JSON.stringify indents an array's)
 * joined by `,\n`, then `]`. Returns how many were written.
 */
export async function writeJsonArray(sink: Sink, items: AsyncIterable<unknown> | Iterable<unknown>): Promise<number> {
	const out = batchedSink(sink);
	let count = 0;
	for await (const item of items) {
		// The only raw line breaks in safeJson's text are its indentation: each gets the array's.
		await out.write(`${count === 0 ? '[\n  ' : ',\n  '}${safeJson(item).replaceAll('\n', '\n  ')}`);
		count++;
	}

	await out.write(count === 0 ? '[]\n' : '\n]\n');
	await out.flush();
	return count;
}

export type Column<T> = {header: string; value: (row: T) => string; align?: 'left' | 'right'; tone?: (row: T) => Tone | undefined};

/** A row's cells, sanitized, and their tones: all a table keeps of a row. */
type Cells = {readonly values: string[]; readonly tones: Array<Tone | undefined>};

function cellsOf<T>(row: T, columns: ReadonlyArray<Column<T>>): Cells {
	return {values: columns.map(column => sanitize(column.value(row))), tones: columns.map(column => column.tone?.(row))};
}

function widthsOf<T>(columns: ReadonlyArray<Column<T>>, rows: readonly Cells[]): number[] {
	return columns.map((column, index) => {
		let width = column.header.length;
		for (const row of rows) {
			width = Math.max(width, [...row.values[index]!].length);
		}

		return width;
	});
}

function tableLine<T>(columns: ReadonlyArray<Column<T>>, widths: readonly number[], {values, tones}: Cells): string {
	return values
		.map((value, index) => {
			const width = widths[index]!;
			const pad = ' '.repeat(Math.max(0, width - [...value].length));
			const tone = tones[index];
			const shown = tone ? paint(process.stdout, tone, value) : value;
			return columns[index]!.align === 'right' ? pad + shown : shown + pad;
		})
		.join('  ')
		.trimEnd();
}

function headerCells<T>(columns: ReadonlyArray<Column<T>>): Cells {
	return {values: columns.map(column => column.header), tones: columns.map(() => 'bold' as const)};
}

export function printTable<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): void {
	const cells = rows.map(row => cellsOf(row, columns));
	const widths = widthsOf(columns, cells);
	const out = [headerCells(columns), ...cells].map(row => tableLine(columns, widths, row));
	process.stdout.write(`${out.join('\n')}\n`);
}

/** Rows whose cells set a streamed table's column widths (see docs/import-export.md). */
export const tableWidthRows = 1000;

/**
 * `printTable` for rows that arrive one at a time: the columns are as wide as
 * the widest cell of the first `widthRows` rows (so a table of fewer rows is
 * the same text as printTable's), and a later, longer cell is written whole,
 * pushing the rest of its line right, never cut. Holds the cells of the first
 * `widthRows` rows at most, never the rows. Returns how many rows were written.
 */
export async function writeTable<T>(sink: Sink, rows: AsyncIterable<T> | Iterable<T>, columns: ReadonlyArray<Column<T>>, widthRows = tableWidthRows): Promise<number> {
	const out = batchedSink(sink);
	let first: Cells[] | undefined = [];
	let widths: number[] = [];
	let count = 0;
	const start = async (): Promise<void> => {
		widths = widthsOf(columns, first!);
		for (const cells of [headerCells(columns), ...first!]) {
			// eslint-disable-next-line no-await-in-loop
			await out.write(`${tableLine(columns, widths, cells)}\n`);
		}

		first = undefined;
	};

	for await (const row of rows) {
		count++;
		if (first) {
			first.push(cellsOf(row, columns));
			if (first.length >= widthRows) {
				await start();
			}
		} else {
			await out.write(`${tableLine(columns, widths, cellsOf(row, columns))}\n`);
		}
	}

	if (first) {
		await start();
	}

	await out.flush();
	return count;
}

export function printLine(text: string): void {
	process.stdout.write(`${sanitize(text)}\n`);
}

/** Reads all of standard input (for --password-stdin), without the final newline. */
export async function readStdin(): Promise<string> {
	return (await readStdinBytes()).toString('utf8').replace(/\r?\n$/, '');
}

/** Standard input as bytes: a gzipped file stays binary, and text is checked as UTF-8 (see domain/utf8.ts). */
export async function readStdinBytes(): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) {
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks);
}
