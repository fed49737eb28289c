// Strings a hostile or careless writer could put into any stored field, to
// check that nothing reaches the terminal as a control. Shared by the
// sanitizer's tests and the console's hostile-text tests (issue 6).

const esc = '\u001B';
const bel = '\u0007';
const st = `${esc}\\`;
const c1St = '\u009C';

/** Whole escape sequences, named by what they would do to an unprotected terminal. */
export const escapeSequences: ReadonlyArray<readonly [name: string, sequence: string]> = [
	// CSI, 7-bit and C1 forms
	['clear screen', `${esc}[2J`],
	['clear scrollback', `${esc}[3J`],
	['cursor home', `${esc}[H`],
	['red text', `${esc}[31m`],
	['reset attributes', `${esc}[0m`],
	['invisible text', `${esc}[8m`],
	['leave alternate screen', `${esc}[?1049l`],
	['hide cursor', `${esc}[?25l`],
	['erase line and return', `${esc}[2K\r`],
	['cursor up and erase', `${esc}[1A${esc}[2K`],
	['cursor left 10', `${esc}[10D`],
	['device status report (reply injected as input)', `${esc}[6n`],
	['report window title (reply injected as input)', `${esc}[21t`],
	['resize window', `${esc}[8;100;200t`],
	['enable mouse reporting', `${esc}[?1000h`],
	['bracketed paste end marker', `${esc}[201~`],
	['C1 CSI clear screen', '\u009B2J'],
	['C1 CSI red', '\u009B31m'],
	['C1 CSI cursor home', '\u009BH'],
	// Plain ESC sequences
	['full reset (RIS)', `${esc}c`],
	['save cursor', `${esc}7`],
	['restore cursor', `${esc}8`],
	['DEC line drawing charset', `${esc}(0`],
	['DEC screen alignment test', `${esc}#8`],
	['index / reverse index', `${esc}D${esc}M`],
	['single shift', `${esc}N`],
	// OSC, with each terminator
	['window title (BEL)', `${esc}]0;pwned${bel}`],
	['icon title (ST)', `${esc}]1;pwned${st}`],
	['window title (C1 ST)', `${esc}]2;pwned${c1St}`],
	['C1 OSC title', `\u009D0;title\u009C`],
	['palette change', `${esc}]4;1;rgb:ff/00/00${bel}`],
	['current directory', `${esc}]7;file:///etc${bel}`],
	['hyperlink', `${esc}]8;;http://evil${st}link${esc}]8;;${st}`],
	['notification', `${esc}]9;You have been hacked${bel}`],
	['query foreground colour (reply injected)', `${esc}]10;?${bel}`],
	['set background colour', `${esc}]11;#ff0000${bel}`],
	['clipboard write (BEL)', `${esc}]52;c;SGVsbG8=${bel}`],
	['clipboard write (ST)', `${esc}]52;c;cm0gLXJmIH4=${st}`],
	['clipboard write primary', `${esc}]52;p;ZWNobyBwd25lZA==${bel}`],
	['clipboard query', `${esc}]52;c;?${bel}`],
	['C1 OSC clipboard write', '\u009D52;c;SGVsbG8=\u009C'],
	['rxvt notify', `${esc}]777;notify;title;body${bel}`],
	['iTerm2 file transfer', `${esc}]1337;File=name=ZXZpbA==;inline=1:SGVsbG8=${bel}`],
	['iTerm2 user variable', `${esc}]1337;SetUserVar=x=eA==${bel}`],
	['iTerm2 current dir', `${esc}]1337;CurrentDir=/tmp${bel}`],
	['shell integration mark', `${esc}]133;A${bel}`],
	// DCS, APC, PM, SOS
	['DECRQSS (reply injected)', `${esc}P$q"p${st}`],
	['XTGETTCAP (reply injected)', `${esc}P+q544e${st}`],
	['tmux passthrough clipboard', `${esc}Ptmux;${esc}${esc}]52;c;SGVsbG8=${bel}${st}`],
	['sixel image', `${esc}Pq#0;2;0;0;0#1!6~-${st}`],
	['C1 DCS', '\u0090$q"p\u009C'],
	['kitty graphics (APC)', `${esc}_Gf=100,a=T;iVBORw0KGgo=${st}`],
	['C1 APC', '\u009FGa=d\u009C'],
	['privacy message (PM)', `${esc}^secret${st}`],
	['C1 PM', '\u009Esecret\u009C'],
	['start of string (SOS)', `${esc}Xstring${st}`],
	['C1 SOS', '\u0098string\u009C'],
];

/** Openers left unterminated: the terminal swallows what follows until a terminator arrives. */
export const unterminatedSequences: readonly string[] = [
	esc,
	`${esc}[`,
	`${esc}[31`,
	`${esc}[?1049`,
	`${esc}]`,
	`${esc}]0;title`,
	`${esc}]8;;http://evil.example`,
	`${esc}]52;c;SGVsbG8=`,
	`${esc}P`,
	`${esc}Pq#0`,
	`${esc}_Gf=100`,
	`${esc}^`,
	`${esc}X`,
	'\u009B',
	'\u009D0;title',
	'\u0090',
	'\u009F',
];

