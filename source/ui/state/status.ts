// The status line: the result or error of the last operation.
export type StatusKind = 'info' | 'success' | 'error' | 'progress';
export type Status = {readonly kind: StatusKind; readonly message: string; readonly serial: number};

export type StatusAction = {type: 'set'; kind: StatusKind; message: string} | {type: 'clear'};

export const initialStatus: Status = {kind: 'info', message: '', serial: 0};

export function statusReducer(state: Status, action: StatusAction): Status {
	switch (action.type) {
		case 'set': {
			return {kind: action.kind, message: action.message, serial: state.serial + 1};
		}

		case 'clear': {
			return state.message ? {...initialStatus, serial: state.serial + 1} : state;
		}
	}
}
