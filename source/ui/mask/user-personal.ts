// A user's personal values as the masking needs them: the names that free
// text (a log description, a status message) may quote, and the profile as the
// Raw JSON tab shows it.
import {type ListUser, type User, userFieldOrder} from '../../domain/types.js';
import {displayName} from '../../domain/user-factory.js';
import type {Shown} from './shown.js';

/** The values of a user that free text may quote: their names and email (of a list user, the name and email it holds). */
export function personalValues(user: (ListUser & Partial<Pick<User, 'given_name' | 'family_name' | 'nickname' | 'username' | 'phone_number'>>) | undefined): string[] {
	if (!user) {
		return [];
	}

	return [user.name, user.given_name, user.family_name, user.nickname, user.username, user.email, user.phone_number]
		.filter((value): value is string => typeof value === 'string');
}

const profileFields: ReadonlySet<string> = new Set(userFieldOrder);

/** The profile to draw: masked field by field when on; a social user's provider attributes (the keys beyond the API's) masked whole. */
export function shownProfile(user: User, shown: Shown): unknown {
	if (!shown.masked) {
		return user;
	}

	const attributes = new Set(Object.keys(user).filter(key => !profileFields.has(key)));
	return shown.json(user, personalValues(user), attributes);
}

/** The name the console shows for a user (name, else email, else user_id), as shown: a name that is an email is masked as one. */
export function shownDisplayName(user: ListUser, shown: Shown): string {
	const name = displayName(user);
	if (name === user.user_id && user.name === undefined && user.email === undefined) {
		return shown.freeText(name);
	}

	return name.includes('@') ? shown.email(name) : shown.name(name);
}
