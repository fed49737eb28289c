// Edit user_metadata as JSON: in $VISUAL/$EDITOR when set (the convention of
// `git commit` and `kubectl edit`), else inline. Invalid JSON is refused with the
// line and column of the error, and the text stays in the editor: nothing is lost.
// Keys deleted in the editor are deleted from the profile (sent as null).
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {useDeck, useKeyHandler} from '../app-context.js';
import {Dialog, dialogInnerHeight, dialogInnerWidth, wantedWidth} from '../components/dialog.js';
import type {KeyPress} from '../input/key-name.js';
import {keyHint, resolveBinding} from '../keymap.js';
import {createState, useContainer} from '../state/create-state.js';
import {followSelection} from '../state/scroll-window.js';
import {editTextArea, type TextAreaState, textAreaOf, textOf} from '../state/text-area.js';
import {theme} from '../theme.js';
import {parseJsonWithPosition} from '../../domain/metadata.js';
import type {JsonObject} from '../../domain/types.js';
import {maskValues} from '../mask/mask-json.js';
import {safeJson} from '../../terminal/safe-json.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../terminal/text-width.js';
import type {OverlayProps} from './overlay-view.js';

export type MetadataCheck = {ok: true; patch: JsonObject} | {ok: false; message: string; line?: number; column?: number};

/** Validates the edited text and turns it into a patch that also deletes removed keys. */
export function metadataPatch(text: string, current: JsonObject | undefined): MetadataCheck {
	const parsed = parseJsonWithPosition(text);
	if (!parsed.ok) {
		return {ok: false, message: `Invalid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`, line: parsed.line, column: parsed.column};
	}

	const {value} = parsed;
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		return {ok: false, message: 'user_metadata must be a JSON object, e.g. {"plan": "pro"}'};
	}

	const patch: JsonObject = {...value};
	for (const key of Object.keys(current ?? {})) {
		if (!(key in value)) {
			patch[key] = null;
		}
	}

	return {ok: true, patch};
}

/** 'masked': personal data is masked, so the values are too and nothing can be edited (M on the page, then e, edits). */
type EditorState = {area: TextAreaState; error?: string; mode: 'external' | 'inline' | 'masked'};

function headline(mode: EditorState['mode']): string {
	switch (mode) {
		case 'external': {
			return 'Editing in your $VISUAL/$EDITOR…';
		}

		case 'masked': {
			return `MASKED · values hidden, read-only · ${keyHint('editor.cancel')} close`;
		}

		case 'inline': {
			return `${keyHint('editor.save')} save · ${keyHint('editor.cancel')} cancel · root keys are merged; removed keys are deleted`;
		}
	}
}

