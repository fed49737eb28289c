// What a Management API route gets and gives back; the server in index.ts
// checks the token and the route's scopes before `handle` runs.
import type {OutgoingHttpHeaders} from 'node:http';
import type {Controls} from './controls.js';
import type {JobStore} from './jobs.js';
import type {Tenant} from './tenant.js';

export type RouteContext = {
	tenant: Tenant;
	controls: Controls;
	jobs: JobStore;
	/** The decoded path segments the route's pattern captured. */
	params: string[];
	query: {get(name: string): string | undefined; all(name: string): string[]};
	/** The client the bearer token was issued to. */
	clientId: string;
	scopes: ReadonlySet<string>;
	headers: Record<string, string | string[] | undefined>;
	/** The raw body, read on demand (import uploads are limited separately). */
	body(limit?: number): Promise<Buffer>;
	/** `https://DOMAIN`, for links the double hands out (export downloads). */
	origin: string;
};

export type RouteResult = {status: number; body: unknown; headers?: OutgoingHttpHeaders};

export type Route = {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	path: RegExp;
	/** Any one of them is enough (Auth0: "Insufficient scope, expected any of: …"). */
	scopes: string[];
	handle(context: RouteContext): RouteResult | Promise<RouteResult>;
};
