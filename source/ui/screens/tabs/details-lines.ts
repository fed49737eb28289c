// The Details tab's content as lines: the Dashboard's three sections, User
// Identity, Metadata and Identity Provider Attributes. Pure, so the tab only
// windows it and tests can read it without rendering.
import {type Identity, type JsonObject, type JsonValue, type User, userFieldOrder} from '../../../domain/types.js';
import {formatRelative} from '../../../domain/duration.js';
import {sanitize} from '../../../terminal/sanitize.js';
import type {StyledLine, StyledSegment} from '../../components/clip-segments.js';
import {jsonLines} from '../../components/json-lines.js';
import {styledJsonLine} from '../../components/json-view.js';
import {formatDateTime, formatWhen} from './format-when.js';
import {keyHint} from '../../keymap.js';
import {groupDigits} from '../../../domain/group-digits.js';
import {maskValues} from '../../mask/mask-json.js';
import {type Shown, shownFor} from '../../mask/shown.js';

const labelWidth = 16;
const profileFields: ReadonlySet<string> = new Set(userFieldOrder);
const blank: StyledLine = [];

function title(text: string, note?: string): StyledLine {
	return [{text, tone: 'accent', bold: true}, ...(note ? [{text: `  ${note}`, tone: 'muted'} as const] : [])];
}

function row(label: string, value: readonly StyledSegment[] | string): StyledLine {
	const segments = typeof value === 'string' ? [{text: value}] : value;
	return [{text: `  ${label.padEnd(labelWidth)}`, tone: 'muted'}, ...segments];
}

function json(value: JsonValue, indent: string): StyledLine[] {
	return jsonLines(value).map(line => [{text: indent}, ...styledJsonLine(line)]);
}

function verification(verified: boolean | undefined): StyledSegment {
	return verified ? {text: '  ✓ verified', tone: 'success'} : {text: '  not verified', tone: 'warning'};
}

/** The tab's lines; personal data as `shown` says (plain by default): metadata and provider attributes keep their keys, their values masked. */
export function detailsLines(user: User, now: Date, shown: Shown = shownFor(false)): StyledLine[] {
	const lines: StyledLine[] = [title('User Identity')];
	lines.push(row('Email', user.email === undefined ? '—' : [{text: shown.email(user.email)}, verification(user.email_verified)]));
	const connections = user.identities.map(identity => sanitize(identity.connection) + (identity.isSocial ? ' (social)' : ''));
	lines.push(row('Connections', connections.length > 0 ? connections.join(', ') : '—'));
	lines.push(row('User ID', shown.freeText(user.user_id)));
	lines.push(row('Created', `${formatDateTime(user.created_at)} (${formatRelative(new Date(user.created_at), now)})`));
	lines.push(row('Last login', user.last_login ? formatWhen(user.last_login, now) : [{text: 'never', tone: 'muted'}]));
	lines.push(row('Logins', groupDigits(user.logins_count ?? 0)));
	lines.push(row('Last IP', user.last_ip ? shown.ip(user.last_ip) : '—'));
	lines.push(row('Access', user.blocked ? [{text: 'Blocked', tone: 'danger', bold: true}] : [{text: 'Active', tone: 'success'}]));
	if (user.phone_number !== undefined) {
		lines.push(row('Phone', [{text: shown.phone(user.phone_number)}, verification(user.phone_verified)]));
	}

	if (user.username !== undefined) {
		lines.push(row('Username', shown.name(user.username)));
	}

	if (user.multifactor && user.multifactor.length > 0) {
		lines.push(row('MFA', user.multifactor.map(factor => sanitize(factor)).join(', ')));
	}

	lines.push(blank, title('Metadata', `${keyHint('details.edit')} edits user_metadata`));
	lines.push([{text: '  user_metadata', bold: true}]);
	lines.push(...json(shownValues(user.user_metadata ?? {}, shown), '    '));
	lines.push([{text: '  app_metadata', bold: true}, {text: ' (read-only)', tone: 'muted'}]);
	lines.push(...json(shownValues(user.app_metadata ?? {}, shown), '    '));

	lines.push(blank, title('Identity Provider Attributes', 'read-only'));
	// A social user's own provider attributes sit at the profile's root (the
	// keys beyond the Management API's fields); linked identities keep theirs
	// in profileData.
	const attributes: Array<{identity: Identity; data: JsonObject}> = [];
	const primary = user.identities[0];
	const rootAttributes = Object.fromEntries(Object.entries(user).filter(([key]) => !profileFields.has(key))) as JsonObject;
	if (primary?.isSocial && Object.keys(rootAttributes).length > 0) {
		attributes.push({identity: primary, data: rootAttributes});
	}

	for (const identity of user.identities) {
		if (identity.profileData && Object.keys(identity.profileData).length > 0) {
			attributes.push({identity, data: identity.profileData});
		}
	}

	if (attributes.length === 0) {
		lines.push([{text: '  None', tone: 'muted'}]);
	}

	for (const {identity, data} of attributes) {
		lines.push([{text: `  ${sanitize(identity.connection)}`, bold: true}, {text: ` (${sanitize(identity.provider)})`, tone: 'muted'}]);
		lines.push(...json(shownValues(data, shown), '    '));
	}

	return lines;
}

/** Metadata and provider attributes: every value masked while masking is on, the keys kept. */
function shownValues(value: JsonObject, shown: Shown): JsonValue {
	return shown.masked ? maskValues(value) : value;
}
