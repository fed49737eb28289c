// The `/` and `:` prompts' history, as rules: what is kept (deduplicated, the
// most recent last, at most `maxHistory`), what is never kept (anything that
// looks like a secret), and what a file's contents are worth. No I/O here:
// source/store/history-file.ts reads and writes the file.

/** Which prompt an entry was typed in: `/` (free text) or `:` (query syntax). */
export type HistoryMode = 'text' | 'query';

export type HistoryEntries = Readonly<Record<HistoryMode, readonly string[]>>;

export const emptyHistory: HistoryEntries = {text: [], query: []};

/** Entries kept per prompt (issue 18). */
export const maxHistory = 100;

/** Longer entries are not history but a paste: never kept (a prompt takes at most 4096 characters). */
export const maxEntryLength = 1024;

const jwt = /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/;
/** A key name that says a secret follows: `password:…`, `client_secret=…`, `token …`. */
const secretKey = /\b(?:pass(?:word|wd|phrase)?|pwd|secret|client_secret|api[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|token|bearer|authorization)\b\s*[:=]?\s*\S/i;
/** Control characters and the like: an entry that has them was not typed at a prompt. */
const unprintable = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * Whether text looks like a secret and must never be written down: a JWT, a
 * key name that announces one (`password:`, `token=`, `Bearer …`), or a long
 * opaque token (32+ characters of letters and digits mixing upper case, lower
 * case and digits, as API keys and client secrets are). Hex ids, user_ids,
 * emails and words are not: they are what admins search for.
 */
export function looksSecret(text: string): boolean {
	if (jwt.test(text) || secretKey.test(text)) {
		return true;
	}

	for (const word of text.split(/[\s|:"'()[\]{},;]+/)) {
		if (word.length >= 32 && /^[\w+/=.~-]+$/.test(word) && /[a-z]/.test(word) && /[A-Z]/.test(word) && /\d/.test(word)) {
			return true;
		}
	}

	return false;
}

/** Whether an entry is worth keeping: not empty, not too long, printable, no secret. */
export function keepable(entry: string): boolean {
	return entry.trim() !== '' && entry.length <= maxEntryLength && !unprintable.test(entry) && !looksSecret(entry);
}

/** `entries` with `entry` as the most recent (an earlier copy removed), at most `maxHistory`; unchanged when not keepable. */
export function remember(entries: readonly string[], entry: string): readonly string[] {
	if (!keepable(entry)) {
		return entries;
	}

	if (entries.at(-1) === entry) {
		return entries;
	}

	return [...entries.filter(each => each !== entry), entry].slice(-maxHistory);
}

/**
 * The entries a file's parsed contents hold: `{"version": 1, "text": [...],
 * "query": [...]}`. Throws on anything else; entries that are not keepable
 * (hand-edited, or from an older rule) are dropped, duplicates and the
 * oldest past `maxHistory` too.
 */
export function historyFromJson(data: unknown): HistoryEntries {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new TypeError('not a history (expected {"version": 1, "text": [...], "query": [...]})');
	}

	const {version, text, query} = data as Record<string, unknown>;
	if (version !== 1) {
		throw new TypeError(`unknown history version ${JSON.stringify(version)}`);
	}

	const entries = (value: unknown, name: string): readonly string[] => {
		if (value === undefined) {
			return [];
		}

		if (!Array.isArray(value)) {
			throw new TypeError(`"${name}" is not a list`);
		}

		let kept: readonly string[] = [];
		for (const entry of value) {
			if (typeof entry === 'string') {
				kept = remember(kept, entry);
			}
		}

		return kept;
	};

	return {text: entries(text, 'text'), query: entries(query, 'query')};
}

export function historyToJson(entries: HistoryEntries): string {
	return `${JSON.stringify({version: 1, text: entries.text, query: entries.query}, undefined, '\t')}\n`;
}

/** The prompts' history of one target, as the console uses it. */
export type PromptHistory = {
	/** Oldest first. */
	entries(mode: HistoryMode): readonly string[];
	/** Keeps an entry (unless it looks like a secret) and saves the history soon, in the background. */
	remember(mode: HistoryMode, entry: string): void;
	/** Resolves once what was remembered is on disk (or failed to be). */
	flush(): Promise<void>;
};

/** A history that lives as long as the process: for tests, and where no file is wanted. */
export function memoryHistory(initial: HistoryEntries = emptyHistory): PromptHistory {
	let entries = initial;
	return {
		entries: mode => entries[mode],
		remember(mode, entry) {
			entries = {...entries, [mode]: remember(entries[mode], entry)};
		},
		flush: async () => undefined,
	};
}