export function MetadataEditor({overlay, width, height}: OverlayProps<'edit-metadata'>) {
	const deck = useDeck();
	const [editor] = useState(() => {
		const user = deck.service.user(overlay.userId);
		// Masked, the values never reach the screen, nor an external editor (which would show them).
		const masked = deck.masking.getState();
		const metadata = user?.user_metadata ?? {};
		const text = safeJson(masked ? maskValues(metadata) : metadata, 2);
		return createState((_: EditorState, next: EditorState) => next, {
			area: textAreaOf(text),
			mode: masked ? 'masked' : (deck.ports.editText ? 'external' : 'inline'),
		});
	});
	const state = useContainer(editor);
	const [saving, setSaving] = useState(false);
	// Keys typed while the external editor is being tried: if none is configured
	// they are the first keys of the inline edit, not lost.
	const [typedEarly] = useState<KeyPress[]>(() => []);

	async function save(text: string): Promise<void> {
		const user = deck.service.user(overlay.userId);
		const check = metadataPatch(text, user?.user_metadata);
		if (!check.ok) {
			// Keep the text and put the cursor on the error.
			const area = textAreaOf(text);
			const row = Math.min(area.lines.length - 1, Math.max(0, (check.line ?? 1) - 1));
			const col = Math.min([...(area.lines[row] ?? '')].length, Math.max(0, (check.column ?? 1) - 1));
			editor.dispatch({area: {...area, row, col}, mode: 'inline', error: check.message});
			return;
		}

		setSaving(true);
		try {
			await deck.service.updateMetadata(overlay.userId, check.patch);
			deck.navigation.dispatch({type: 'close-overlay'});
			deck.report('success', 'Saved user_metadata');
		} catch (error) {
			editor.dispatch({...editor.getState(), area: textAreaOf(text), mode: 'inline', error: error instanceof Error ? error.message : String(error)});
		} finally {
			setSaving(false);
		}
	}

	// With $VISUAL/$EDITOR set, hand the text to it once; whatever it returns is
	// checked like inline edits, and a refusal lands in the inline editor.
	useEffect(() => {
		if (state.mode !== 'external' || !deck.ports.editText) {
			return;
		}

		let cancelled = false;
		void deck.ports.editText(textOf(state.area), 'user_metadata.json').then(
			async text => {
				if (cancelled) {
					return;
				}

				if (text === undefined) {
					editor.dispatch({...editor.getState(), mode: 'inline'});
					replayTypedEarly();
				} else {
					typedEarly.length = 0;
					await save(text);
				}
			},
			(error: unknown) => {
				editor.dispatch({...editor.getState(), mode: 'inline', error: error instanceof Error ? error.message : String(error)});
				replayTypedEarly();
			},
		);
		return () => {
			cancelled = true;
		};
		// Runs once per overlay: the external editor is launched a single time.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);

	function replayTypedEarly(): void {
		for (const key of typedEarly.splice(0)) {
			inlineKey(key);
		}
	}

	function inlineKey(key: KeyPress): void {
		const current = editor.getState();
		const id = resolveBinding(['editor'], key.name)?.id;
		if (id === 'editor.cancel') {
			deck.navigation.dispatch({type: 'close-overlay'});
			deck.report('info', 'Edit cancelled: nothing was saved');
			return;
		}

		if (current.mode === 'masked') {
			// Read-only: a key that would edit says why instead.
			editor.dispatch({...current, error: `Personal data is masked: nothing can be edited here. ${keyHint('editor.cancel')} closes; ${keyHint('user.mask')} on the page shows the values, then ${keyHint('details.edit')} edits.`});
			return;
		}

		if (id === 'editor.save') {
			if (!saving) {
				void save(textOf(current.area));
			}

			return;
		}

		const next = editTextArea(current.area, key);
		if (next) {
			editor.dispatch({...current, area: next});
		}
	}

	// Wider than 90 columns as the text is when opened, where the terminal has
	// room (and 20 columns to type into); fixed then, so typing does not move it.
	const [openingWidth] = useState(() => {
		const {lines} = editor.getState().area;
		return wantedWidth(Math.max(...lines.map(line => displayWidth(sanitize(line)))) + String(lines.length).length + 21, 90, 160);
	});

	useKeyHandler(overlay, ['editor'], key => {
		if (editor.getState().mode === 'external') {
			typedEarly.push(key);
		} else {
			inlineKey(key);
		}

		return true;
	});

	const {area} = state;
	const wanted = openingWidth;
	const inner = dialogInnerWidth(width, wanted);
	const innerHeight = dialogInnerHeight(height, 30);
	const visible = Math.max(1, innerHeight - 3);
	const offset = followSelection(area.row, Math.max(0, area.row - visible + 1), visible, area.lines.length);
	const gutter = String(area.lines.length).length + 1;
	return (
		<Dialog title="Edit user_metadata" areaWidth={width} areaHeight={height} width={wanted} height={30}>
			<Box flexDirection="column">
				<Text color={theme.muted} wrap="truncate">
					{truncate(headline(state.mode), inner)}
				</Text>
				{area.lines.slice(offset, offset + visible).map((line, index) => {
					const row = offset + index;
					const chars = [...sanitize(line)];
					const room = inner - gutter - 1;
					// Scroll the line horizontally so the cursor stays visible.
					const start = row === area.row ? Math.max(0, area.col - room + 1) : 0;
					const shown = chars.slice(start, start + room);
					const number = padEnd(String(row + 1), gutter);
					if (row !== area.row || state.mode !== 'inline') {
						return <Text key={row} wrap="truncate"><Text color={theme.muted}>{number}</Text> {shown.join('')}</Text>;
					}

					const cursor = area.col - start;
					return (
						<Text key={row} wrap="truncate">
							<Text color={theme.muted}>{number}</Text> {shown.slice(0, cursor).join('')}
							<Text inverse>{shown[cursor] ?? ' '}</Text>
							{shown.slice(cursor + 1).join('')}
						</Text>
					);
				})}
				<Text color={state.error ? theme.danger : theme.muted} wrap="truncate">
					{truncate(state.error ? sanitize(state.error) : (saving ? 'Saving…' : ' '), inner)}
				</Text>
			</Box>
		</Dialog>
	);
}
