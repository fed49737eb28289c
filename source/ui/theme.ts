// Theme tokens: views name a role, never a raw colour (STYLE.md, ink-ui theme.ts).
// The palette is chosen once at start-up, before the first frame (applyTheme):
// dark or light for the terminal's background, or none at all under NO_COLOR,
// where every token is undefined and Ink draws the terminal's own colours.
// Views read `theme` while they render, so they need no context or props for it.

const dark = {
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

export type ThemeToken = keyof typeof dark;

/**
 * For a light background: no bright yellow, cyan or white text, which wash
 * out on white. The 16 ANSI names follow the terminal's own palette, so a
 * light terminal theme's darker shades are used; the two hex values (a dark
 * amber) stand in for yellow, and chalk maps them down on 16-colour terminals.
 */
const light: Record<ThemeToken, string> = {
	accent: 'blue',
	muted: 'gray',
	danger: 'red',
	success: 'green',
	warning: '#9a6700',
	selectedBackground: 'blue',
	selectedText: 'white',
	header: 'magenta',
	land: 'green',
	water: 'blue',
	pin: '#9a6700',
	pinLatest: 'red',
	pinHighlight: 'magenta',
	jsonKey: 'blue',
	jsonString: 'green',
	jsonNumber: '#9a6700',
	jsonLiteral: 'magenta',
	jsonPunctuation: 'gray',
};

export const themeNames = ['dark', 'light'] as const;
export type ThemeName = typeof themeNames[number];

export type ThemeChoice = {
	readonly name: ThemeName;
	/** False under NO_COLOR (or FORCE_COLOR=0): no colour at all, glyphs and words carry the meaning. */
	readonly color: boolean;
};

const palettes: Record<ThemeName, Record<ThemeToken, string>> = {dark, light};

export const theme: Record<ThemeToken, string | undefined> = {...dark};

let current: ThemeChoice = {name: 'dark', color: true};

export function applyTheme(choice: ThemeChoice): void {
	current = choice;
	const palette = palettes[choice.name];
	for (const token of Object.keys(palette) as ThemeToken[]) {
		theme[token] = choice.color ? palette[token] : undefined;
	}
}

/** True when colours are off: views then add a glyph where a colour alone told something. */
export function isMonochrome(): boolean {
	return !current.color;
}
