// The keystroke fuzz's engine (issue 6): runs fast-check key sequences against
// the console on a fresh copy of a store and checks the invariants after each.
// Used by keystroke-fuzz.test.tsx (the fuzz itself) and by
// keystroke-fuzz-seeded.test.tsx (proof that it finds deliberately seeded bugs).
//
// fast-check drives the console with random key
// sequences, weighted toward navigation, with bursts (several keys in one
// chunk), bracketed pastes of up to 64 KB (1 MB under `npm run stress`) into
// every text field, confirmation chunks sent in one read or pasted at
// confirmations, and terminal resizes.
// Each sequence runs on a fresh copy of a store, and after it:
// - nothing crashed (no throw, no render error, no unhandled rejection) and a frame is drawn;
// - the Users list's selection is inside the list;
// - no frame drew a raw control character, and no user's text holds one;
// - every deleted user was deleted by typing (or pasting) the confirmation, then a separate Enter;
// - the store loads in a second instance, with the same users.
import {copyFileSync, mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {render} from 'ink-testing-library';
import {Component, type ReactNode} from 'react';
import type {User} from '../../../source/domain/types.js';
import {UsersService} from '../../../source/services/users-service.js';
import {Store} from '../../../source/store/store.js';
import {App} from '../../../source/ui/app.js';
import {createDeck, type Deck, DeckProvider} from '../../../source/ui/app-context.js';
import {deleteConfirmationText} from '../../../source/ui/overlays/confirm-delete.js';
import {usersListModel} from '../../../source/ui/state/users-list.js';
import {fakeHasher, makeService, testActor, type TestStore} from '../../support/deck.js';
import {scanFrames} from './frames.js';
import {bracketedPaste, describeSequence, type FuzzAction, fuzzSequence, keyBytes, pasteText} from './fuzz-actions.js';
import {figure} from './scale.js';
import {ticks, until} from './until.js';

/** Paths of string values in `value` that hold a C0, DEL or C1 character. */
export function controlCharactersIn(value: unknown, at = ''): string[] {
	if (typeof value === 'string') {
		return /[\u0000-\u001F\u007F-\u009F]/.test(value) ? [`${at}: ${JSON.stringify(value.slice(0, 60))}`] : [];
	}

	if (Array.isArray(value)) {
		return value.flatMap((item, index) => controlCharactersIn(item, `${at}[${index}]`));
	}

	if (value !== null && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, item]) => [...controlCharactersIn(key, `${at}{key}`), ...controlCharactersIn(item, `${at}.${key}`)]);
	}

	return [];
}

class Boundary extends Component<{onError: (error: unknown) => void; children: ReactNode}, {failed: boolean}> {
	override state = {failed: false};

	static getDerivedStateFromError(): {failed: boolean} {
		return {failed: true};
	}

	override componentDidCatch(error: unknown): void {
		this.props.onError(error);
	}

	override render(): ReactNode {
		return this.state.failed ? null : this.props.children;
	}
}

type Stats = {
	runs: number;
	actions: number;
	keys: number;
	bursts: number;
	pastes: number;
	pastedCharacters: number;
	largestPaste: number;
	resizes: number;
	deletes: number;
	screens: Set<string>;
	firstFailureMs?: number;
	firstFailureRun?: number;
};

function newStats(): Stats {
	return {runs: 0, actions: 0, keys: 0, bursts: 0, pastes: 0, pastedCharacters: 0, largestPaste: 0, resizes: 0, deletes: 0, screens: new Set()};
}

function where(deck: Deck): string {
	const {stack, overlay} = deck.navigation.getState();
	const top = stack.at(-1);
	const screen = top?.name === 'user' ? `user/${top.tab}` : top?.name ?? 'none';
	return overlay ? `${screen}+${overlay.name}` : screen;
}