/** Text that redraws over what came before it, or reorders or hides it. */
export const overwriteTricks: readonly string[] = [
	'admin\rroot',
	'abc\b\b\bxyz',
	'safe value\u001B[2K\rEVIL',
	'line one\nline two',
	'col\tumn',
	'x\u000Bvertical tab',
	'x\u000Cform feed',
	'bell\u0007bell',
	'nul\u0000byte',
	'\u0000',
	'delete\u007Fme',
	'next line\u0085(NEL)',
	'line separator\u2028here',
	'paragraph separator\u2029here',
	'invoice\u202Efdp.exe',
	'\u202Etoor\u202C',
	'user\u202Dforced ltr\u202C',
	'\u202Aembedded\u202C',
	'\u202Bembedded rtl\u202C',
	'\u2066isolate\u2069',
	'\u2067rtl isolate\u2069',
	'\u2068first strong isolate\u2069',
	'mark\u200Eleft',
	'mark\u200Fright',
	'arabic letter mark\u061Chere',
	'ad\u200Bmin',
	'ad\u200Cmin',
	'ad\u200Dmin',
	'\uFEFFadmin',
	'word\u2060joiner',
	'mongolian\u180Evowel separator',
	'annotation\uFFF9anchor\uFFFAseparator\uFFFBterminator',
	'lone high \uD800 surrogate',
	'lone low \uDC00 surrogate',
	'reversed pair \uDC00\uD800',
	'\u200D👩 joiner before an emoji only',
	'👩\u200D joiner after an emoji only',
	'jane@example.com\u001B[8m hidden',
];

/** Characters that are printable but stress layout; they must pass through unchanged. */
export const awkwardButPrintable: readonly string[] = [
	'Z\u0335\u0322\u031B\u031B\u033Aa\u0338\u0323l\u0334\u0354g\u0337\u0316o\u0336\u0331',
	'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
	'👩‍💻 developer',
	'👨‍👩‍👧‍👦 family',
	'🏳️‍🌈 flag',
	'👩🏽‍💻 with skin tone',
	'🏴󠁧󠁢󠁳󠁣󠁴󠁿 subdivision flag',
	'山田太郎',
	'José Müller',
	'עברית',
	'مرحبا',
	'back\\slash \\x1b already escaped text',
	'a'.repeat(10_000),
];

function every(code0: number, code1: number): string[] {
	const characters: string[] = [];
	for (let code = code0; code <= code1; code++) {
		characters.push(String.fromCharCode(code));
	}

	return characters;
}

// Each control on its own, between letters, and at both ends.
const c0AndC1 = [...every(0x00, 0x1F), '\u007F', ...every(0x80, 0x9F)];
const singleControls = c0AndC1.flatMap(character => [character, `a${character}b`]);

// Each sequence on its own, inside a realistic value, and doubled.
const placedSequences = escapeSequences.flatMap(([, sequence]) => [
	sequence,
	`Jane ${sequence}Doe`,
	`jane@example.com${sequence}`,
	`${sequence}${sequence}`,
]);

const longStrings = [
	esc.repeat(100_000),
	`${esc}[31m`.repeat(20_000),
	`${'x'.repeat(200_000)}${esc}]52;c;SGVsbG8=${bel}`,
	`${esc}]0;${'A'.repeat(100_000)}`,
	'\u202E'.repeat(10_000),
	'\uD800'.repeat(10_000),
];

const jsonShaped = [
	JSON.stringify({name: `x${esc}]52;c;SGVsbG8=${bel}`}),
	`{"nickname":"${esc}[2J"}`,
	`["\u009B31m", "\u202E"]`,
];

/** The whole corpus: every entry distinct, at least 200 of them. */
export const hostileStrings: readonly string[] = [...new Set([
	...singleControls,
	...placedSequences,
	...unterminatedSequences,
	...unterminatedSequences.map(opener => `before ${opener}`),
	...overwriteTricks,
	...awkwardButPrintable,
	...longStrings,
	...jsonShaped,
])];

/**
 * Each sequence cut at every position into two halves, as two adjacent fields
 * (a name next to an email, two cells of a row) could hold them: harmless
 * apart, a sequence again if printed side by side without sanitizing.
 */
export const splitPairs: ReadonlyArray<readonly [string, string]> = escapeSequences.flatMap(([, sequence]) => {
	const pairs: Array<readonly [string, string]> = [];
	for (let cut = 1; cut < sequence.length; cut++) {
		pairs.push([`name ${sequence.slice(0, cut)}`, `${sequence.slice(cut)} email`]);
	}

	return pairs;
});
