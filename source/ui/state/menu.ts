// Selection in a short menu; disabled items are shown but skipped.
import {moveIndex, type Movement} from './scroll-window.js';

export type MenuItem<Id extends string = string> = {
	readonly id: Id;
	readonly label: string;
	readonly enabled: boolean;
	/** Why the item is disabled, or a detail shown beside it. */
	readonly note?: string;
	readonly dangerous?: boolean;
};

export function firstEnabled(items: readonly MenuItem[]): number {
	return Math.max(0, items.findIndex(item => item.enabled));
}

/** Moves the selection, stepping over disabled items. */
export function moveMenu(items: readonly MenuItem[], selected: number, movement: Movement): number {
	if (items.length === 0) {
		return 0;
	}

	let index = moveIndex(selected, movement, items.length, items.length);
	const step = movement === 'up' || movement === 'page-up' || movement === 'last' ? -1 : 1;
	while (index >= 0 && index < items.length && !items[index]!.enabled) {
		index += step;
	}

	return index >= 0 && index < items.length ? index : selected;
}
