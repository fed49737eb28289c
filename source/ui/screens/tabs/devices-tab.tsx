// Devices: the user's device credentials (the refresh tokens and keys that keep
// a device signed in). `u` unlinks the selected one after a y/N confirmation,
// which revokes it.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import type {DeviceCredential, User} from '../../../domain/types.js';
import {sanitize} from '../../../terminal/sanitize.js';
import {padEnd, truncate} from '../../../terminal/text-width.js';
import {useDeck, useShown, useStoreRevision} from '../../app-context.js';
import {type ColumnSpec, fitColumns} from '../../components/fit-columns.js';
import {StyledLineView} from '../../components/styled-line-view.js';
import {keyHint, resolveBinding} from '../../keymap.js';
import {createState, useContainer} from '../../state/create-state.js';
import {movementOf} from '../../state/scroll-window.js';
import {theme} from '../../theme.js';
import {initialSelection, selectionReducer, visibleSelection} from './selection-state.js';
import {type TabInput, useTabKeys} from './tab-keys.js';

export type DevicesTabProps = TabInput & {
	readonly user: User;
	readonly width: number;
	readonly height: number;
};

type DeviceColumnId = 'device' | 'application' | 'type';

const titles: Record<DeviceColumnId, string> = {device: 'Device', application: 'Application', type: 'Type'};

const specs: ReadonlyArray<ColumnSpec<DeviceColumnId>> = [
	// The device name is its user agent: long, and the most telling part.
	{id: 'device', min: 20, priority: 1, flex: true},
	{id: 'application', min: 14, max: 20, priority: 2},
	// "rotating_refresh_token".
	{id: 'type', min: 22, max: 22, priority: 3},
];

const gap = '  ';
const markerWidth = 2;

export function DevicesTab({user, width, height, owner, parentScopes}: DevicesTabProps) {
	const deck = useDeck();
	const shown = useShown();
	const revision = useStoreRevision();
	const [selection] = useState(() => createState(selectionReducer, initialSelection));
	const state = useContainer(selection);
	// Where devices are remote (a tenant), they may still be loading or have failed to.
	const load = useMemo(() => deck.service.devicesState(user.user_id), [deck, user.user_id, revision]);
	const devices = load.data ?? noDevices;
	// Caption and column titles take two lines.
	const rows = Math.max(1, height - 2);
	const {selected, offset} = visibleSelection(state, devices.length, rows);
	const scopes = ['devices', ...parentScopes] as const;
	useTabKeys(owner, scopes, key => {
		const id = resolveBinding(scopes, key.name)?.id;
		if (id === 'devices.unlink') {
			const device = devices[visibleSelection(selection.getState(), devices.length, rows).selected];
			if (device) {
				deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'confirm-unlink', userId: user.user_id, deviceId: device.id}});
			} else {
				deck.report('info', 'No device to unlink');
			}

			return true;
		}

		const movement = movementOf(id);
		if (movement) {
			selection.dispatch({type: 'move', movement, count: devices.length, rows});
			return true;
		}

		return false;
	});

	if (devices.length === 0) {
		const failed = load.status === 'error';
		const message = load.status === 'loading' ? 'Loading devices…' : (failed ? sanitize(load.error?.message ?? 'The devices could not be loaded') : 'No devices linked');
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text color={failed ? theme.danger : theme.muted} wrap="truncate">{truncate(message, width)}</Text>
			</Box>
		);
	}

	const columns = fitColumns(specs, width - markerWidth, gap.length);
	const cell = (device: DeviceCredential, column: DeviceColumnId): string => {
		switch (column) {
			case 'device': {
				// A device's name may be one its owner gave it ("Jane's iPhone"): masked as a name.
				return shown.name(device.device_name);
			}

			case 'application': {
				return sanitize(deck.service.client(device.client_id)?.name ?? device.client_id);
			}

			case 'type': {
				return sanitize(device.type);
			}
		}
	};

	const count = `${devices.length} device${devices.length === 1 ? '' : 's'}`;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<StyledLineView line={[{text: count, bold: true}, {text: ` · ${keyHint('devices.unlink')} unlinks the selected one (revokes its refresh token)`, tone: 'muted'}]} width={width} />
			<Text color={theme.muted} bold wrap="truncate">
				{' '.repeat(markerWidth) + columns.map(column => padEnd(titles[column.id], column.width)).join(gap)}
			</Text>
			{devices.slice(offset, offset + rows).map((device, index) => {
				const isSelected = offset + index === selected;
				return (
					<Text
						key={device.id}
						wrap="truncate"
						backgroundColor={isSelected ? theme.selectedBackground : undefined}
						color={isSelected ? theme.selectedText : undefined}
					>
						{(isSelected ? '› ' : '  ') + columns.map(column => padEnd(cell(device, column.id), column.width)).join(gap)}
					</Text>
				);
			})}
		</Box>
	);
}

/**
 * No devices: also those of a missing user (the page unmounts this tab when the
 * user is deleted, but a store change can reach this render first; the state
 * is then an error with no data).
 */
const noDevices: DeviceCredential[] = [];
