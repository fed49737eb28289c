// The saved tenants (`userdeck tenants add`): their names, domains, client IDs
// and client secrets, in one JSON file in the platform's config folder
// (`tenants.json` beside config.yaml; USERDECK_TENANTS_FILE names another).
// No OS keychain: the machines userdeck runs on (servers, containers, SSH
// sessions) mostly have none, and one code path is one to get right. So the
// file is guarded as ssh guards a private key: created 0600 atomically (a temp
// file made 0600 from its first byte, renamed into place) in a 0700 folder,
// and refused, before a byte of it is read, when group or others could read
// or write it, or when another user owns it. No message ever quotes its
// content: only names, domains and positions.
import {closeSync, fstatSync, readSync} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import envPaths from 'env-paths';
import {parseJsonWithPosition} from '../domain/parse-json.js';
import {parseTenantDomain, TenantDomainError} from '../domain/tenant-domain.js';
import {folderMode, writeFileAtomic} from '../store/atomic-file.js';
import {NotRegularFileError, openRegularSync} from '../store/io.js';
import {acquireLock, type HeldLock} from '../store/lock.js';
import {StoreError} from '../store/store-error.js';

export type SavedTenant = {
	readonly name: string;
	/** As parseTenantDomain returns it. */
	readonly domain: string;
	readonly clientId: string;
	readonly clientSecret: string;
};

/** A tenants file that cannot be used as it is: exit code 1, with how to fix it. */
export class TenantsFileError extends Error {
	override name = 'TenantsFileError';
}

/** The largest tenants file read: a few hundred bytes a tenant. */
const maxFileBytes = 1024 * 1024;
const formatVersion = 1;

/** USERDECK_TENANTS_FILE if set and not empty, else tenants.json in the platform's config folder. */
export function tenantsFilePath(env: NodeJS.ProcessEnv = process.env): string {
	const given = env.USERDECK_TENANTS_FILE;
	return path.resolve(given || path.join(envPaths('userdeck', {suffix: ''}).config, 'tenants.json'));
}

/** A name to type after --tenant: no dots or colons (those make it a domain), no path characters. */
const namePattern = /^[a-z\d][a-z\d_-]{0,62}$/i;

/** What is wrong with a tenant name, or undefined when it is fine. */
export function tenantNameProblem(name: string): string | undefined {
	if (namePattern.test(name)) {
		return undefined;
	}

	return `"${name}" cannot name a tenant: use 1 to 63 letters, digits, - or _, starting with a letter or digit (no dots, which make it a domain, and no path characters)`;
}

/** A client ID or secret as the file and the SDK take it: one line of printable characters. */
export function credentialProblem(value: string, what: string): string | undefined {
	if (value === '') {
		return `${what} is empty`;
	}

	// Printable ASCII without spaces: Auth0's client IDs and secrets are base64url-like.
	return /^[\u0021-\u007E]+$/.test(value) ? undefined : `${what} must be one line of printable characters without spaces`;
}

function unusable(file: string, problem: string): TenantsFileError {
	return new TenantsFileError(`${file} is not a usable tenants file: ${problem}; fix it, or remove it and add the tenants again (userdeck tenants add)`);
}

/** Refuses a file that group or others can read or write, or that another user owns (the ssh rule). */
function checkPrivate(file: string, stats: {mode: number; uid: number}): void {
	if (process.platform === 'win32') {
		// No POSIX modes there: the file sits in the user's own profile folder.
		return;
	}

	const uid = process.getuid?.();
	if (uid !== undefined && stats.uid !== uid) {
		throw new TenantsFileError(`${file} belongs to another user (uid ${stats.uid}): userdeck reads client secrets only from a file of its own user's; remove it or take it over (chown)`);
	}

	const mode = stats.mode & 0o777;
	if ((mode & 0o077) !== 0) {
		throw new TenantsFileError(`${file} can be read or written by group or others (mode ${mode.toString(8).padStart(4, '0')}), and it holds client secrets: run chmod 600 ${file} (and rotate the secrets if others may have read them)`);
	}
}

