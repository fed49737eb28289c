// Data files imported as their text (see scripts/bundle-options.mjs and vitest.config.ts).
declare module '*.txt' {
	const text: string;
	export default text;
}
