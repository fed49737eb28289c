// Edits text in the user's $VISUAL or $EDITOR, the terminal convention of
// `git commit` and `kubectl edit`. The editor runs through `sh -c` as git does,
// so values like "code --wait" work. The temp file is private (0600 in a 0700
// folder) because metadata can hold personal data.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {decodeUtf8} from '../domain/utf8.js';

export function configuredEditor(env: NodeJS.ProcessEnv = process.env): string | undefined {
	const editor = (env.VISUAL ?? env.EDITOR ?? '').trim();
	return editor === '' ? undefined : editor;
}

/**
 * Resolves with the edited text, or undefined when no editor is configured.
 * Rejects when the editor fails (non-zero exit), so nothing is saved.
 */
export async function editInExternalEditor(
	text: string,
	fileName: string,
	screen: {suspend: () => void; resume: () => void},
	env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
	const editor = configuredEditor(env);
	if (!editor) {
		return undefined;
	}

	const folder = mkdtempSync(path.join(tmpdir(), 'userdeck-'));
	const file = path.join(folder, path.basename(fileName));
	try {
		writeFileSync(file, text, {mode: 0o600});
		screen.suspend();
		const stdinWasRaw = process.stdin.isTTY && process.stdin.isRaw;
		if (stdinWasRaw) {
			process.stdin.setRawMode(false);
		}

		const result = spawnSync('/bin/sh', ['-c', `${editor} "$@"`, editor, file], {stdio: 'inherit', env});
		if (stdinWasRaw) {
			process.stdin.setRawMode(true);
		}

		screen.resume();
		if (result.error) {
			throw new Error(`Could not start the editor (${editor}): ${result.error.message}`);
		}

		if (result.status !== 0) {
			throw new Error(`The editor (${editor}) exited with code ${String(result.status)}; nothing was saved`);
		}

		// Bytes, not 'utf8': an editor saving in Latin-1 would otherwise have its letters replaced by U+FFFD, silently.
		const decoded = decodeUtf8(readFileSync(file));
		if (!decoded.ok) {
			throw new Error(`The edited file is not UTF-8: ${decoded.message} at line ${decoded.line}, column ${decoded.column}; nothing was saved`);
		}

		return decoded.text;
	} finally {
		rmSync(folder, {recursive: true, force: true});
	}
}
