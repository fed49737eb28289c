// Whether the process that wrote a lock is still running. A pid alone does
// not say so: once its process is gone the pid is handed to the next process
// started (in a container, pid 1 is a different program each run, on the same
// boot), and a lock that names it would look held forever. So a lock records
// its process's start time as well, and is held only while the process with
// that pid started at that time.
import {existsSync, readFileSync} from 'node:fs';

/**
 * Whether a process with this pid exists on this machine. EPERM means it
 * exists but belongs to someone else: alive. Only ESRCH means gone.
 */
export function isProcessAlive(pid: number): boolean {
	if (!Number.isSafeInteger(pid) || pid <= 0) {
		return false;
	}

	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
}

/** What /proc says of a process: its command name and start time (clock ticks after boot). */
export type ProcessStat = {readonly command: string; readonly startTime: string};

/**
 * Linux: the process's command name (field 2) and start time (field 22) from
 * `/proc/PID/stat`; null when /proc has no such process; undefined where
 * /proc cannot tell (another platform, /proc not mounted, unreadable).
 */
export function processStat(pid: number): ProcessStat | null | undefined {
	if (process.platform !== 'linux' || !Number.isSafeInteger(pid) || pid <= 0) {
		return undefined;
	}

	let text: string;
	try {
		text = readFileSync(`/proc/${pid}/stat`, 'latin1');
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		// ENOENT with /proc mounted: no such process. Without /proc, nothing is known.
		return code === 'ENOENT' && procMounted() ? null : undefined;
	}

	// The command name is in parentheses and may itself hold spaces and parentheses.
	const open = text.indexOf('(');
	const close = text.lastIndexOf(')');
	if (open === -1 || close < open) {
		return undefined;
	}

	// After the name: field 3 (state) onwards; field 22 is the 20th of them.
	const startTime = text.slice(close + 2).split(' ')[19];
	return startTime && /^\d+$/.test(startTime) ? {command: text.slice(open + 1, close), startTime} : undefined;
}

let procMountedCache: boolean | undefined;
function procMounted(): boolean {
	procMountedCache ??= existsSync('/proc/self/stat');
	return procMountedCache;
}

let ownStat: ProcessStat | undefined | null;
/** This process's own /proc record (read once), or undefined where there is none. */
export function ownProcessStat(): ProcessStat | undefined {
	if (ownStat === undefined) {
		ownStat = processStat(process.pid) ?? null;
	}

	return ownStat ?? undefined;
}

/** Who wrote a lock: its pid, and its start time where the platform tells it. */
export type ProcessClaim = {readonly pid: number; readonly start_time?: string};

/**
 * Whether the process a lock names still runs: the pid exists and, where
 * /proc tells (Linux), it is the same process: the start time the lock
 * recorded matches. A lock from a version that recorded no start time is
 * held only by a process running the same program as this one (a userdeck is
 * a Node.js process; pid 1 of a container or a shell is not). Elsewhere
 * (macOS, Windows) only the pid can be checked, and a lock whose pid was
 * reused stays held until that program ends or the lock file is removed.
 */
export function isClaimAlive(claim: ProcessClaim): boolean {
	if (!isProcessAlive(claim.pid)) {
		return false;
	}

	const now = processStat(claim.pid);
	// null: the pid answered the signal yet /proc has no entry for it. It just
	// ended (the next look sees it gone), or /proc hides other users' processes
	// (hidepid): neither says the lock is free.
	if (now === null || now === undefined) {
		return true;
	}

	if (claim.start_time !== undefined) {
		return claim.start_time === now.startTime;
	}

	const own = ownProcessStat();
	return own === undefined || own.command === now.command;
}
