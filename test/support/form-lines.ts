// Patterns for the lines of the console's forms, on a rendered frame or a tmux screen.

/** A pattern for a Create User field's own line: its label, then its value and nothing more. */
export function fieldLine(label: string, value: string): RegExp {
	const escaped = value.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
	return new RegExp(`^[ ›] ${label}${value === '' ? '' : ` +${escaped}`} *$`, 'm');
}
