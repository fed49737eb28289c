// CSV cells per RFC 4180, escaped against formula injection (OWASP's "CSV
// injection"): a cell a spreadsheet would run as a formula (leading = + - @,
// tab or CR) gets a leading apostrophe, which spreadsheets show as text.

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]|^\s|\s$/;

/** The text of a value: strings as they are, objects as JSON, nothing as empty. */
export function cellText(value: unknown): string {
	if (value === undefined || value === null) {
		return '';
	}

	if (typeof value === 'string') {
		return value;
	}

	if (typeof value === 'number' || typeof value === 'boolean') {
		return String(value);
	}

	return JSON.stringify(value);
}

/**
 * One cell, escaped and quoted. `clean` runs after the formula check (which
 * must see the raw first character), e.g. to make control characters visible.
 */
export function csvCell(value: unknown, clean: (text: string) => string = text => text): string {
	const text = cellText(value);
	const guarded = typeof value === 'string' && formulaStart.test(text);
	const cleaned = clean(guarded ? `'${text}` : text);
	return guarded || needsQuotes.test(cleaned) ? `"${cleaned.replaceAll('"', '""')}"` : cleaned;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRow(values: readonly unknown[], clean?: (text: string) => string): string {
	return `${values.map(value => csvCell(value, clean)).join(',')}\r\n`;
}

/** A date as the Management API writes it (and Auth0's CSV export leaves bare); the import reads the same shape back. */
export const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/**
 * One cell as Auth0's export job writes it (OWASP's CSV-injection rules, as
 * Bulk User Exports documents them): every string "'"-prefixed, its double
 * quotes doubled, and wrapped in double quotes; Auth0-generated ISO 8601 dates
 * (`dateField`), numbers and booleans bare; nothing as an empty cell.
 */
export function auth0CsvCell(value: unknown, dateField: boolean, clean: (text: string) => string = text => text): string {
	if (value === undefined || value === null) {
		return '';
	}

	if (typeof value === 'number' || typeof value === 'boolean') {
		return String(value);
	}

	const text = cellText(value);
	if (dateField && typeof value === 'string' && isoDate.test(value)) {
		return value;
	}

	return `"'${clean(text).replaceAll('"', '""')}"`;
}
