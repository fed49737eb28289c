// Runs a userdeck command in this process (source/cli/main.ts), as the built
// CLI would run it, and returns what it wrote and its exit code: for tests
// that reach the Auth0 double through the real SDK, or mock a module.
import {vi} from 'vitest';
import {main} from '../../source/cli/main.js';

export async function runMain(argv: readonly string[]): Promise<{stdout: string; stderr: string; code: number}> {
	let stdout = '';
	let stderr = '';
	const out = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
		stdout += String(chunk);
		return true;
	});
	const error = vi.spyOn(process.stderr, 'write').mockImplementation(chunk => {
		stderr += String(chunk);
		return true;
	});
	process.exitCode = 0;
	try {
		await main(['node', 'userdeck', ...argv]);
	} finally {
		out.mockRestore();
		error.mockRestore();
	}

	const code = Number(process.exitCode ?? 0);
	process.exitCode = 0;
	return {stdout, stderr, code};
}
