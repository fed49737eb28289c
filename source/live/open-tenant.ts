// Opens a live tenant: Auth0's ManagementClient for the target's domain and
// credentials, and the service over it. The SDK fetches and renews the
// client-credentials token itself. Built with `maxRetries: 0` so a 429 is
// handled by userdeck (requester.ts) and never waits silently inside the SDK,
// and with `telemetry: false`: the Auth0-Client header would tell the tenant
// the Node.js version and platform of the admin's machine, which the
// tenant's admins do not need from a terminal console.
import {ManagementClient} from 'auth0';
import type {TenantTarget} from '../services/target.js';
import {TenantUsersService, type TenantServiceOptions} from './tenant-users-service.js';

export type OpenTenantOptions = {
	readonly source: 'cli' | 'console';
	/** The fetch the SDK uses (tests: one that trusts the test double's certificate). Default: Node's. */
	readonly fetch?: typeof fetch;
	/** Seconds before a request is given up. Default 30. */
	readonly timeoutSeconds?: number;
} & Pick<TenantServiceOptions, 'now' | 'sleep' | 'rateLimitRetries' | 'onRateLimit' | 'perPage' | 'debounceMs'>;

export function managementClientFor(target: TenantTarget, options: {fetch?: typeof fetch; timeoutSeconds?: number} = {}): ManagementClient {
	const common = {
		domain: target.domain,
		telemetry: false,
		maxRetries: 0,
		timeoutInSeconds: options.timeoutSeconds ?? 30,
		...(options.fetch ? {fetch: options.fetch} : {}),
	};
	return target.credentials.kind === 'client-credentials'
		? new ManagementClient({...common, clientId: target.credentials.clientId, clientSecret: target.credentials.clientSecret})
		: new ManagementClient({...common, token: target.credentials.token});
}

/** The secrets of a target: never in a message. */
export function secretsOf(target: TenantTarget): string[] {
	return target.credentials.kind === 'client-credentials' ? [target.credentials.clientSecret] : [target.credentials.token];
}

export async function openTenantService(target: TenantTarget, options: OpenTenantOptions): Promise<TenantUsersService> {
	const client = managementClientFor(target, options);
	const onRateLimit = options.onRateLimit ?? (options.source === 'cli'
		// A command has no status line: its waits go to stderr, as its other notices.
		? notice => {
			process.stderr.write(`userdeck: ${notice.message}\n`);
		}
		: undefined);
	return new TenantUsersService({
		target,
		client,
		secrets: secretsOf(target),
		now: options.now,
		sleep: options.sleep,
		rateLimitRetries: options.rateLimitRetries,
		onRateLimit,
		perPage: options.perPage,
		// The console's `/` sends a query per pause in typing, not per key.
		debounceMs: options.debounceMs ?? (options.source === 'console' ? 250 : 0),
	});
}

/** A tenant opened the way the console opens a local store (services/open-local-service.ts on i17-tenants): nothing to watch, nothing to warn. */
export type OpenedTenantService = {
	readonly service: TenantUsersService;
	readonly warnings: readonly string[];
	/** Another process's writes reach a tenant's views through their loads: nothing to follow. */
	watch(): () => void;
	/** Stops the loads in flight. */
	close(): Promise<void>;
};

export async function openTenant(target: TenantTarget, options: OpenTenantOptions): Promise<OpenedTenantService> {
	const service = await openTenantService(target, options);
	return {
		service,
		warnings: [],
		watch: () => () => {},
		async close() {
			service.close();
		},
	};
}
