// The files of one store. `display` is the path as the user gave it (for
// messages); `file` is where it really is, symbolic links resolved, so that
// renaming a new snapshot into place replaces the file, not the link, and two
// processes that reach it by different links share one journal and one lock.
import path from 'node:path';

export type StorePaths = {
	readonly display: string;
	readonly file: string;
	readonly journal: string;
	readonly lock: string;
	readonly backup: string;
	readonly dir: string;
};

export function storePaths(display: string, file: string = display): StorePaths {
	return {
		display,
		file,
		journal: `${file}-journal`,
		lock: `${file}.lock`,
		backup: `${file}.v0.bak`,
		dir: path.dirname(file),
	};
}
