// The bundle loads the Auth0 SDK only for a tenant: it is most of the bundle's
// size, and a local store's start (the console's first frame, every command)
// measured 70–110 ms slower with it loaded eagerly. This follows the built
// bundle's static imports from dist/cli.js and checks that none of the chunks
// they reach holds the SDK, while a chunk that a dynamic import reaches does.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const dist = path.resolve('dist');
const staticImport = /(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.[^"']+)["']/g;
const dynamicImport = /import\(\s*["'](\.[^"']+)["']\s*\)/g;

function imports(file: string, pattern: RegExp): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(pattern)].map(match => path.resolve(path.dirname(file), match[1]!));
}

/** Every file reached from `entry` by static imports alone. */
function staticClosure(entry: string): Set<string> {
	const seen = new Set<string>();
	const queue = [entry];
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) {
			continue;
		}

		seen.add(file);
		queue.push(...imports(file, staticImport));
	}

	return seen;
}

// esbuild writes the SDK's client as `var ManagementClient = class …` (a number added when names clash).
const holdsSdk = (file: string) => /\bManagementClient\d* = class\b/.test(readFileSync(file, 'utf8'));

describe.skipIf(!existsSync(path.join(dist, 'cli.js')))('the built bundle', () => {
	it('loads the Auth0 SDK only behind a dynamic import', () => {
		const start = staticClosure(path.join(dist, 'cli.js'));
		// Everything a command or the console loads before it knows its target.
		const main = [...start].flatMap(file => imports(file, dynamicImport)).filter(file => /\/main-[\w-]+\.js$/.test(file));
		expect(main).toHaveLength(1);
		const eager = new Set([...start, ...staticClosure(main[0]!)]);
		expect([...eager].filter(file => holdsSdk(file)).map(file => path.basename(file))).toEqual([]);
		// …and the SDK is in the bundle, reached by a dynamic import (so the check above can fail).
		const lazy = [...eager].flatMap(file => imports(file, dynamicImport)).flatMap(file => [...staticClosure(file)]);
		expect(lazy.some(file => holdsSdk(file))).toBe(true);
	});
});
