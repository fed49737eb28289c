// The pieces every form of the console is drawn with (Create User, Change
// Password, Change Email): one row a line, a label column, errors under their
// field, a password policy checklist, and rows that make room when the body is
// short. The forms build their rows; FormBody fits and draws them.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {sanitize} from '../../terminal/sanitize.js';
import {padEnd, truncate} from '../../terminal/text-width.js';
import {wrapWords} from '../../terminal/wrap-words.js';
import type {PasswordHint} from '../state/password-hints.js';
import {redactSecrets} from '../state/redact-secrets.js';
import {theme} from '../theme.js';

export type FormRow = {
	readonly key: string;
	readonly node: ReactNode;
	/** Rows with a higher rank make room first when the body is short; 0 stays. */
	readonly drop: number;
};

/** Marker cell, space, then the label column. */
export const labelColumn = 16;
export const fieldColumn = 2 + labelColumn;
/** A hint line's marker ("✓ ") before its text. */
const markerWidth = 2;

/** The width a field's value (and the lines beneath it) may take. */
export function fieldWidthOf(width: number): number {
	return Math.max(4, width - fieldColumn - 1);
}

/**
 * Draws the rows `build` makes. The long "3 of 4 kinds" rule gets three lines
 * when the body has them, else two lines of a shorter wording, and never a
 * clipped sentence; then the most expendable rows go until the rest fit.
 */
export function FormBody({build, width, height}: {readonly build: (kindsLines: number) => FormRow[]; readonly width: number; readonly height: number}) {
	let rows = build(3);
	if (rows.length > height) {
		rows = build(2);
	}

	rows = fitRows(rows, height);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{rows.map(row => (
				<Box key={row.key} height={1} width={width}>
					{row.node}
				</Box>
			))}
		</Box>
	);
}

/** Drops the most expendable rows (bottom-most first within a rank) until they fit. */
export function fitRows<R extends {drop: number}>(rows: readonly R[], height: number): R[] {
	let kept = [...rows];
	const ranks = [...new Set(kept.map(row => row.drop))].filter(rank => rank > 0).sort((a, b) => b - a);
	for (const rank of ranks) {
		for (let index = kept.length - 1; index >= 0 && kept.length > height; index--) {
			if (kept[index]!.drop === rank) {
				kept = [...kept.slice(0, index), ...kept.slice(index + 1)];
			}
		}
	}

	return kept.slice(0, Math.max(0, height));
}

export function indented(node: ReactNode): ReactNode {
	return (
		<>
			<Text>{' '.repeat(fieldColumn)}</Text>
			{node}
		</>
	);
}

export function FieldLabel({label, focused, failed}: {readonly label: string; readonly focused: boolean; readonly failed: boolean}) {
	const color = failed ? theme.danger : (focused ? theme.accent : undefined);
	return (
		<Text wrap="truncate">
			<Text color={theme.accent}>{focused ? '›' : ' '}</Text>
			<Text> </Text>
			<Text bold={focused} color={color}>{padEnd(label, labelColumn)}</Text>
		</Text>
	);
}

/** A form's title row and the blank row under it. */
export function titleRows(title: string, subtitle: string, width: number): FormRow[] {
	const lead = ` ${title}`;
	return [
		{
			key: 'title',
			drop: 3,
			node: (
				<Text wrap="truncate">
					<Text bold color={theme.accent}>{lead}</Text>
					<Text color={theme.muted}>{truncate(`  ${subtitle}`, Math.max(0, width - lead.length - 1))}</Text>
				</Text>
			),
		},
		spacerRow('space-top'),
	];
}

export function spacerRow(key: string): FormRow {
	return {key, node: <Text> </Text>, drop: 5};
}

/** The help line at the bottom: what the keys do, or what is in flight. */
export function helpRow(text: string, busy: boolean, width: number): FormRow {
	return {
		key: 'help',
		drop: 4,
		node: <Text color={busy ? theme.warning : theme.muted} wrap="truncate">{truncate(` ${text}`, width)}</Text>,
	};
}

/** A field's errors beneath it, passwords masked. */
export function errorRows(field: string, messages: readonly string[], fieldWidth: number, secrets: readonly string[]): FormRow[] {
	return messages.map((message, index) => ({
		key: `${field}-error-${index}`,
		drop: 0,
		node: indented(<Text color={theme.danger} wrap="truncate">{truncate(`✗ ${sanitize(redactSecrets(message, secrets))}`, fieldWidth)}</Text>),
	}));
}

/**
 * The policy checklist under a password field, then the field's errors the
 * checklist does not already show (an unmet rule is not repeated).
 */
export function checklistRows(hints: readonly PasswordHint[], errors: readonly string[], fieldWidth: number, kindsLines: number, secrets: readonly string[]): FormRow[] {
	const textWidth = Math.max(1, fieldWidth - markerWidth);
	const failed = errors.length > 0;
	const rows: FormRow[] = [];
	for (const hint of hints) {
		for (const [index, line] of hintLines(hint, textWidth, kindsLines).entries()) {
			rows.push({
				key: `hint-${hint.id}-${index}`,
				drop: hint.state === 'unmet' ? 0 : 2,
				node: indented(<HintLine hint={hint} line={line} first={index === 0} failed={failed} />),
			});
		}
	}

	const shown = new Set(hints.filter(hint => hint.state === 'unmet').map(hint => hint.text));
	return [...rows, ...errorRows('password', errors.filter(message => !shown.has(message)), fieldWidth, secrets)];
}

/** The lines a hint takes: its full text wrapped at words, else its shorter wording. */
export function hintLines(hint: PasswordHint, width: number, maxLines: number): string[] {
	const text = sanitize(hint.text);
	return wrapWords(text, width, maxLines)
		?? (hint.short ? wrapWords(hint.short, width, maxLines) : undefined)
		?? [truncate(text, width)];
}

function HintLine({hint, line, first, failed}: {readonly hint: PasswordHint; readonly line: string; readonly first: boolean; readonly failed: boolean}) {
	const marker = {pending: '·', met: '✓', unmet: '✗'}[hint.state];
	const markerColor = {pending: theme.muted, met: theme.success, unmet: failed ? theme.danger : theme.warning}[hint.state];
	const textColor = hint.state === 'unmet' ? (failed ? theme.danger : undefined) : theme.muted;
	return (
		<Text wrap="truncate">
			<Text color={markerColor}>{first ? `${marker} ` : '  '}</Text>
			<Text color={textColor}>{line}</Text>
		</Text>
	);
}
