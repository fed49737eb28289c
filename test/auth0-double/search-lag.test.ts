// The double's search index lags writes by `searchLagMs`, measured on the
// tenant's clock; a fake clock makes it exact.
import {describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {Tenant} from '../support/auth0-double/tenant.js';

function user(id: string, name: string): User {
	return {user_id: id, name, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', identities: [], logins_count: 0};
}

function tenantAt(clock: {now: number}, users: User[] = []): Tenant {
	return new Tenant({users, connections: [], clients: [], devices: [], logs: [], hostname: 'test', now: () => clock.now});
}

const names = (tenant: Tenant) => [...tenant.searchable()].map(found => found.name);

describe('the search index', () => {
	it('sees writes at once without lag', () => {
		const clock = {now: 0};
		const tenant = tenantAt(clock, [user('a', 'Ann')]);
		tenant.put(user('b', 'Bob'));
		tenant.remove('a');
		expect(names(tenant)).toEqual(['Bob']);
	});

	it('shows each write searchLagMs after it, in write order', () => {
		const clock = {now: 1000};
		const tenant = tenantAt(clock, [user('a', 'Ann')]);
		tenant.searchLagMs = 500;
		tenant.put(user('a', 'Anna'));
		clock.now = 1200;
		tenant.put(user('b', 'Bob'));
		expect(tenant.users.get('a')?.name).toBe('Anna');
		clock.now = 1499;
		expect(names(tenant)).toEqual(['Ann']);
		clock.now = 1500;
		expect(names(tenant)).toEqual(['Anna']);
		clock.now = 1700;
		expect(names(tenant)).toEqual(['Anna', 'Bob']);
		expect(tenant.pendingIndexChanges).toBe(0);
	});

	it('holds every write with Infinity until flushed', () => {
		const clock = {now: 0};
		const tenant = tenantAt(clock, [user('a', 'Ann')]);
		tenant.searchLagMs = Number.POSITIVE_INFINITY;
		tenant.remove('a');
		clock.now = Number.MAX_SAFE_INTEGER;
		expect(names(tenant)).toEqual(['Ann']);
		tenant.flushSearchIndex();
		expect(names(tenant)).toEqual([]);
	});
});
