// Is the keystroke fuzz strong enough to find real bugs? Each test here seeds
// one deliberate bug into the console (by replacing one module's export for
// this test only), runs the same fuzz as keystroke-fuzz.test.tsx with the same
// generator and invariants, and expects it to fail for the right reason. The
// bugs are the three the issue names:
// - the selection is not clamped when the selected (last) row is deleted;
// - a text field's input filter is missing (pasted control characters kept);
// - a confirmation accepts a chunk (a trailing Enter in one read with the text acts as Enter).
// The console's own code is not changed: remove the mock and the fuzz passes
// (keystroke-fuzz.test.tsx).
import type {Key} from 'ink';
import {afterAll, afterEach, beforeAll, expect, it, vi} from 'vitest';
import type {KeyPress} from '../../source/ui/input/key-name.js';
import type {TextFieldState} from '../../source/ui/state/text-field.js';
import type {UserListEngine, UserListView} from '../../source/list/index.js';
import {describeSequence} from './support/fuzz-actions.js';
import type {FuzzResult} from './support/fuzz-harness.js';
import {figure, scaled} from './support/scale.js';
import {startWatchdog, type Watchdog} from './support/watchdog.js';

// Runs allowed before a seeded bug counts as missed; the fuzz in npm test runs 100.
const budget = scaled(400, 2000);
const seed = Number(process.env['USERDECK_FUZZ_SEED'] ?? 20_261_125);

let watchdog: Watchdog;
let template: {templateFile: string; cleanup: () => Promise<void>};

beforeAll(async () => {
	watchdog = startWatchdog(scaled(20_000, 60_000));
	const {prepareTemplate} = await import('./support/fuzz-harness.js');
	template = await prepareTemplate();
}, 60_000);

afterAll(async () => {
	await watchdog?.stop();
	await template?.cleanup();
});

afterEach(() => {
	vi.doUnmock('../../source/list/index.js');
	vi.doUnmock('../../source/ui/state/text-field.js');
	vi.doUnmock('../../source/ui/input/key-name.js');
	vi.resetModules();
});

/** Imports the harness (and so the console) afresh, after the test's mock, and fuzzes until the first failure. */
async function fuzzWithBug(label: string): Promise<FuzzResult> {
	vi.resetModules();
	const {fuzz} = await import('./support/fuzz-harness.js');
	const result = await fuzz({
		templateFile: template.templateFile,
		runs: budget,
		seed,
		maxPaste: 64 * 1024,
		step: step => watchdog.step(`${label}: ${step}`),
		noShrink: true,
	});
	const {details, stats, ms} = result;
	figure(
		`seeded bug "${label}"`,
		details.failed
			? `caught at run ${stats.runs} of ${budget} after ${(ms / 1000).toFixed(1)} s (${details.counterexample?.[0]?.length ?? 0} actions): ${String(details.errorInstance).split('\n')[0]!.slice(0, 160)}`
			: `NOT caught in ${stats.runs} runs`,
	);
	return result;
}

function failure(result: FuzzResult): string {
	return result.details.failed ? String(result.details.errorInstance) : 'the fuzz passed';
}

it('catches an unclamped selection after the last row is deleted', async () => {
	vi.doMock('../../source/list/index.js', async importOriginal => {
		const original = await importOriginal<typeof import('../../source/list/index.js')>();
		return {
			...original,
			createUserListEngine(...options: Parameters<typeof original.createUserListEngine>): UserListEngine {
				const engine = original.createUserListEngine(...options);
				return {
					...engine,
					// The bug: a selected user who is gone keeps their row number, past the end.
					locate(view: UserListView, userId: string | undefined, index: number) {
						if (userId !== undefined && original.indexOfUser(view, userId) === -1) {
							return {index, userId: undefined};
						}

						return engine.locate(view, userId, index);
					},
				};
			},
		};
	});
	const result = await fuzzWithBug('unclamped selection');
	expect(result.details.failed, `not caught in ${result.stats.runs} runs`).toBe(true);
	expect(failure(result)).toMatch(/selection is row \d+ of \d+|shows row \d+\/\d+/);
}, scaled(300_000, 3_600_000));

it('catches a text field without its input filter', async () => {
	vi.doMock('../../source/ui/state/text-field.js', async importOriginal => {
		const original = await importOriginal<typeof import('../../source/ui/state/text-field.js')>();
		return {
			...original,
			// The bug: pasted text goes in as it came, control characters and all.
			printable: (text: string) => text,
			editField(state: TextFieldState, key: KeyPress): TextFieldState | undefined {
				if (key.isPaste && key.name === 'paste' && !/^[\u0008\u007F]+$/.test(key.input)) {
					const chars = [...state.value];
					const pasted = [...key.input];
					chars.splice(state.cursor, 0, ...pasted);
					return {value: chars.join(''), cursor: state.cursor + pasted.length};
				}

				return original.editField(state, key);
			},
		};
	});
	const result = await fuzzWithBug('missing input filter');
	expect(result.details.failed, `not caught in ${result.stats.runs} runs`).toBe(true);
	expect(failure(result)).toMatch(/control characters (stored|in the)|frames drew/);
}, scaled(300_000, 3_600_000));

it('catches a confirmation that accepts a pasted chunk', async () => {
	vi.doMock('../../source/ui/input/key-name.js', async importOriginal => {
		const original = await importOriginal<typeof import('../../source/ui/input/key-name.js')>();
		return {
			...original,
			// The bug: a chunk ending in Enter is read as the text, then a separate Enter.
			keyPresses(input: string, key: Key): KeyPress[] {
				if ([...input].length > 1 && /[^\r\n][\r\n]+$/.test(input)) {
					const text = input.replace(/[\r\n]+$/, '');
					return [...original.keyPresses(text, {...key, return: false}), {name: 'enter', input: '\r', isPaste: false}];
				}

				return original.keyPresses(input, key);
			},
		};
	});
	const result = await fuzzWithBug('confirmation accepts a pasted chunk');
	expect(result.details.failed, `not caught in ${result.stats.runs} runs`).toBe(true);
	expect(failure(result)).toMatch(/deleted without a typed confirmation/);
	expect(describeSequence(result.details.counterexample?.[0] ?? [])).toMatch(/(?:chunk|paste)-confirmation/);
}, scaled(300_000, 3_600_000));
