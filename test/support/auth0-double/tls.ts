// The double's certificates: a throw-away CA and a server certificate it
// signs for 127.0.0.1, ::1 and localhost. Node trusts the CA only through
// NODE_EXTRA_CA_CERTS, which it reads once at process start, so the CA is made
// before any process that must trust it starts: once per vitest run (the
// global setup), or by the CLI (scripts/auth0-double.mjs) before it prints the
// environment for a console. Certificate checks stay on everywhere.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {generate} from 'selfsigned';

/** Set by the global setup (and the CLI): a folder holding the files below. */
export const tlsDirVariable = 'AUTH0_DOUBLE_TLS_DIR';

export type TlsMaterial = {
	/** PEM file of the CA: what NODE_EXTRA_CA_CERTS points at. */
	caFile: string;
	cert: string;
	key: string;
};

const files = {ca: 'ca.pem', cert: 'server.pem', key: 'server-key.pem'};

/** Makes a CA and a server certificate in `dir` (created when absent); private keys are 0600. */
export async function writeTlsMaterial(dir = mkdtempSync(path.join(tmpdir(), 'auth0-double-tls-'))): Promise<TlsMaterial> {
	const notBeforeDate = new Date(Date.now() - 60_000);
	const notAfterDate = new Date(Date.now() + 7 * 24 * 3600 * 1000);
	const ca = await generate([{name: 'commonName', value: 'userdeck test double CA'}], {
		keyType: 'ec',
		algorithm: 'sha256',
		notBeforeDate,
		notAfterDate,
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
		],
	});
	const server = await generate([{name: 'commonName', value: 'localhost'}], {
		keyType: 'ec',
		algorithm: 'sha256',
		notBeforeDate,
		notAfterDate,
		ca: {key: ca.private, cert: ca.cert},
		extensions: [
			{name: 'basicConstraints', cA: false},
			{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
			{name: 'extKeyUsage', serverAuth: true},
			{name: 'subjectAltName', altNames: [
				{type: 2, value: 'localhost'},
				{type: 7, ip: '127.0.0.1'},
				{type: 7, ip: '::1'},
			]},
		],
	});
	const caFile = path.join(dir, files.ca);
	writeFileSync(caFile, ca.cert);
	writeFileSync(path.join(dir, files.cert), server.cert);
	writeFileSync(path.join(dir, files.key), server.private, {mode: 0o600});
	return {caFile, cert: server.cert, key: server.private};
}

/** The material the global setup made, or undefined outside a vitest run / the CLI. */
export function readTlsMaterial(dir = process.env[tlsDirVariable]): TlsMaterial | undefined {
	if (dir === undefined || dir === '') {
		return undefined;
	}

	return {
		caFile: path.join(dir, files.ca),
		cert: readFileSync(path.join(dir, files.cert), 'utf8'),
		key: readFileSync(path.join(dir, files.key), 'utf8'),
	};
}
