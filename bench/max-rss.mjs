// Loaded with `node --import` by bench/measure.mjs where GNU time is missing:
// at exit, appends this process's peak RSS (kilobytes) to the file named by
// USERDECK_BENCH_MAX_RSS.
import fs from 'node:fs';

const file = process.env.USERDECK_BENCH_MAX_RSS;
if (file) {
	process.on('exit', () => {
		fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
	});
}
