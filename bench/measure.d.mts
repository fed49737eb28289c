// Types of measure.mjs (plain JS run by node; test/bench/measure.test.ts checks it).
export function readLineBreaks(file: string, chunkBytes?: number): {ms: number; lines: number; bytes: number};
export function rssMethod(): 'time' | 'import';
export function measuredRun(args: string[], options?: {method?: 'time' | 'import'; env?: NodeJS.ProcessEnv; stdout?: number}): Promise<{ms: number; peakRssMb: number; stderr: string; method: 'time' | 'import'}>;
