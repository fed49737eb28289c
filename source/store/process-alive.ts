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
