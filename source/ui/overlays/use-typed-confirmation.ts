// Keys of a type-to-confirm dialog (Delete User, Delete marked users): the
// dialog owns every key while open; typed keys edit the field, Esc cancels,
// and Enter submits only when pressed on its own: "text\r" in one read (typed
// ahead, joined under load, pasted) types the text and confirms nothing.
import {useState} from 'react';
import {useDeck, useKeyHandler} from '../app-context.js';
import {isDeliberate} from '../input/key-name.js';
import {resolveBinding} from '../keymap.js';
import {createState, useContainer} from '../state/create-state.js';
import type {Overlay} from '../state/navigation.js';
import {editField, emptyField, type TextFieldState} from '../state/text-field.js';

/** Registers the dialog as input owner; returns the field. `submit` gets what was typed. */
export function useTypedConfirmation(overlay: Overlay, submit: (typed: string) => void): TextFieldState {
	const deck = useDeck();
	const [field] = useState(() => createState((_: TextFieldState, next: TextFieldState) => next, emptyField));
	const value = useContainer(field);
	useKeyHandler(overlay, ['confirm-delete'], key => {
		const id = resolveBinding(['confirm-delete'], key.name)?.id;
		if (id === 'confirm-delete.cancel') {
			deck.navigation.dispatch({type: 'close-overlay'});
		} else if (id === 'confirm-delete.submit') {
			if (isDeliberate(key)) {
				submit(field.getState().value);
			}
		} else {
			const next = editField(field.getState(), key);
			if (next) {
				field.dispatch(next);
			}
		}

		// Nothing leaks to the screen beneath.
		return true;
	});
	return value;
}
