// Renders the console over a real store in a temp folder, with ports (clipboard,
// browser, editor) replaced at the module boundary.
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, beforeEach, vi} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import {UsersService} from '../../source/services/users-service.js';
import type {UsersApi} from '../../source/services/users-api.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {type Tables} from '../../source/store/tables.js';
import {App} from '../../source/ui/app.js';
import {createDeck, type Deck, DeckProvider, type Ports} from '../../source/ui/app-context.js';
import type {Navigation} from '../../source/ui/state/navigation.js';
import type {PromptHistory} from '../../source/domain/prompt-history.js';
import type {BindingId} from '../../source/ui/keymap.js';
import {fakeHasher, testActor} from './fakes.js';
import {keyFor} from './keys.js';
import {waitFor} from './wait-for.js';

export {fakeHasher, testActor} from './fakes.js';

export type TestStore = {service: UsersService; store: Store; dir: string; cleanup: () => Promise<void>};

/** A store in a temp folder: the demo generator's tables (or `tables`), opened with a fast hasher. */
export async function makeService(options: {users?: number; tables?: Tables; now?: () => Date} = {}): Promise<TestStore> {
	const dir = mkdtempSync(path.join(tmpdir(), 'userdeck-test-'));
	const file = path.join(dir, 'store.ndjson');
	const tables = options.tables ?? generateDemo({users: options.users ?? 40, seed: 'tests', now: new Date(), passwordHash: await fakeHasher.hash('Demo-Passw0rd!')});
	await writeSnapshot(file, tables);
	const store = await Store.open({path: file});
	const service = new UsersService({store, actor: testActor, hasher: fakeHasher, now: options.now});
	return {
		service,
		store,
		dir,
		async cleanup() {
			await store.close();
			await rm(dir, {recursive: true, force: true});
		},
	};
}

export type MockPorts = Ports & {
	copy: ReturnType<typeof vi.fn<Ports['copy']>>;
	openUrl: ReturnType<typeof vi.fn<Ports['openUrl']>>;
};

export function mockPorts(overrides: Partial<Ports> = {}): MockPorts {
	return {
		copy: vi.fn<Ports['copy']>(async () => ({ok: true, message: 'Copied to the clipboard'})),
		openUrl: vi.fn<Ports['openUrl']>(async () => ({ok: true})),
		editText: async () => undefined,
		...overrides,
	} as MockPorts;
}

export type RenderedDeck = ReturnType<typeof render> & {
	deck: Deck;
	ports: MockPorts;
	exited: () => boolean;
	/** Presses a binding's first key. */
	press(bindingId: BindingId): void;
	/** Types text one character at a time. */
	type(text: string): void;
	/** Waits until the last frame contains the text (or matches). */
	waitForFrame(expected: string | RegExp, timeout?: number): Promise<string>;
};

/** `prepare` runs on the deck before the first render (e.g. to put a list engine with small slices in its memo). */
export function renderDeck(service: UsersApi, options: {navigation?: Navigation; ports?: MockPorts; prepare?: (deck: Deck) => void; history?: PromptHistory} = {}): RenderedDeck {
	const ports = options.ports ?? mockPorts();
	let exited = false;
	const deck = createDeck({
		service,
		ports,
		exit() {
			exited = true;
		},
		initialNavigation: options.navigation,
		storeLabel: 'test-store',
		history: options.history,
	});
	options.prepare?.(deck);
	const rendered = render(
		<DeckProvider deck={deck}>
			<App />
		</DeckProvider>,
	);
	const frame = () => rendered.lastFrame() ?? '';
	return {
		...rendered,
		deck,
		ports,
		exited: () => exited,
		press(bindingId) {
			rendered.stdin.write(keyFor(bindingId));
		},
		type(text) {
			for (const char of text) {
				rendered.stdin.write(char);
			}
		},
		async waitForFrame(expected, timeout) {
			return waitFor(() => {
				const current = frame();
				return (typeof expected === 'string' ? current.includes(expected) : expected.test(current)) ? current : undefined;
			}, {timeout, message: () => `expected ${String(expected)} in frame:\n${frame()}`});
		},
	};
}

/** Gives the fake stdout a size (ink-testing-library's has 100 columns and no rows) and tells Ink, as a terminal's resize does. */
export function resize(deck: RenderedDeck, columns: number, rows?: number): void {
	Object.defineProperty(deck.stdout, 'columns', {value: columns, configurable: true});
	if (rows !== undefined) {
		Object.defineProperty(deck.stdout, 'rows', {value: rows, configurable: true});
	}

	deck.stdout.emit('resize');
}

export type ScreenFixture = {
	/** The demo store: the file's, shared by its tests, or each test's own with `storePerTest`. */
	readonly store: TestStore;
	/** Renders the console over `service`; it is unmounted after the test. */
	render(service: UsersApi, options?: Parameters<typeof renderDeck>[1]): RenderedDeck;
	/** A store of the test's own, for tests that change it: closed and removed after the test. */
	ownStore(users: number): Promise<TestStore>;
	/** Runs `cleanup` after the test, before the cleanups added earlier. */
	afterTest(cleanup: () => Promise<void>): void;
};

/**
 * The hooks of a file of screen tests over a demo store of `users`: the store
 * (made once for the file, or for each test with `storePerTest`), and what
 * each test renders or opens for itself, undone after that test.
 */
export function screenFixture(users: number, options: {storePerTest?: boolean; setupTimeout?: number} = {}): ScreenFixture {
	let store: TestStore | undefined;
	let rendered: RenderedDeck | undefined;
	const cleanups: Array<() => Promise<void>> = [];
	const makeStore = async () => {
		store = await makeService({users});
	};

	const removeStore = async () => {
		await store?.cleanup();
		store = undefined;
	};

	if (options.storePerTest) {
		beforeEach(makeStore, options.setupTimeout);
	} else {
		beforeAll(makeStore, options.setupTimeout);
		afterAll(removeStore);
	}

	afterEach(async () => {
		rendered?.unmount();
		rendered = undefined;
		for (const cleanup of cleanups.splice(0)) {
			// eslint-disable-next-line no-await-in-loop
			await cleanup();
		}

		if (options.storePerTest) {
			await removeStore();
		}
	});

	return {
		get store() {
			return store!;
		},
		render(service, renderOptions) {
			rendered = renderDeck(service, renderOptions);
			return rendered;
		},
		async ownStore(count) {
			const own = await makeService({users: count});
			cleanups.unshift(own.cleanup);
			return own;
		},
		afterTest(cleanup) {
			cleanups.unshift(cleanup);
		},
	};
}
