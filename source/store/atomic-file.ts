// Shared file helpers. A file is replaced by writing a temp file in the same
// folder, fsyncing it, renaming it over the target and fsyncing the folder:
// after a crash at any point the target is either the old or the new file,
// never a mix, and once we return the new one survives a power loss.
import {randomBytes} from 'node:crypto';
import type {FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {io} from './io.js';
import {isProcessAlive} from './process-alive.js';
import {isErrno} from './store-error.js';

/** Files of the store are private to their owner whatever the umask. */
export const fileMode = 0o600;
export const folderMode = 0o700;

const noop = (): void => {};

/** `.NAME.tmp-<pid>-<random>` beside `file`; the pid lets a later open tell a crashed writer's leftovers from a live writer's work. */
export function tempPathFor(file: string): string {
	return path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

function escapeRegExp(text: string): string {
	return text.replaceAll(/[\\^$.*+?()[\]{}|]/g, String.raw`\$&`);
}

/** Writes the whole buffer: `write` may write less than asked. */
export async function writeAll(fh: FileHandle, buffer: Uint8Array, position: number | null = null): Promise<void> {
	let offset = 0;
	while (offset < buffer.length) {
		const {bytesWritten} = await fh.write(buffer, offset, buffer.length - offset, position === null ? null : position + offset);
		if (bytesWritten === 0) {
			throw new Error('write() wrote nothing');
		}

		offset += bytesWritten;
	}
}

/**
 * Buffers text into ~1 MiB chunks so a million rows become a few hundred
 * writes, without ever holding the whole file as one string. `write` returns
 * a promise only when a chunk went to disk; awaiting it also lets the event
 * loop run (a console stays responsive while a big store is written).
 */
export class ChunkWriter {
	readonly #fh: FileHandle;
	readonly #buffer: Buffer;
	#used = 0;
	#bytes = 0;

	constructor(fh: FileHandle, capacity = 1024 * 1024) {
		this.#fh = fh;
		this.#buffer = Buffer.allocUnsafe(capacity);
	}

	/** Bytes handed to the writer so far. */
	get bytes(): number {
		return this.#bytes + this.#used;
	}

	write(text: string): Promise<void> | undefined {
		// A UTF-16 unit never takes more than 3 bytes in UTF-8.
		if (text.length * 3 <= this.#buffer.length - this.#used) {
			this.#used += this.#buffer.write(text, this.#used, 'utf8');
			return undefined;
		}

		return this.#writeAfterFlush(text);
	}

	/** Raw bytes, written as they are (a backup copy of a file). */
	async writeBytes(bytes: Uint8Array): Promise<void> {
		await this.flush();
		await writeAll(this.#fh, bytes);
		this.#bytes += bytes.length;
	}

	async flush(): Promise<void> {
		if (this.#used > 0) {
			const used = this.#used;
			this.#used = 0;
			await writeAll(this.#fh, this.#buffer.subarray(0, used));
			this.#bytes += used;
		}
	}

	async #writeAfterFlush(text: string): Promise<void> {
		await this.flush();
		if (text.length * 3 <= this.#buffer.length) {
			this.#used += this.#buffer.write(text, 0, 'utf8');
		} else {
			const bytes = Buffer.from(text, 'utf8');
			await writeAll(this.#fh, bytes);
			this.#bytes += bytes.length;
		}
	}
}

/** Makes a rename or a newly created file in `dir` durable. */
export async function fsyncDir(dir: string): Promise<void> {
	let fh: FileHandle;
	try {
		fh = await io.open(dir, 'r');
	} catch (error) {
		// Windows cannot open a folder; its renames are durable without this.
		if (process.platform === 'win32' && isErrno(error, 'EISDIR', 'EPERM', 'EACCES')) {
			return;
		}

		throw error;
	}

	try {
		await fh.sync();
	} catch (error) {
		// Some file systems (FUSE, some network mounts) do not fsync folders.
		if (!isErrno(error, 'EINVAL', 'ENOTSUP', 'EBADF')) {
			throw error;
		}
	} finally {
		await fh.close();
	}
}

/**
 * Replaces `file` atomically and durably with what `produce` writes. The temp
 * file is created exclusively with mode 0600 (and chmod'ed to 0600, whatever
 * the umask), so the data is never readable by others, not even briefly.
 * `durable: false` skips the syncs, for a file that can be made again (a
 * cache that checks itself): after a crash it may be the old one, the new
 * one, or torn.
 */
export async function writeFileAtomic(file: string, ...arguments_: [produce: Produce] | [options: {durable: boolean}, produce: Produce]): Promise<void> {
	const [options, produce] = arguments_.length === 1 ? [{durable: true}, arguments_[0]] : arguments_;
	const temp = tempPathFor(file);
	const fh = await io.open(temp, 'wx', fileMode);
	try {
		await fh.chmod(fileMode);
		const writer = new ChunkWriter(fh);
		await produce(writer);
		await writer.flush();
		if (options.durable) {
			await fh.sync();
		}
	} catch (error) {
		await fh.close().catch(noop);
		await io.unlink(temp).catch(noop);
		throw error;
	}

	try {
		await fh.close();
		await io.rename(temp, file);
	} catch (error) {
		await io.unlink(temp).catch(noop);
		throw error;
	}

	if (options.durable) {
		await fsyncDir(path.dirname(file));
	}
}

type Produce = (writer: ChunkWriter) => Promise<void>;

/**
 * Removes temp files that crashed writers left beside `file` (ours only, by
 * name, and only when the pid in the name is no longer running).
 */
export async function removeStrayTemps(file: string): Promise<string[]> {
	const dir = path.dirname(file);
	const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(file))}(?:-journal|-columns|\\.v0\\.bak|\\.lock|\\.lock\\.break)?\\.tmp-(\\d+)-[0-9a-f]+$`);
	let names: string[];
	try {
		names = await io.readdir(dir);
	} catch {
		return [];
	}

	const removed: string[] = [];
	for (const name of names) {
		const match = pattern.exec(name);
		const pid = Number(match?.[1]);
		if (match && pid !== process.pid && !isProcessAlive(pid)) {
			const temp = path.join(dir, name);
			try {
				await io.unlink(temp);
				removed.push(temp);
			} catch {}
		}
	}

	return removed;
}
