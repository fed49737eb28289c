// What ran in each long slice of the list's work: reads a CPU profile
// (`node --cpu-prof --cpu-prof-dir=DIR --cpu-prof-interval 250 …`) and the
// slices the in-process benchmark logged with BENCH_LONG_SLICES=FILE (start
// and end on the profile's clock), and prints each slice with its heaviest
// functions (self time) and the frames under most of it.
//
//   node bench/long-slices.mjs DIR FILE
import fs from 'node:fs';
import path from 'node:path';

const [directory, slicesFile] = process.argv.slice(2);
if (!directory || !slicesFile) {
	console.error('usage: node bench/long-slices.mjs PROFILE_DIR LONG_SLICES_JSON');
	process.exit(2);
}

const file = fs.readdirSync(directory).find(name => name.endsWith('.cpuprofile'));
if (!file) {
	console.error(`no .cpuprofile in ${directory}`);
	process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8'));
const slices = JSON.parse(fs.readFileSync(slicesFile, 'utf8'));
const nodes = new Map(profile.nodes.map(node => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) {
	for (const child of node.children ?? []) {
		parents.set(child, node.id);
	}
}

const nameOf = node => `${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber}`;
const stackOf = id => {
	const names = [];
	for (let at = id; at !== undefined; at = parents.get(at)) {
		names.push(nameOf(nodes.get(at)));
	}

	return names;
};

// Each sample's time on the profile's clock (microseconds).
const times = [];
let time = profile.startTime;
for (const delta of profile.timeDeltas) {
	time += delta;
	times.push(time);
}

const top = (map, count) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
for (const slice of slices) {
	const self = new Map();
	const under = new Map();
	let sampled = 0;
	for (let index = 0; index < times.length; index++) {
		if (times[index] < slice.startUs || times[index] > slice.endUs) {
			continue;
		}

		const ms = ((times[index + 1] ?? times[index]) - times[index]) / 1000;
		sampled += ms;
		const name = nameOf(nodes.get(profile.samples[index]));
		self.set(name, (self.get(name) ?? 0) + ms);
		for (const frame of new Set(stackOf(profile.samples[index]))) {
			under.set(frame, (under.get(frame) ?? 0) + ms);
		}
	}

	const heaviest = top(self, 6).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join(', ');
	const frames = [...under].filter(([, ms]) => ms > sampled * 0.4).sort((a, b) => a[1] - b[1]).slice(0, 7).map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(' < ');
	console.log(`${slice.ms.toFixed(0)} ms (sampled ${sampled.toFixed(0)}): ${heaviest}\n    ${frames}`);
}
