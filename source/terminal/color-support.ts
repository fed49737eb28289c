// Whether to colour what goes to a stream, by the conventions users set once
// for all their tools: FORCE_COLOR (as Node.js and chalk read it) wins, then
// NO_COLOR (no-color.org: present and not empty), then a terminal that is no
// terminal (a pipe, a file) or says it is dumb.
export type ColorStream = {readonly isTTY?: boolean};

/** FORCE_COLOR's verdict: true or false when it decides, undefined when unset. */
function forced(env: NodeJS.ProcessEnv): boolean | undefined {
	const value = env.FORCE_COLOR;
	if (value === undefined) {
		return undefined;
	}

	// Node.js and chalk: '', '1', '2', '3' and 'true' force colours; '0' and 'false' turn them off.
	return !(value === '0' || value === 'false');
}

export function colorEnabled(stream: ColorStream, env: NodeJS.ProcessEnv = process.env): boolean {
	const force = forced(env);
	if (force !== undefined) {
		return force;
	}

	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
		return false;
	}

	return stream.isTTY === true && env.TERM !== 'dumb';
}
