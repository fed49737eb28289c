// Log event ids in Auth0's form: 56 digits, `900`, the 17 digits of the
// event's ISO date (so ids sort by time), a 12-digit sequence number, then
// random digits. The demo's history and the events userdeck writes itself
// share it, so a store's History reads as one log.
const zero = 48;
const nine = 57;

/** `randomDigit` returns 0–9; the sequence keeps ids of one instant in order. */
export function auth0LogId(date: string, sequence: number, randomDigit: () => number): string {
	// Written as char codes: joining eleven sliced pieces took a sixth of the
	// demo's whole generation.
	const codes = new Array<number>(56);
	codes[0] = nine;
	codes[1] = zero;
	codes[2] = zero;
	let length = 3;
	for (let index = 0; index < date.length && length < 20; index++) {
		const code = date.charCodeAt(index);
		if (code >= zero && code <= nine) {
			codes[length++] = code;
		}
	}

	let rest = sequence;
	for (let index = length + 11; index >= length; index--) {
		codes[index] = zero + (rest % 10);
		rest = Math.floor(rest / 10);
	}

	length += 12;
	// A random tail, as Auth0's ids have: ids made by two processes at the same instant differ.
	while (length < 56) {
		codes[length++] = zero + randomDigit();
	}

	return String.fromCharCode(...codes);
}

/** Auth0's log ids: 56 digits starting 900. */
export const auth0LogIdPattern = /^900\d{53}$/;
