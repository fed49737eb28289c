// `--mask` masks from the first frame: the first users a big store shows while
// it loads are masked too, under a line that says so.
import {render} from 'ink-testing-library';
import {expect, test} from 'vitest';
import {generateDemo} from '../../../source/demo/generate.js';
import type {LoadPreview} from '../../../source/store/load-preview.js';
import {LoadingPreview} from '../../../source/ui/loading-preview.js';
import {startOfLoading} from '../../../source/ui/loading-screen.js';

test('the loading preview\'s rows are masked, and its title says MASKED', () => {
	const tables = generateDemo({users: 12, seed: 'preview-mask', now: new Date(), passwordHash: 'x'});
	const users = [...tables.users.values()];
	const preview = {users, usersRead: users.length, usersTotal: 100, usersDone: false} as unknown as LoadPreview;
	const plain = render(<LoadingPreview preview={preview} progress={startOfLoading} storeLabel="big" width={120} height={20} />);
	const masked = render(<LoadingPreview masked preview={preview} progress={startOfLoading} storeLabel="big" width={120} height={20} />);
	const emails = users.map(user => user.email).filter((email): email is string => email !== undefined);
	expect(emails.some(email => plain.lastFrame()!.includes(email))).toBe(true);
	expect(masked.lastFrame()).toContain('MASKED');
	for (const email of emails) {
		expect(masked.lastFrame()).not.toContain(email);
	}

	plain.unmount();
	masked.unmount();
});