function readPrivateText(file: string): string | undefined {
	let fd: number;
	try {
		fd = openRegularSync(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}

		if (error instanceof NotRegularFileError) {
			throw new TenantsFileError(`${file} is ${error.kind}, not a tenants file`);
		}

		throw new TenantsFileError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}

	try {
		const stats = fstatSync(fd);
		checkPrivate(file, stats);
		if (stats.size > maxFileBytes) {
			throw unusable(file, `it is over ${maxFileBytes / 1024 / 1024} MiB`);
		}

		const buffer = Buffer.alloc(stats.size);
		let read = 0;
		while (read < buffer.length) {
			const count = readSync(fd, buffer, read, buffer.length - read, read);
			if (count === 0) {
				break;
			}

			read += count;
		}

		return buffer.toString('utf8', 0, read);
	} finally {
		closeSync(fd);
	}
}

function field(entry: Record<string, unknown>, name: string, index: number, file: string): string {
	const value = entry[name];
	if (typeof value !== 'string') {
		throw unusable(file, `tenants[${index}] has no ${name} string`);
	}

	return value;
}

/** The saved tenants, in the order they were added; none when there is no file. */
export function readTenants(file: string = tenantsFilePath()): SavedTenant[] {
	const text = readPrivateText(file);
	if (text === undefined || text.trim() === '') {
		return [];
	}

	const parsed = parseJsonWithPosition(text);
	if (!parsed.ok) {
		// Only the position: the message of a JSON parser may quote the text, which holds secrets.
		throw unusable(file, `not valid JSON at line ${parsed.line}, column ${parsed.column}`);
	}

	const data = parsed.value as {version?: unknown; tenants?: unknown} | null;
	if (typeof data !== 'object' || data === null || Array.isArray(data) || !Array.isArray(data.tenants)) {
		throw unusable(file, 'it must hold {"version": 1, "tenants": [...]}');
	}

	if (data.version !== formatVersion) {
		throw unusable(file, `its version is ${JSON.stringify(data.version) ?? 'missing'}, this userdeck reads version ${formatVersion}`);
	}

	const seen = new Set<string>();
	return data.tenants.map((entry: unknown, index): SavedTenant => {
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			throw unusable(file, `tenants[${index}] is not an object`);
		}

		const record = entry as Record<string, unknown>;
		const name = field(record, 'name', index, file);
		if (tenantNameProblem(name) !== undefined) {
			throw unusable(file, `tenants[${index}] has a name that cannot name a tenant`);
		}

		if (seen.has(name.toLowerCase())) {
			throw unusable(file, `the name ${name} is there twice`);
		}

		seen.add(name.toLowerCase());
		let domain: string;
		try {
			domain = parseTenantDomain(field(record, 'domain', index, file), `The domain of ${name}`);
		} catch (error) {
			throw error instanceof TenantDomainError ? unusable(file, error.message) : error;
		}

		const clientId = field(record, 'clientId', index, file);
		const clientSecret = field(record, 'clientSecret', index, file);
		if (credentialProblem(clientId, 'clientId') !== undefined || credentialProblem(clientSecret, 'clientSecret') !== undefined) {
			throw unusable(file, `the client ID or secret of ${name} is not one line of printable characters`);
		}

		return {name, domain, clientId, clientSecret};
	});
}

/**
 * Reads the saved tenants, lets `change` return the new list, and writes it
 * back atomically (0600), under a lock so that two `tenants add` at once
 * cannot lose one of them. Returns what `change` returned.
 */
export async function updateTenants<T>(file: string, change: (tenants: SavedTenant[]) => {tenants: SavedTenant[]; result: T}): Promise<T> {
	const folder = path.dirname(file);
	// The platform's config folder may not exist yet; a new one is private to its owner.
	await mkdir(folder, {recursive: true, mode: folderMode});
	let lock: HeldLock;
	try {
		lock = await acquireLock(`${file}.lock`, {timeoutMs: 10_000, storePath: file});
	} catch (error) {
		if (error instanceof StoreError && error.code === 'LOCKED') {
			throw new TenantsFileError(`${file} is being changed by another userdeck process (tenants add or remove); try again in a moment`);
		}

		throw error;
	}

	try {
		const {tenants, result} = change(readTenants(file));
		const text = `${JSON.stringify({version: formatVersion, tenants}, undefined, '\t')}\n`;
		await writeFileAtomic(file, async writer => writer.write(text));
		return result;
	} finally {
		await lock.release();
	}
}
