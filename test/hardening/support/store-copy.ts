// A fresh store for every case, copied from one template (generating demo
// data for each would cost far more than the case).
import {copyFileSync, mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {UsersService} from '../../../source/services/users-service.js';
import {Store} from '../../../source/store/store.js';
import {fakeHasher, makeService, testActor} from '../../support/deck.js';

export type Template = {file: string; cleanup: () => Promise<void>};

/** A demo store of `users` users, written once and closed. */
export async function makeTemplate(users: number): Promise<Template> {
	const made = await makeService({users});
	await made.store.close();
	return {file: path.join(made.dir, 'store.ndjson'), cleanup: made.cleanup};
}

export type StoreCopy = {file: string; store: Store; service: UsersService; cleanup: () => Promise<void>};

export async function copyStore(template: Template, options: {now?: () => Date} = {}): Promise<StoreCopy> {
	const dir = mkdtempSync(path.join(tmpdir(), 'userdeck-copy-'));
	const file = path.join(dir, 'store.ndjson');
	copyFileSync(template.file, file);
	const store = await Store.open({path: file});
	const service = new UsersService({store, actor: testActor, hasher: fakeHasher, now: options.now});
	return {
		file,
		store,
		service,
		async cleanup() {
			await store.close();
			await rm(dir, {recursive: true, force: true});
		},
	};
}
