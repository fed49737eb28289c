// How hard the hardening tests push. `npm test` runs them small enough to stay
// fast; `npm run stress` sets USERDECK_STRESS=1 and they run at the sizes the
// issue asks for. Each figure a test measures is printed with a `figure:` prefix
// so the stress runner can collect them.

export const stress = process.env['USERDECK_STRESS'] === '1';

/** `normal` under `npm test`, `heavy` under `npm run stress`. */
export function scaled(normal: number, heavy: number): number {
	return stress ? heavy : normal;
}

/** Prints a measured figure for the report (and for test/stress/run.mjs to collect). */
export function figure(name: string, value: string | number): void {
	console.log(`figure: ${name} = ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`);
}
