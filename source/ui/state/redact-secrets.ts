// Hides typed passwords in a message bound for the screen.

/**
 * The service's messages never quote a password, but an unexpected error might
 * quote its input. Very short values are left alone: masking every "a" would
 * garble the text and such a value reveals nothing.
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
	let result = message;
	for (const secret of secrets) {
		if ([...secret].length >= 4) {
			result = result.replaceAll(secret, '•'.repeat(8));
		}
	}

	return result;
}
