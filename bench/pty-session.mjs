// A program running in a pseudo-terminal (through pty-bridge.py), seen from
// the benchmark: keys go in, the bytes the terminal would receive come out with
// the time they arrived, and are played on a small screen model (the console
// rewrites only what changed, down to the end of a line, so the text of a
// frame is on the screen, not in the bytes). Waiting for a frame means waiting
// until the screen, after some output that arrived since a key, shows it.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {StringDecoder} from 'node:string_decoder';
import {fileURLToPath} from 'node:url';
import stringWidth from 'string-width';

const csiPattern = /\u001B\[([\d;?]*)([ -/]*)([@-~])/y;
const oscPattern = /\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/y;
/** Display width of each grapheme seen. */
const widths = new Map();

/** Characters only (no colours): cursor moves, erasing, text. Enough for the console and the baseline. */
export class Screen {
	constructor(cols, rows) {
		this.cols = cols;
		this.rows = rows;
		this.lines = Array.from({length: rows}, () => Array.from({length: cols}, () => ' '));
		this.row = 0;
		this.col = 0;
		this.pending = '';
		this.segmenter = new Intl.Segmenter();
	}

	write(text) {
		const data = this.pending + text;
		this.pending = '';
		let index = 0;
		while (index < data.length) {
			const code = data.charCodeAt(index);
			if (code === 0x1B) {
				csiPattern.lastIndex = index;
				const csi = csiPattern.exec(data);
				if (csi) {
					this.control(csi[1], csi[3]);
					index = csiPattern.lastIndex;
					continue;
				}

				oscPattern.lastIndex = index;
				const osc = oscPattern.exec(data);
				if (osc) {
					index = oscPattern.lastIndex;
				} else if (data.length - index < 64 || data[index + 1] === ']') {
					// A sequence cut between two reads (an OSC, such as a clipboard
					// copy, can be long): finish it with the next.
					this.pending = data.slice(index);
					return;
				} else {
					index += 2;
				}

				continue;
			}

			if (code === 0x0D) {
				this.col = 0;
				index++;
				continue;
			}

			if (code === 0x0A) {
				this.row = Math.min(this.rows - 1, this.row + 1);
				index++;
				continue;
			}

			// Most of a frame is text of one code unit that nothing after it joins
			// (a character below U+0300 cannot be combined into the one before it):
			// it is its own grapheme, and its width is looked up once. The rest
			// (combining marks, emoji, surrogate pairs) goes through the segmenter.
			// The time a frame is seen is taken before this runs, but a frame that
			// arrives in two reads waits for the first one's play, so it must be quick.
			const next = index + 1 < data.length ? data.charCodeAt(index + 1) : 0;
			let grapheme;
			if (next < 0x300 && (code < 0xD800 || code > 0xDFFF)) {
				grapheme = data[index];
				index++;
			} else {
				const [cluster] = this.segmenter.segment(data.slice(index, index + 16));
				grapheme = cluster.segment;
				index += grapheme.length;
			}

			this.put(grapheme);
		}
	}

	put(grapheme) {
		let width = widths.get(grapheme);
		if (width === undefined) {
			width = stringWidth(grapheme);
			widths.set(grapheme, width);
		}

		if (width === 0 || this.row >= this.rows) {
			return;
		}

		if (this.col + width <= this.cols) {
			const line = this.lines[this.row];
			line[this.col] = grapheme;
			for (let extra = 1; extra < width; extra++) {
				line[this.col + extra] = '';
			}
		}

		this.col += width;
	}

	control(parameters, command) {
		const numbers = parameters.startsWith('?') ? [] : parameters.split(';').map(value => (value === '' ? undefined : Number(value)));
		if (command === 'H' || command === 'f') {
			this.row = Math.max(0, (numbers[0] ?? 1) - 1);
			this.col = Math.max(0, (numbers[1] ?? 1) - 1);
		} else if (command === 'G') {
			this.col = Math.max(0, (numbers[0] ?? 1) - 1);
		} else if (command === 'A') {
			this.row = Math.max(0, this.row - (numbers[0] ?? 1));
		} else if (command === 'K' && this.row < this.rows) {
			const mode = numbers[0] ?? 0;
			const from = mode === 0 ? this.col : 0;
			const to = mode === 1 ? this.col + 1 : this.cols;
			for (let col = from; col < Math.min(to, this.cols); col++) {
				this.lines[this.row][col] = ' ';
			}
		} else if (command === 'J' && (numbers[0] ?? 0) === 2) {
			this.lines = Array.from({length: this.rows}, () => Array.from({length: this.cols}, () => ' '));
		}
	}

	line(row) {
		return this.lines[row].join('');
	}

	text() {
		return this.lines.map(line => line.join('')).join('\n');
	}
}

const bridge = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pty-bridge.py');

/** Milliseconds on the clock the bridge reports in (CLOCK_MONOTONIC), as node's hrtime. */
export function nowMs() {
	return Number(process.hrtime.bigint()) / 1e6;
}

/** Sessions still running: stopped when the benchmark ends, even by an error. */
const live = new Set();
process.on('exit', () => {
	for (const child of live) {
		child.kill('SIGTERM');
	}
});

export class PtySession {
	/** Starts `command` in a `cols`×`rows` terminal, without CI in its environment (Ink draws nothing under CI). */
	static start(command, args, {cols = 120, rows = 40, env = {}} = {}) {
		const environment = {...process.env, TERM: 'xterm-256color', ...env};
		delete environment.CI;
		const child = spawn('python3', [bridge, String(cols), String(rows), command, ...args], {env: environment, stdio: ['pipe', 'pipe', 'pipe']});
		return new PtySession(child, cols, rows);
	}

	constructor(child, cols = 120, rows = 40) {
		this.child = child;
		this.screen = new Screen(cols, rows);
		/** Called with the screen after each piece of output (the benchmark reads the info line). */
		this.onScreen = undefined;
		this.decoder = new StringDecoder('utf8');
		/** Text received since the last mark, and when each piece arrived. */
		this.text = '';
		this.bytes = 0;
		this.totalBytes = 0;
		this.waiters = [];
		this.spawnMs = undefined;
		this.exitMs = undefined;
		this.pid = undefined;
		live.add(child);
		this.exited = new Promise(resolve => {
			child.on('exit', code => {
				live.delete(child);
				resolve(code);
			});
		});
		let errors = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', chunk => {
			errors += chunk;
			let newline;
			while ((newline = errors.indexOf('\n')) !== -1) {
				const line = errors.slice(0, newline);
				errors = errors.slice(newline + 1);
				const [word, value] = line.split(' ');
				if (word === 'spawn') {
					this.spawnMs = Number(BigInt(value)) / 1e6;
				} else if (word === 'pid') {
					this.pid = Number(value);
				} else if (word === 'exit') {
					this.exitMs = Number(BigInt(value)) / 1e6;
				}
			}
		});
		child.stdout.on('data', chunk => {
			const at = nowMs();
			this.bytes += chunk.length;
			this.totalBytes += chunk.length;
			const text = this.decoder.write(chunk);
			this.text += text;
			this.screen.write(text);
			this.onScreen?.(this.screen);
			this.check(at);
		});
		child.stdout.on('end', () => {
			for (const waiter of this.waiters.splice(0)) {
				waiter.reject(new Error(`the program ended before showing ${waiter.label}`));
			}
		});
	}

	check(at) {
		if (this.waiters.length === 0) {
			return;
		}

		const screen = this.screen.text();
		for (const waiter of [...this.waiters]) {
			const found = waiter.test(screen);
			if (found) {
				this.waiters.splice(this.waiters.indexOf(waiter), 1);
				clearTimeout(waiter.timer);
				waiter.resolve({at, found});
			}
		}
	}

	/** Forgets what arrived so far: later waits look only at what comes after. */
	mark() {
		this.text = '';
		this.bytes = 0;
	}

	/** Sends keys; returns when they were handed to the bridge. */
	send(keys) {
		const at = nowMs();
		this.child.stdin.write(keys);
		return at;
	}

	/**
	 * Resolves with {at, found} once the screen passes `test` (a string to
	 * contain, a RegExp, or a function returning truthy), checked now and after
	 * each piece of output.
	 */
	waitFor(test, {timeout = 30_000, label = String(test)} = {}) {
		const predicate = typeof test === 'string'
			? text => text.includes(test)
			: (test instanceof RegExp ? text => test.exec(text) : test);
		return new Promise((resolve, reject) => {
			const waiter = {test: predicate, resolve, reject, label};
			waiter.timer = setTimeout(() => {
				this.waiters.splice(this.waiters.indexOf(waiter), 1);
				reject(new Error(`timed out after ${timeout} ms waiting for ${label}; screen:\n${this.screen.text()}`));
			}, timeout);
			this.waiters.push(waiter);
			this.check(nowMs());
		});
	}

	/** Waits until nothing arrives for `quietMs`. */
	async settle(quietMs = 30, maxMs = 2000) {
		const start = nowMs();
		let seen = this.totalBytes;
		let since = nowMs();
		while (nowMs() - start < maxMs) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 5);
			});
			if (this.totalBytes !== seen) {
				seen = this.totalBytes;
				since = nowMs();
			} else if (nowMs() - since >= quietMs) {
				return;
			}
		}
	}

	/**
	 * Resident memory of the program in the terminal and the processes it
	 * started (userdeck runs itself again with a bigger heap for a big store),
	 * from /proc (kB → MB).
	 */
	rssMb() {
		const rssOf = pid => {
			try {
				const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
				return match ? Number(match[1]) : 0;
			} catch {
				return 0;
			}
		};

		const childrenOf = pid => {
			try {
				return fs.readdirSync(`/proc/${pid}/task`).flatMap(task => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
			} catch {
				return [];
			}
		};

		if (this.pid === undefined) {
			return undefined;
		}

		let kb = 0;
		const queue = [this.pid];
		while (queue.length > 0) {
			const pid = queue.shift();
			kb += rssOf(pid);
			queue.push(...childrenOf(pid));
		}

		return kb === 0 ? undefined : kb / 1024;
	}

	async close(keys = '\u0003', graceMs = 5000) {
		if (this.child.exitCode === null) {
			this.child.stdin.write(keys);
			const timer = setTimeout(() => this.child.kill('SIGTERM'), graceMs);
			await this.exited;
			clearTimeout(timer);
		}
	}
}
