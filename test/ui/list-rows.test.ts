// The server query a tenant's list sends for its filter: `/` text within a
// `:` query asks for both (the local list's stacking), never the text alone.
import {describe, expect, it} from 'vitest';
import {noFilter, stackedFilter} from '../../source/list/index.js';
import {remoteQueryOf} from '../../source/ui/state/list-rows.js';

const sort = {field: 'name', descending: false} as const;

describe('remoteQueryOf', () => {
	it('sends a : query as it is, and / text as a free-text query', () => {
		expect(remoteQueryOf({filter: stackedFilter(' logins_count:[10 TO *] ', ''), sort}).q).toBe('logins_count:[10 TO *]');
		expect(remoteQueryOf({filter: stackedFilter('', 'ann'), sort}).q).toBe('(name:ann* OR email:ann* OR nickname:ann* OR user_id:*ann*)');
		expect(remoteQueryOf({filter: noFilter, sort}).q).toBe('');
	});

	it('sends / text within a : query as both, joined by AND', () => {
		expect(remoteQueryOf({filter: stackedFilter('logins_count:[10 TO *] OR blocked:true', 'ann'), sort}).q)
			.toBe('(logins_count:[10 TO *] OR blocked:true) AND (name:ann* OR email:ann* OR nickname:ann* OR user_id:*ann*)');
	});
});