/** Runs one sequence on a fresh copy of the template store; throws on any broken invariant. */
async function runSequence(templateFile: string, actions: readonly FuzzAction[], stats: Stats): Promise<void> {
	const dir = mkdtempSync(path.join(tmpdir(), 'userdeck-fuzz-'));
	const file = path.join(dir, 'store.ndjson');
	copyFileSync(templateFile, file);
	const store = await Store.open({path: file});
	const service = new UsersService({store, actor: testActor, hasher: fakeHasher});
	const problems: string[] = [];
	const deck = createDeck({
		service,
		ports: {
			copy: async () => ({ok: true, message: 'Copied to the clipboard'}),
			openUrl: async () => ({ok: true}),
			editText: async () => undefined,
		},
		exit() {},
		storeLabel: 'fuzz',
	});
	const rendered = render(
		<DeckProvider deck={deck}>
			<Boundary onError={error => problems.push(`render error: ${String(error)}`)}>
				<App />
			</Boundary>
		</DeckProvider>,
	);
	const onRejection = (reason: unknown) => {
		problems.push(`unhandled rejection: ${String(reason)}`);
	};

	process.on('unhandledRejection', onRejection);
	const usersBefore = new Set(store.tables.users.keys());
	const allowedDeletes = new Set<string>();
	// Users whose delete confirmation text was typed or pasted while their Actions menu or
	// delete dialog was open (keys wait in a queue, so a chunk written while the menu is
	// still open can land in the dialog it opens).
	const typedFor = new Set<string>();
	const write = (text: string, index: number) => {
		try {
			rendered.stdin.write(text);
		} catch (error) {
			problems.push(`crash at action ${index}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		}
	};

	const settle = async () => {
		for (let round = 0; round < 3; round++) {
			await ticks(2);
			await store.refresh();
		}

		await ticks(2);
	};

	try {
		await until(() => (rendered.lastFrame() ?? '').includes('users'));
		const framesBefore = rendered.frames.length;
		for (const [index, action] of actions.entries()) {
			stats.actions++;
			stats.screens.add(where(deck));
			const {overlay} = deck.navigation.getState();
			if (overlay?.name !== 'confirm-delete' && overlay?.name !== 'actions') {
				typedFor.clear();
			}

			switch (action.type) {
				case 'key': {
					stats.keys++;
					if (action.name === 'enter' && overlay?.name === 'confirm-delete' && typedFor.has(overlay.userId)) {
						allowedDeletes.add(overlay.userId);
					}

					write(keyBytes(action.name), index);
					break;
				}

				case 'burst': {
					stats.bursts++;
					write(action.keys.join(''), index);
					break;
				}

				case 'text':
				case 'paste': {
					const text = action.type === 'text' ? action.text : pasteText(action.size, action.seed, action.kind);
					stats.pastes++;
					stats.pastedCharacters += text.length;
					stats.largestPaste = Math.max(stats.largestPaste, text.length);
					if (text !== '') {
						write(action.type === 'paste' ? bracketedPaste(text) : text, index);
					}

					break;
				}

				case 'resize': {
					stats.resizes++;
					Object.defineProperty(rendered.stdout, 'columns', {value: action.columns, configurable: true});
					Object.defineProperty(rendered.stdout, 'rows', {value: action.rows, configurable: true});
					rendered.stdout.emit('resize');
					break;
				}

				case 'tick': {
					await ticks(action.count);
					break;
				}

				case 'settle': {
					await settle();
					break;
				}

				case 'type-confirmation': {
					const user = overlay?.name === 'confirm-delete' ? store.user(overlay.userId) : undefined;
					if (user) {
						for (const char of deleteConfirmationText(user)) {
							write(char, index);
						}

						typedFor.add(user.user_id);
					}

					break;
				}

				case 'paste-confirmation': {
					const user = overlay && 'userId' in overlay ? store.user(overlay.userId) : undefined;
					const chunk = action.chunk.replace('EMAIL', user ? deleteConfirmationText(user) : 'someone@example.com');
					write(action.bracketed ? bracketedPaste(chunk) : chunk, index);
					// Pasting the email is as deliberate as typing it: the chunk itself must not
					// delete (its Enter came with the text, or inside the paste), but an Enter
					// pressed on its own afterwards may.
					if ((overlay?.name === 'confirm-delete' || overlay?.name === 'actions') && user && action.chunk.startsWith('EMAIL')) {
						typedFor.add(user.user_id);
					}

					break;
				}
			}
		}

		await settle();
		stats.screens.add(where(deck));

		// Nothing crashed, and the console still draws.
		const frame = rendered.lastFrame() ?? '';
		if (frame.trim() === '') {
			problems.push('the last frame is empty');
		}

		// The selection is inside the list, as the list computes it and as it shows it.
		const {state, engine} = usersListModel(deck);
		const list = state.getState();
		const view = engine.view(store.tables.users, store.revision, list.sort, list.filter);
		const at = engine.locate(view, list.selectedId, list.selected);
		const count = view.rows.length;
		if (count === 0 ? at.index !== 0 : at.index < 0 || at.index >= count) {
			problems.push(`the list's selection is row ${at.index} of ${count}`);
		}

		if (where(deck) === 'users') {
			// The position ends the line; the filter text before it may hold digits and slashes too.
			const shown = / (\d[\d,]*)\/(\d[\d,]*) *$/.exec(frame.split('\n')[2] ?? '');
			if (shown) {
				const [selected, total] = [Number(shown[1]!.replaceAll(',', '')), Number(shown[2]!.replaceAll(',', ''))];
				if (total > 0 ? selected < 1 || selected > total : selected !== 0) {
					problems.push(`the list shows row ${selected}/${total}`);
				}
			}
		}

		// No raw control character reached the terminal.
		const scan = scanFrames(rendered.frames.slice(framesBefore));
		if (scan.esc + scan.c0 + scan.c1 + scan.unsafe > 0) {
			problems.push(`frames drew ${scan.esc} ESC, ${scan.c0} C0, ${scan.c1} C1, ${scan.unsafe} unsafe: ${scan.samples.join(' | ')}`);
		}

		// No control character was stored.
		const stored = [...store.tables.users.keys()].map(id => store.user(id)!).flatMap((user: User) => controlCharactersIn(user, user.user_id));
		if (stored.length > 0) {
			problems.push(`control characters stored: ${stored.slice(0, 3).join('; ')}`);
		}

		// Only a typed confirmation and a separate Enter delete.
		for (const userId of usersBefore) {
			if (!store.user(userId)) {
				stats.deletes++;
				if (!allowedDeletes.has(userId)) {
					problems.push(`${userId} was deleted without a typed confirmation and a separate Enter`);
				}
			}
		}

		// The store still loads, with the same users.
		if (store.revision > 0) {
			const again = await Store.open({path: file, create: false});
			try {
				if (again.tables.users.size !== store.tables.users.size) {
					problems.push(`a second instance loads ${again.tables.users.size} users, not ${store.tables.users.size}`);
				}
			} finally {
				await again.close();
			}
		}
	} finally {
		process.off('unhandledRejection', onRejection);
		rendered.unmount();
		await store.close();
		await rm(dir, {recursive: true, force: true});
	}

	if (problems.length > 0) {
		throw new Error(problems.join('\n'));
	}
}

export type FuzzResult = {details: fc.RunDetails<[FuzzAction[]]>; stats: Stats; ms: number; seed: number};

export type FuzzOptions = {
	/** A store file copied afresh for every sequence (see `prepareTemplate`). */
	readonly templateFile: string;
	readonly runs: number;
	readonly seed: number;
	readonly maxPaste: number;
	/** Told what each run is doing (the watchdog's label). */
	readonly step?: (label: string) => void;
	/** Stop at the first failure without shrinking (a seeded bug only needs to be found). */
	readonly noShrink?: boolean;
	/** Sequences run before the random ones: counterexamples found earlier, kept as regressions. */
	readonly examples?: ReadonlyArray<readonly FuzzAction[]>;
};

/** A store of 12 users with no control character in it: the list fits a page, so the last row is often the selected one. */
export async function prepareTemplate(): Promise<{templateFile: string; cleanup: () => Promise<void>}> {
	const template: TestStore = await makeService({users: 12});
	await template.store.close();
	const templateFile = path.join(template.dir, 'store.ndjson');
	const store = await Store.open({path: templateFile});
	// The fuzz must find no control character it did not put there.
	const found = [...store.tables.users.values()].flatMap(user => controlCharactersIn(user));
	await store.close();
	if (found.length > 0) {
		throw new Error(`the template store holds control characters: ${found.join('; ')}`);
	}

	return {templateFile, cleanup: template.cleanup};
}

/** Runs the fuzz; returns what fast-check found and the figures. */
export async function fuzz({templateFile, runs, seed, maxPaste, step, noShrink, examples = []}: FuzzOptions): Promise<FuzzResult> {
	const stats = newStats();
	const started = performance.now();
	const property = fc.asyncProperty(fuzzSequence({maxPaste, maxLength: 40}), async actions => {
		stats.runs++;
		step?.(`fuzz run ${stats.runs}: ${describeSequence(actions).slice(0, 300)}`);
		try {
			await runSequence(templateFile, actions, stats);
		} catch (error) {
			stats.firstFailureMs ??= performance.now() - started;
			stats.firstFailureRun ??= stats.runs;
			throw error;
		}
	});
	const details = await fc.check(property, {numRuns: runs, seed, endOnFailure: noShrink ?? false, examples: examples.map(actions => [[...actions]] as [FuzzAction[]])});
	return {details, stats, ms: performance.now() - started, seed};
}

export function report(label: string, {details, stats, ms, seed}: FuzzResult): void {
	figure(`${label}: sequences (fast-check runs, seed ${seed})`, stats.runs);
	figure(`${label}: actions`, stats.actions);
	figure(`${label}: keys / bursts / pastes / resizes`, `${stats.keys} / ${stats.bursts} / ${stats.pastes} / ${stats.resizes}`);
	figure(`${label}: pasted characters (largest paste)`, `${stats.pastedCharacters.toLocaleString('en-US')} (${stats.largestPaste.toLocaleString('en-US')})`);
	figure(`${label}: users deleted by typed confirmations`, stats.deletes);
	figure(`${label}: screens and overlays reached`, `${stats.screens.size}: ${[...stats.screens].sort().join(', ')}`);
	figure(`${label}: time (s)`, (ms / 1000).toFixed(1));
	if (details.failed) {
		const counterexample = details.counterexample?.[0] ?? [];
		figure(`${label}: first failure`, `run ${stats.firstFailureRun} after ${((stats.firstFailureMs ?? 0) / 1000).toFixed(1)} s`);
		figure(`${label}: shrunk counterexample`, `${counterexample.length} actions after ${details.numShrinks} shrinks: ${describeSequence(counterexample)}`);
	}
}
