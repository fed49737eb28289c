// Export of the marked users: a file name to confirm or edit, prefilled with a
// new file in the folder the console was started from. `.csv` writes CSV (the
// export's default fields), anything else NDJSON in the Management API's shape;
// the file is new (an existing one is never replaced from here) and 0600.
// Where it went is said in full on the status line.
import path from 'node:path';
import {Box, Text} from 'ink';
import {useState} from 'react';
import {useDeck, useKeyHandler} from '../app-context.js';
import {Dialog, dialogInnerWidth} from '../components/dialog.js';
import {TextField} from '../components/text-field.js';
import {keyHint, resolveBinding} from '../keymap.js';
import {createState, useContainer} from '../state/create-state.js';
import {editField, fieldOf, type TextFieldState} from '../state/text-field.js';
import {theme} from '../theme.js';
import {groupDigits} from '../../domain/group-digits.js';
import {truncate} from '../../terminal/text-width.js';
import {usersCount} from './batch-actions-menu.js';
import type {OverlayProps} from './overlay-view.js';

/** `userdeck-users-20261207-120830.ndjson` in `folder`: new each second, sorted by time. */
export function defaultExportPath(folder: string, now: Date): string {
	const stamp = now.toISOString().replaceAll(/[-:]/g, '').replace('T', '-').slice(0, 15);
	return path.join(folder, `userdeck-users-${stamp}.ndjson`);
}

export function BatchExport({overlay, width, height}: OverlayProps<'batch-export'>) {
	const deck = useDeck();
	const [field] = useState(() => createState((_: TextFieldState, next: TextFieldState) => next, fieldOf(defaultExportPath(process.cwd(), deck.now()))));
	const value = useContainer(field);
	const [busy, setBusy] = useState(false);

	useKeyHandler(overlay, ['export'], key => {
		const id = key.isPaste ? undefined : resolveBinding(['export'], key.name)?.id;
		if (id === 'export.cancel') {
			deck.navigation.dispatch({type: 'close-overlay'});
		} else if (id === 'export.submit') {
			const file = field.getState().value.trim();
			if (!busy && file) {
				setBusy(true);
				void write(file);
			}
		} else {
			const next = editField(field.getState(), key);
			if (next) {
				field.dispatch(next);
			}
		}

		return true;
	});

	async function write(file: string) {
		const written = await deck.attempt(async () => deck.service.exportUsers(overlay.userIds, file));
		if (written) {
			deck.navigation.dispatch({type: 'close-overlay'});
			deck.report('success', `Exported ${usersCount(written.count)} to ${written.file} (readable by you only)`);
		} else {
			setBusy(false);
		}
	}

	const inner = dialogInnerWidth(width, 72);
	const csv = path.extname(value.value.trim()).toLowerCase() === '.csv';
	return (
		<Dialog title="Export marked users" areaWidth={width} areaHeight={height} width={72} height={4}>
			<Box flexDirection="column">
				<Text wrap="truncate">{truncate(`Write ${groupDigits(overlay.userIds.length)} marked user${overlay.userIds.length === 1 ? '' : 's'} to a new file (${csv ? 'CSV' : 'NDJSON; name it .csv for CSV'}):`, inner)}</Text>
				<TextField state={value} focused width={inner} />
				<Text> </Text>
				<Text color={theme.muted} wrap="truncate">{truncate(busy ? 'Writing…' : `${keyHint('export.submit')} writes it (0600, never over an existing file)  ${keyHint('export.cancel')} cancels`, inner)}</Text>
			</Box>
		</Dialog>
	);
}
