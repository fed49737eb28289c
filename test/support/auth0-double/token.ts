// Access tokens for the client-credentials grant: JWT-shaped (header.payload.
// signature, as Auth0's are) so a consumer that decodes the payload sees the
// claims Auth0 puts there (iss, sub `CLIENT@clients`, aud, iat, exp, scope,
// gty, azp). The double signs them with HS256 and a per-instance secret: it
// only needs to tell its own tokens from forged or altered ones.
import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';

export type TokenClaims = {
	iss: string;
	sub: string;
	aud: string;
	iat: number;
	exp: number;
	scope: string;
	gty: 'client-credentials';
	azp: string;
	/** The double's own serial, so a test can tell tokens apart. */
	jti: string;
};

export type TokenCheck =
	| {ok: true; claims: TokenClaims}
	| {ok: false; message: string};

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export class TokenIssuer {
	readonly #secret = randomBytes(32);
	#serial = 0;

	/** How many tokens were issued: the last one's `jti`. */
	get issued(): number {
		return this.#serial;
	}

	issue(claims: Omit<TokenClaims, 'jti'>): string {
		const header = encode({alg: 'HS256', typ: 'JWT', kid: 'auth0-double'});
		const payload = encode({...claims, jti: String(++this.#serial)});
		return `${header}.${payload}.${this.#sign(`${header}.${payload}`)}`;
	}

	/** Auth0's 401 messages for a bearer token that is malformed, forged or expired. */
	verify(token: string, audience: string, nowSeconds: number): TokenCheck {
		const parts = token.split('.');
		if (parts.length !== 3) {
			return {ok: false, message: 'Invalid token'};
		}

		const [header, payload, signature] = parts as [string, string, string];
		const expected = Buffer.from(this.#sign(`${header}.${payload}`));
		const actual = Buffer.from(signature);
		if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
			return {ok: false, message: 'Invalid signature received for JSON Web Token validation'};
		}

		let claims: TokenClaims;
		try {
			claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
		} catch {
			return {ok: false, message: 'Invalid token'};
		}

		if (claims.aud !== audience) {
			return {ok: false, message: 'Bad audience: ' + String(claims.aud)};
		}

		if (claims.exp <= nowSeconds) {
			return {ok: false, message: 'Expired token received for JSON Web Token validation'};
		}

		return {ok: true, claims};
	}

	#sign(input: string): string {
		return createHmac('sha256', this.#secret).update(input).digest('base64url');
	}
}
