// JSON for terminals. JSON.stringify already escapes C0 controls, but leaves C1
// controls, BiDi overrides, zero-width and line-separator characters raw; those
// are legal in JSON strings when written as \u escapes, so we write them so.
const unsafe = /[\u007F-\u009F\u061C\u200B-\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function safeJson(value: unknown, indent: number | undefined = 2): string {
	const text = JSON.stringify(value, undefined, indent) ?? 'null';
	return text.replaceAll(unsafe, char => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
