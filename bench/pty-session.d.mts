// Types of pty-session.mjs (the benchmark's harness is plain JS run by node;
// the test suite checks its screen model).
export class Screen {
	constructor(cols: number, rows: number);
	readonly cols: number;
	readonly rows: number;
	row: number;
	col: number;
	write(text: string): void;
	line(row: number): string;
	text(): string;
}

export function nowMs(): number;

export class PtySession {
	static start(command: string, args: string[], options?: {cols?: number; rows?: number; env?: Record<string, string>}): PtySession;
	readonly screen: Screen;
	onScreen: ((screen: Screen) => void) | undefined;
	text: string;
	bytes: number;
	totalBytes: number;
	spawnMs: number | undefined;
	exitMs: number | undefined;
	pid: number | undefined;
	readonly exited: Promise<number | null>;
	mark(): void;
	send(keys: string): number;
	waitFor(test: string | RegExp | ((screen: string) => unknown), options?: {timeout?: number; label?: string}): Promise<{at: number; found: unknown}>;
	settle(quietMs?: number, maxMs?: number): Promise<void>;
	rssMb(): number | undefined;
	close(keys?: string): Promise<void>;
}
