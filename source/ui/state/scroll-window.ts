// Windowing for lists: only the rows inside [offset, offset + height) render,
// so 1M users scroll like 100 (ink-ui's visibleFromIndex).
import type {BindingId} from '../keymap.js';

/** The offset that keeps `selected` visible, moving the window as little as possible. */
export function followSelection(selected: number, offset: number, height: number, count: number): number {
	if (count <= height) {
		return 0;
	}

	let next = offset;
	if (selected < next) {
		next = selected;
	} else if (selected >= next + height) {
		next = selected - height + 1;
	}

	return Math.max(0, Math.min(next, count - height));
}

export function clamp(value: number, min: number, max: number): number {
	return Math.max(min, Math.min(max, value));
}

export type Movement = 'up' | 'down' | 'page-up' | 'page-down' | 'first' | 'last';

/** The index a movement leads to in a list of `count` rows with `page` visible. */
export function moveIndex(index: number, movement: Movement, count: number, page: number): number {
	if (count === 0) {
		return 0;
	}

	const step = Math.max(1, page - 1);
	const next = {
		up: index - 1,
		down: index + 1,
		'page-up': index - step,
		'page-down': index + step,
		first: 0,
		last: count - 1,
	}[movement];
	return clamp(next, 0, count - 1);
}

/** Maps the move bindings of a scope (`list.up`, `user.page-down`, …) to a movement. */
export function movementOf(bindingId: BindingId | undefined): Movement | undefined {
	const suffix = bindingId?.split('.')[1];
	return suffix === 'up' || suffix === 'down' || suffix === 'page-up' || suffix === 'page-down' || suffix === 'first' || suffix === 'last'
		? suffix
		: undefined;
}
