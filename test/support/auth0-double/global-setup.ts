// Vitest global setup: makes the double's CA once per run, before any worker
// starts. Node reads NODE_EXTRA_CA_CERTS once, at process start, so it must be
// in the environment before the workers (vitest's default `forks` pool starts
// child processes that inherit it) and the consoles they spawn are started;
// setting it inside a running worker changes nothing for that worker's fetch.
import {rmSync} from 'node:fs';
import path from 'node:path';
import {tlsDirVariable, writeTlsMaterial} from './tls.js';

export default async function setup(): Promise<() => void> {
	const material = await writeTlsMaterial();
	const dir = path.dirname(material.caFile);
	const previous = {ca: process.env.NODE_EXTRA_CA_CERTS, dir: process.env[tlsDirVariable]};
	process.env.NODE_EXTRA_CA_CERTS = material.caFile;
	process.env[tlsDirVariable] = dir;
	return () => {
		restore('NODE_EXTRA_CA_CERTS', previous.ca);
		restore(tlsDirVariable, previous.dir);
		rmSync(dir, {recursive: true, force: true});
	};
}

function restore(name: string, value: string | undefined): void {
	if (value === undefined) {
		delete process.env[name];
	} else {
		process.env[name] = value;
	}
}
