// Issue 19: the streamed writers print what the whole-list printers printed
// (a small list is byte for byte the same), a table wider than its first page
// cuts nothing, the sink waits for 'drain' when the stream is full, and a
// reader that went away (EPIPE) ends the output with OutputClosed.
import {Writable} from 'node:stream';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {batchedSink, OutputClosed, writableSink} from '../../source/cli/output-sink.js';
import {type Column, printJson, printTable, writeJsonArray, writeTable} from '../../source/cli/output.js';
import {waitFor} from '../support/wait-for.js';

type Row = {name: string; email: string; count: number; blocked: boolean};

const columns: Array<Column<Row>> = [
	{header: 'NAME', value: row => row.name, tone: row => (row.blocked ? 'danger' : undefined)},
	{header: 'EMAIL', value: row => row.email},
	{header: 'COUNT', value: row => String(row.count), align: 'right'},
];

function rows(count: number): Row[] {
	return Array.from({length: count}, (_, index) => ({
		name: index % 7 === 0 ? `Ünïcødé ${'x'.repeat(index % 13)}` : `Person ${index}`,
		email: `person${index}@example.com`,
		count: index * 37,
		blocked: index % 5 === 0,
	}));
}

/** What `print` wrote to standard output. */
function printed(print: () => void): string {
	let out = '';
	const spy = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
		out += String(chunk);
		return true;
	});
	try {
		print();
	} finally {
		spy.mockRestore();
	}

	return out;
}

/** What a writer wrote through a sink, and in how many writes. */
async function written(write: (sink: (text: string) => undefined) => Promise<unknown>): Promise<{text: string; writes: number}> {
	let text = '';
	let writes = 0;
	await write(piece => {
		text += piece;
		writes++;
		return undefined;
	});
	return {text, writes};
}

async function * slowly<T>(items: readonly T[]): AsyncGenerator<T> {
	for (const item of items) {
		yield item;
	}
}

afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllEnvs();
});

describe('writeJsonArray', () => {
	const values: unknown[][] = [
		[],
		[{user_id: 'auth0|1', name: 'One'}],
		[{user_id: 'auth0|1', identities: [{connection: 'db', isSocial: false}], app_metadata: {}}, {user_id: 'auth0|2', name: 'Line\nbreak\u0085 and \u202E override', list: [1, [2, {}]]}, {nested: {deeper: {deepest: [null, true]}}}],
	];

	it.each(values)('writes what printJson wrote for the whole array (%#)', async (...items) => {
		const streamed = await written(async sink => writeJsonArray(sink, slowly(items)));
		expect(streamed.text).toBe(printed(() => {
			printJson(items);
		}));
		expect(JSON.parse(streamed.text)).toEqual(items);
	});
});

describe('writeTable', () => {
	it.each([0, 1, 12, 1000])('writes what printTable wrote for %i rows', async count => {
		const all = rows(count);
		const streamed = await written(async sink => writeTable(sink, slowly(all), columns));
		expect(streamed.text).toBe(printed(() => {
			printTable(all, columns);
		}));
	});

	it('colours the same cells as printTable (FORCE_COLOR)', async () => {
		vi.stubEnv('FORCE_COLOR', '1');
		const all = rows(30);
		const streamed = await written(async sink => writeTable(sink, slowly(all), columns));
		expect(streamed.text).toContain('\u001B[31m');
		expect(streamed.text).toBe(printed(() => {
			printTable(all, columns);
		}));
	});

	it('sets the widths from the first page of rows and cuts no later, longer cell', async () => {
		const all = rows(1001);
		const long = `${'Very long name '.repeat(5)}end`;
		all.push({name: long, email: 'late@example.com', count: 1, blocked: false});
		const streamed = await written(async sink => writeTable(sink, slowly(all), columns));
		const lines = streamed.text.split('\n');
		const firstPage = printed(() => {
			printTable(all.slice(0, 1000), columns);
		});
		expect(streamed.text.startsWith(firstPage)).toBe(true);
		expect(lines).toHaveLength(1 + 1002 + 1);
		// Row 1001 is laid out in the first page's widths; the long name is written whole.
		expect(lines[1001]!.indexOf('person1000@')).toBe(lines[2]!.indexOf('person1@'));
		expect(lines[1002]).toContain(`${long}  late@example.com`);
	});

	it('writes a long table in a few large writes, not one per row', async () => {
		const streamed = await written(async sink => writeTable(sink, slowly(rows(5000)), columns));
		expect(streamed.text.split('\n')).toHaveLength(5002);
		expect(streamed.writes).toBeLessThan(50);
	});
});

/** A stream that takes one write and holds it until `release` (a pipe whose reader is slow). */
function heldStream(): {stream: Writable; writes: string[]; release: () => void} {
	const writes: string[] = [];
	let pending: (() => void) | undefined;
	const stream = new Writable({
		highWaterMark: 4,
		write(chunk: Buffer, _encoding, callback) {
			writes.push(chunk.toString());
			pending = callback;
		},
	});
	return {
		stream,
		writes,
		release() {
			const callback = pending;
			pending = undefined;
			callback?.();
		},
	};
}

describe('writableSink', () => {
	it('waits for drain when the stream is full, and writes nothing more meanwhile', async () => {
		const {stream, writes, release} = heldStream();
		const sink = writableSink(stream);
		let drained = false;
		const wait = sink('more than four characters');
		expect(wait).toBeInstanceOf(Promise);
		void wait!.then(() => {
			drained = true;
		});
		await waitFor(() => writes.length === 1);
		expect(drained).toBe(false);
		release();
		await wait;
		expect(drained).toBe(true);
		// Room again: a small write goes without waiting.
		expect(sink('ok')).toBeUndefined();
	});

	it('throws OutputClosed once the reader has gone (EPIPE), and other errors as they are', async () => {
		const broken = new Writable({
			write(_chunk, _encoding, callback) {
				callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
			},
		});
		const sink = writableSink(broken);
		await expect(Promise.resolve(sink('x'.repeat(20_000)))).rejects.toBeInstanceOf(OutputClosed);
		expect(() => sink('again')).toThrow(OutputClosed);

		const full = new Writable({
			write(_chunk, _encoding, callback) {
				callback(Object.assign(new Error('no space left on device'), {code: 'ENOSPC'}));
			},
		});
		const failing = writableSink(full);
		await expect(Promise.resolve(failing('x'.repeat(20_000)))).rejects.toThrow('no space left on device');
	});

	it('gathers small writes into batches and writes what is left on flush', async () => {
		const pieces: string[] = [];
		const batch = batchedSink(text => {
			pieces.push(text);
			return undefined;
		}, 10);
		for (const text of ['abc', 'def', 'ghij', 'k']) {
			batch.write(text);
		}

		expect(pieces).toEqual(['abcdefghij']);
		await batch.flush();
		expect(pieces).toEqual(['abcdefghij', 'k']);
	});
});
