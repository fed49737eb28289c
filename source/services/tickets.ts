// Sign in as User: one-time URLs an admin issues for an application, and
// their redemption (once, before they expire, by that application only).
import {createHash, timingSafeEqual} from 'node:crypto';
import {UserdeckError} from '../domain/errors.js';
import type {Client, ImpersonationTicket, User} from '../domain/types.js';
import {newTicketSecret} from './ids.js';
import type {Actor, ServiceContext} from './service-context.js';
import type {UserDirectory} from './user-directory.js';

export type ImpersonationOptions =
	| {allowed: true; clients: Client[]}
	| {allowed: false; reason: string};

export type IssuedTicket = {url: string; expiresAt: string; client: Client};

export type RedeemedProfile = User & {impersonated: true; impersonator: Actor};

/** Auth0's default lifetime of an impersonation link. */
export const TICKET_LIFETIME_MS = 120_000;
const TICKET_PARAMETER = 'userdeck_ticket';
const ticketPattern = /^[\w-]{43}$/;
const genericTicketError = 'The ticket is invalid, expired, already used or issued for another application';

export class ImpersonationTickets {
	private readonly context: ServiceContext;
	private readonly directory: UserDirectory;

	constructor(context: ServiceContext, directory: UserDirectory) {
		this.context = context;
		this.directory = directory;
	}

	impersonationOptions(userId: string): ImpersonationOptions {
		const user = this.context.getUser(userId);
		if (user.blocked) {
			return {allowed: false, reason: 'The user is blocked: unblock them first'};
		}

		const withCallbacks = this.directory.clients().filter(client => client.callbacks.length > 0);
		if (withCallbacks.length === 0) {
			return {allowed: false, reason: 'No application has a callback URL'};
		}

		const connectionNames = new Set(user.identities.map(identity => identity.connection));
		const enabledIds = new Set(this.directory.connections()
			.filter(connection => connectionNames.has(connection.name))
			.flatMap(connection => connection.enabled_clients));
		const clients = withCallbacks.filter(client => enabledIds.has(client.client_id));
		if (clients.length === 0) {
			const names = [...connectionNames].join(', ');
			return {allowed: false, reason: `The user's connection (${names}) is not enabled on any application with a callback URL`};
		}

		return {allowed: true, clients};
	}

	/** Issues a one-time URL that signs the admin in as the user. */
	async impersonate(userId: string, clientId: string): Promise<IssuedTicket> {
		const action = 'sign in as user';
		return this.context.adminWrite('fimp', action, userId, tx => {
			const options = this.impersonationOptions(userId);
			if (!options.allowed) {
				throw new UserdeckError('FORBIDDEN', options.reason);
			}

			const client = options.clients.find(candidate => candidate.client_id === clientId);
			if (!client) {
				throw new UserdeckError('FORBIDDEN', `Application ${clientId} cannot be used to sign in as this user`);
			}

			const secret = newTicketSecret();
			const now = this.context.now();
			const expiresAt = new Date(now.getTime() + TICKET_LIFETIME_MS).toISOString();
			const ticket: ImpersonationTicket = {
				id: hashTicket(secret),
				user_id: userId,
				client_id: client.client_id,
				impersonator: this.context.actor,
				issued_at: now.toISOString(),
				expires_at: expiresAt,
			};
			// Expired tickets are useless: drop them while holding the lock anyway.
			for (const old of this.context.store.tables.tickets.values()) {
				if (old.expires_at < now.toISOString()) {
					tx.delete('tickets', old.id);
				}
			}

			tx.put('tickets', ticket);
			tx.put('logs', this.context.event('simp', {
				description: `Sign in as User: one-time URL issued for ${client.name}`,
				user: this.context.getUser(userId),
				client,
				details: {...this.context.audit(action, userId, 'success'), expires_at: expiresAt},
			}));
			const url = new URL(client.callbacks[0]!);
			url.searchParams.set(TICKET_PARAMETER, secret);
			return {url: url.toString(), expiresAt, client};
		});
	}

	/** What the application does with the one-time URL: exchange it, once, for the profile. */
	async redeemTicket(urlOrTicket: string, clientId: string): Promise<RedeemedProfile> {
		const secret = extractTicket(urlOrTicket);
		const id = secret ? hashTicket(secret) : undefined;
		const result = await this.context.store.transact(tx => {
			const ticket = id ? this.context.store.tables.tickets.get(id) : undefined;
			const now = this.context.now().toISOString();
			const client = this.context.client(clientId);
			const user = ticket ? this.context.store.user(ticket.user_id) : undefined;
			const reason = !ticket
				? 'unknown ticket'
				: ticket.used_at
					? 'ticket already used'
					: ticket.expires_at <= now
						? 'ticket expired'
						: !sameText(ticket.client_id, clientId)
							? 'ticket issued for another application'
							: !user
								? 'user no longer exists'
								: user.blocked
									? 'user is blocked'
									: undefined;
			if (reason || !ticket || !user) {
				tx.put('logs', this.context.event('fimpr', {
					description: `Sign in as User refused: ${reason ?? 'invalid'}`,
					user,
					client,
					details: {
						...this.context.audit('redeem ticket', ticket?.user_id ?? 'unknown ticket', 'failure'),
						reason: reason ?? 'invalid',
						...(ticket ? {ticket_issued_at: ticket.issued_at} : {}),
					},
				}));
				return {error: new UserdeckError('AUTH', genericTicketError)};
			}

			tx.put('tickets', {...ticket, used_at: now});
			tx.put('logs', this.context.event('simpr', {
				description: `Signed in as User by ${ticket.impersonator.email}`,
				user,
				client,
				details: {...this.context.audit('redeem ticket', user.user_id, 'success'), impersonator: ticket.impersonator},
			}));
			const profile: RedeemedProfile = {...user, impersonated: true, impersonator: ticket.impersonator};
			return {profile};
		});
		if ('error' in result) {
			throw result.error;
		}

		return result.profile;
	}
}

export function hashTicket(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/** Accepts the one-time URL or the bare ticket; undefined when malformed. */
export function extractTicket(urlOrTicket: string): string | undefined {
	const text = urlOrTicket.trim();
	let candidate = text;
	if (/^https?:\/\//i.test(text)) {
		try {
			candidate = new URL(text).searchParams.get(TICKET_PARAMETER) ?? '';
		} catch {
			return undefined;
		}
	}

	return ticketPattern.test(candidate) ? candidate : undefined;
}

function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}
