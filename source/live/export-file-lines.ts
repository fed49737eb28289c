// The lines of an export job's file as its download arrives: gunzipped as a
// stream, cut into lines as they come, each handed on before more is read
// (the reader's `for await` is the only pull), so a tenant of any size takes
// the memory of one line and a few buffers, never of the file. Lines end as
// readline ends them (\n, \r\n or a lone \r), so the users written are those
// the earlier whole-file reading gave. A file cut short, one that is not
// gzip or is damaged inside, and a line longer than any profile can be, are
// each an ExportFileError that says which.
import {pipeline, type Readable} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import {createGunzip} from 'node:zlib';
import {groupDigits} from '../domain/group-digits.js';

/**
 * The longest line taken, in characters. A profile is far smaller (the
 * Management API takes requests up to 1 MB); a longer line means a damaged
 * file, and reading it on would hold it all.
 */
export const maxLineLength = 16 * 1024 * 1024;

export type ExportFileProblem = 'cut short' | 'not gzip' | 'damaged' | 'line too long' | 'download broke off';

export class ExportFileError extends Error {
	override name = 'ExportFileError';
	readonly problem: ExportFileProblem;

	constructor(problem: ExportFileProblem, message: string) {
		super(message);
		this.problem = problem;
	}
}

export type ExportFileLine = {
	/** 1-based, counting every line of the file (blank ones too). */
	readonly number: number;
	readonly text: string;
};

/**
 * The file's lines, blank ones left out. `body` is the download as it
 * arrives; `file` names it in messages ("Auth0's export file from HOST").
 */
export async function * exportFileLines(body: Readable, file: string, options: {maxLength?: number} = {}): AsyncGenerator<ExportFileLine> {
	const maxLength = options.maxLength ?? maxLineLength;
	const gunzip = createGunzip();
	// A failed download destroys the gunzip (its reader then throws that error); a reader that stops early destroys both.
	pipeline(body, gunzip, () => {});
	const lineBreak = /[\r\n]/g;
	const decoder = new StringDecoder('utf8');
	// The unfinished line, in the pieces it came in: joined once, when its end comes.
	let pending: string[] = [];
	let pendingLength = 0;
	// The last piece ended with \r: a \n starting the next one ends no other line.
	let afterCarriageReturn = false;
	let number = 0;
	let unzipped = 0;
	const tooLong = () => new ExportFileError('line too long', `line ${groupDigits(number + 1)} of ${file} is longer than ${groupDigits(maxLength)} characters: no user profile is that long, so the file is damaged`);
	function * linesIn(text: string): Generator<ExportFileLine> {
		if (text === '') {
			return;
		}

		let start = afterCarriageReturn && text.startsWith('\n') ? 1 : 0;
		afterCarriageReturn = false;
		lineBreak.lastIndex = start;
		for (let match = lineBreak.exec(text); match !== null; match = lineBreak.exec(text)) {
			const at = match.index;
			if (pendingLength + at - start > maxLength) {
				throw tooLong();
			}

			const line = pending.length === 0 ? text.slice(start, at) : pending.join('') + text.slice(start, at);
			pending = [];
			pendingLength = 0;
			number++;
			start = at + (text[at] === '\r' && text[at + 1] === '\n' ? 2 : 1);
			afterCarriageReturn = text[at] === '\r' && at === text.length - 1;
			lineBreak.lastIndex = start;
			if (line.trim() !== '') {
				yield {number, text: line};
			}
		}

		if (start < text.length) {
			pending.push(text.slice(start));
			pendingLength += text.length - start;
			if (pendingLength > maxLength) {
				throw tooLong();
			}
		}
	}

	try {
		for await (const chunk of gunzip as AsyncIterable<Buffer>) {
			unzipped += chunk.length;
			yield * linesIn(decoder.write(chunk));
		}
	} catch (error) {
		if (error instanceof ExportFileError) {
			throw error;
		}

		throw readProblem(error as NodeJS.ErrnoException, unzipped, file);
	} finally {
		gunzip.destroy();
	}

	// The last line, when the file does not end with a line break.
	yield * linesIn(`${decoder.end()}\n`);
}

function readProblem(error: NodeJS.ErrnoException, unzipped: number, file: string): ExportFileError {
	if (!String(error.code ?? '').startsWith('Z_')) {
		return new ExportFileError('download broke off', `The download of ${file} broke off: ${error.message}`);
	}

	if (error.code === 'Z_BUF_ERROR') {
		return new ExportFileError('cut short', `${file} is cut short (the gzip stream ends early): run the export again`);
	}

	if (unzipped === 0 && /header/i.test(error.message)) {
		return new ExportFileError('not gzip', `${file} is not gzip (${error.message}): Auth0's export files are gzipped NDJSON`);
	}

	return new ExportFileError('damaged', `${file} is damaged (${error.message}): run the export again`);
}
