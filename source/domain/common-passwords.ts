// The 10,000 most common passwords, which Auth0's password dictionary rejects
// (FACTS.md §2). The list is data: common-passwords.txt, one lower-cased
// password a line, with its source and licence in common-passwords.LICENSE.
// It is imported as text (esbuild's text loader in the bundle, a transform in
// vitest.config.ts for the tests), so the domain layer stays free of I/O and
// dist/cli.js has no file to find at run time.
import list from './common-passwords.txt';

let passwords: ReadonlySet<string> | undefined;

/** Lower-cased; built on first use so start-up does not pay for it. */
export function commonPasswords(): ReadonlySet<string> {
	passwords ??= new Set(list.split('\n').filter(line => line !== ''));
	return passwords;
}
