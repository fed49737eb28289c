// `--mask` and USERDECK_MASK at the command line: documented in --help, and a
// value of USERDECK_MASK that is neither on nor off stops the console with a
// usage error before anything is drawn.
import {expect, it} from 'vitest';
import {runCli} from '../support/cli.js';

it('--help documents --mask, and a wrong USERDECK_MASK is a usage error', () => {
	expect(runCli(['--help']).stdout).toMatch(/--mask +mask personal data on screen/);
	const wrong = runCli([], undefined, {USERDECK_MASK: 'maybe'});
	expect(wrong.code).toBe(2);
	expect(wrong.stderr).toBe('userdeck: USERDECK_MASK is "maybe": use 1 to mask personal data on screen, 0 not to\n');
	// A valid value passes; without a terminal the console then refuses to start, as before.
	expect(runCli([], undefined, {USERDECK_MASK: '1'}).stderr).toContain('The console needs a terminal');
	expect(runCli(['--mask']).stderr).toContain('The console needs a terminal');
});
