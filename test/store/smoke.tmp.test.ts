import {mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {expect, test} from 'vitest';
import {Store} from '../../source/store/store.js';

test('smoke', async () => {
	const dir = await mkdtemp(path.join(tmpdir(), 'ud-'));
	const file = path.join(dir, 'sub', 'store.ndjson');
	const store = await Store.open({path: file});
	console.log(await readFile(file, 'utf8'));
	await store.transact(tx => {
		tx.put('users', {user_id: 'auth0|1', email: 'A@x.com', created_at: 'x', updated_at: 'x', identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: '1', isSocial: false}], logins_count: 0});
	});
	console.log(await readFile(file + '-journal', 'utf8'));
	const again = await Store.open({path: file});
	expect(again.userByEmail('Username-Password-Authentication', 'a@X.com')?.user_id).toBe('auth0|1');
	await again.compact();
	console.log(await readFile(file, 'utf8'), JSON.stringify(await readFile(file + '-journal', 'utf8')));
	expect(await store.refresh()).toBe(true);
	expect(store.revision).toBe(2);
});
