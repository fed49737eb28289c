// The status line: the result or error of the last operation. A message
// belongs to the action that reported it: it names the input owner of that
// moment (the overlay or the screen), and goes when another owner takes over
// (the next dialog, a screen or tab change) or its action's state moves on.
export type StatusKind = 'info' | 'success' | 'error' | 'progress';
export type Status = {
	readonly kind: StatusKind;
	readonly message: string;
	readonly serial: number;
	/** Personal values the message quotes (a name, an email): masked on screen while masking is on. */
	readonly personal?: readonly string[];
	/** The navigation entry (overlay or screen) that was current when it was reported. */
	readonly owner?: object | undefined;
};

export type StatusAction =
	| {type: 'set'; kind: StatusKind; message: string; personal?: readonly string[]; owner?: object}
	| {type: 'clear'}
	/** Clears the message unless `owner` reported it. */
	| {type: 'owner-changed'; owner: object}
	/** Clears the message if it is still the one with this serial. */
	| {type: 'dismiss'; serial: number};

export const initialStatus: Status = {kind: 'info', message: '', serial: 0};

export function statusReducer(state: Status, action: StatusAction): Status {
	switch (action.type) {
		case 'set': {
			return {kind: action.kind, message: action.message, personal: action.personal, serial: state.serial + 1, owner: action.owner};
		}

		case 'clear': {
			return state.message ? {...initialStatus, serial: state.serial + 1} : state;
		}

		case 'owner-changed': {
			return state.message && state.owner !== undefined && state.owner !== action.owner ? {...initialStatus, serial: state.serial + 1} : state;
		}

		case 'dismiss': {
			return state.message && state.serial === action.serial ? {...initialStatus, serial: state.serial + 1} : state;
		}
	}
}
