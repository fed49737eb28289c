// Output helpers for commands: aligned tables for people, JSON for scripts.
// Everything from the store passes through `sanitize` before reaching a terminal.
// Colour only where colorEnabled says so (NO_COLOR, FORCE_COLOR, a terminal);
// what colour marks is also written out ("[BLOCKED]", "warning:").
import {colorEnabled, type ColorStream} from '../terminal/color-support.js';
import {sanitize} from '../terminal/sanitize.js';
import {safeJson} from '../terminal/safe-json.js';

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

export type Column<T> = {header: string; value: (row: T) => string; align?: 'left' | 'right'; tone?: (row: T) => Tone | undefined};

export function printTable<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>): void {
	const cells = rows.map(row => columns.map(column => sanitize(column.value(row))));
	const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map(row => [...row[index]!].length)));
	const line = (values: string[], tone: (index: number) => Tone | undefined) => values
		.map((value, index) => {
			const width = widths[index]!;
			const pad = ' '.repeat(Math.max(0, width - [...value].length));
			const shown = tone(index) ? paint(process.stdout, tone(index)!, value) : value;
			return columns[index]!.align === 'right' ? pad + shown : shown + pad;
		})
		.join('  ')
		.trimEnd();
	const out = [
		line(columns.map(column => column.header), () => 'bold'),
		...cells.map((row, rowIndex) => line(row, index => columns[index]!.tone?.(rows[rowIndex]!))),
	];
	process.stdout.write(`${out.join('\n')}\n`);
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
