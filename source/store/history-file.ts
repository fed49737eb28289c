// The prompts' history on disk: one small JSON file per target (a store, or
// later a tenant) in the platform's state folder, private (0600, in a 0700
// folder) and replaced atomically (atomic-file.ts), so a crash leaves the old
// history or the new one. Reading it never stops the console: a file that is
// not a history, or that cannot be read, gives a warning, and this session
// keeps its history in memory without writing over the file (nothing in it is
// lost; the warning says where it is).
import {createHash} from 'node:crypto';
import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import envPaths from 'env-paths';
import {emptyHistory, historyFromJson, historyToJson, memoryHistory, type PromptHistory} from '../domain/prompt-history.js';
import {parseJsonWithPosition} from '../domain/parse-json.js';
import {folderMode, writeFileAtomic} from './atomic-file.js';

/**
 * The folder for state that is not data: `USERDECK_STATE_DIR` (tests, or to
 * keep it elsewhere), else XDG's state folder on Linux (`~/.local/state/userdeck`,
 * where shells keep their history; env-paths calls it `log`), else the
 * platform's data folder (macOS and Windows have no state folder).
 */
export function stateFolder(env: NodeJS.ProcessEnv = process.env): string {
	if (env.USERDECK_STATE_DIR) {
		return path.resolve(env.USERDECK_STATE_DIR);
	}

	const paths = envPaths('userdeck', {suffix: ''});
	return process.platform === 'linux' ? paths.log : paths.data;
}

/**
 * A file name for a target's history: readable, and unique per target. A
 * store is named by its absolute path (`store-<name>-<hash of the path>`),
 * a tenant by its domain (`tenant-<domain>-<hash of the domain>`: two long
 * domains cut to the same 40 characters never share a history).
 */
export function historyTargetId(target: {kind: 'local'; storePath: string} | {kind: 'tenant'; domain: string}): string {
	const safe = (text: string) => text.toLowerCase().replaceAll(/[^a-z\d.-]+/g, '-').replaceAll(/^-+|-+$/g, '').slice(0, 40) || 'x';
	const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
	if (target.kind === 'tenant') {
		const domain = target.domain.toLowerCase();
		return `tenant-${safe(domain)}-${hash(domain)}`;
	}

	const absolute = path.resolve(target.storePath);
	return `store-${safe(path.basename(absolute, path.extname(absolute)))}-${hash(absolute)}`;
}

export function historyFile(targetId: string, env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateFolder(env), 'history', `${targetId}.json`);
}

export type OpenedHistory = {readonly history: PromptHistory; readonly warning?: string | undefined};

/**
 * Reads the history in `file` (none yet is an empty one). Never throws: a
 * problem is a warning, and the history then stays in memory. A failed save
 * is reported once through `onSaveError`.
 */
export async function openHistoryFile(file: string, onSaveError: (message: string) => void = () => undefined): Promise<OpenedHistory> {
	let initial = emptyHistory;
	let writable = true;
	let warning: string | undefined;
	try {
		const parsed = parseJsonWithPosition(await readFile(file, 'utf8'));
		if (!parsed.ok) {
			throw new Error(`line ${parsed.line}, column ${parsed.column}: ${parsed.message}`);
		}

		initial = historyFromJson(parsed.value);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			writable = false;
			// What went wrong first: a status line at 80 columns may cut the path.
			warning = `Prompt history not usable (${(error as Error).message}); not saved this session: fix or remove ${file}`;
		}
	}

	const memory = memoryHistory(initial);
	let saving: Promise<void> = Promise.resolve();
	let reported = false;
	const save = async () => {
		try {
			await mkdir(path.dirname(file), {recursive: true, mode: folderMode});
			const text = historyToJson({text: memory.entries('text'), query: memory.entries('query')});
			await writeFileAtomic(file, async writer => {
				await writer.write(text);
			});
		} catch (error) {
			if (!reported) {
				reported = true;
				onSaveError(`Could not save the prompt history to ${file}: ${(error as Error).message}`);
			}
		}
	};

	return {
		warning,
		history: {
			entries: memory.entries,
			remember(mode, entry) {
				const before = memory.entries(mode);
				memory.remember(mode, entry);
				if (writable && memory.entries(mode) !== before) {
					// One write at a time, in order: the last one written holds every entry.
					saving = saving.then(save);
				}
			},
			flush: async () => saving,
		},
	};
}
