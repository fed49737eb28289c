// Theme tokens: views name a role, never a raw colour (STYLE.md, ink-ui theme.ts).
export const theme = {
	accent: 'cyan',
	muted: 'gray',
	danger: 'red',
	success: 'green',
	warning: 'yellow',
	selectedBackground: 'blue',
	selectedText: 'white',
	header: 'magentaBright',
	land: 'green',
	water: 'blue',
	pin: 'yellowBright',
	pinLatest: 'redBright',
	pinHighlight: 'magentaBright',
	jsonKey: 'cyan',
	jsonString: 'green',
	jsonNumber: 'yellow',
	jsonLiteral: 'magenta',
	jsonPunctuation: 'gray',
} as const;

export type ThemeToken = keyof typeof theme;
