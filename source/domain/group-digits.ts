// Counts as people read them, the same in the console and the CLI.

/**
 * 1234567 → "1,234,567", as `toLocaleString('en-US')` writes it: the first
 * call of that sets up Intl's number formats, tens of milliseconds that the
 * first users would wait for.
 */
export function groupDigits(value: number): string {
	const digits = String(Math.trunc(Math.abs(value)));
	let grouped = '';
	for (let end = digits.length; end > 0; end -= 3) {
		grouped = digits.slice(Math.max(0, end - 3), end) + (grouped ? `,${grouped}` : '');
	}

	return value < 0 ? `-${grouped}` : grouped;
}
