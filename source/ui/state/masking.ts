// Whether personal data is masked on screen (`M`, `--mask`, USERDECK_MASK=1):
// the one piece of UI state every view's masking follows (mask/shown.ts).
export type MaskingAction = {type: 'toggle'} | {type: 'set'; masked: boolean};

export function maskingReducer(state: boolean, action: MaskingAction): boolean {
	return action.type === 'toggle' ? !state : action.masked;
}
