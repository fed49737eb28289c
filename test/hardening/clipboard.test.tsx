// Clipboard (issue 6): without a display a copy never claims success; it says
// what happened and the URL stays on screen; OSC 52 is written only to a
// terminal, never to a file or pipe, and never into the console's frames.
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {copiedMessage, copyToClipboard, osc52Message, unavailableMessage} from '../../source/terminal/clipboard.js';
import {mockPorts, renderDeck} from '../support/deck.js';
import {figure} from './support/scale.js';
import {scanFrames} from './support/frames.js';
import {copyStore, makeTemplate, type Template} from './support/store-copy.js';
import {until} from './support/until.js';

/** clipboardy without a display: it fails, blaming a missing xsel. */
const noDisplay = {write: vi.fn(async () => {
	throw new Error('Couldn\'t find the `xsel` binary and fallback didn\'t work.');
})};

function stream(isTTY: boolean | undefined) {
	return {isTTY, write: vi.fn((_chunk: string) => true)};
}

let template: Template;

beforeAll(async () => {
	template = await makeTemplate(3);
});

afterAll(async () => {
	await template?.cleanup();
});

describe('copyToClipboard without a display', () => {
	it.each([[false], [undefined]])('never claims success and writes nothing when the output is not a terminal (isTTY %s)', async isTTY => {
		const out = stream(isTTY);
		const result = await copyToClipboard('https://app.example/cb?userdeck_ticket=abc', {clipboardy: noDisplay, stdout: out, env: {}});
		expect(result).toEqual({ok: false, message: unavailableMessage});
		expect(result.message).not.toContain('xsel');
		expect(out.write).not.toHaveBeenCalled();
	});

	it('hands the text to the terminal with OSC 52 only when the output is a terminal, and says so', async () => {
		const out = stream(true);
		const result = await copyToClipboard('https://app.example/cb?userdeck_ticket=abc', {clipboardy: noDisplay, stdout: out, env: {}});
		expect(result).toEqual({ok: true, via: 'osc52', message: osc52Message});
		expect(result.message).not.toBe(copiedMessage);
		expect(out.write).toHaveBeenCalledTimes(1);
		expect(out.write.mock.calls[0]![0]).toBe(`\u001B]52;c;${Buffer.from('https://app.example/cb?userdeck_ticket=abc').toString('base64')}\u0007`);
	});
});

describe('the console without a display', () => {
	it.each([
		['output is a pipe', false, /✗ Clipboard unavailable/],
		['output is a terminal (OSC 52)', true, /Sent to the terminal's clipboard/],
	] as const)('the Sign in as User popup says what happened and keeps the URL: %s', async (_name, isTTY, status) => {
		const copy = await copyStore(template);
		const {service} = copy;
		const user = await service.createUser({email: 'clip@example.com', password: 'Sturdy-Pass-42!', repeatPassword: 'Sturdy-Pass-42!', connection: 'Username-Password-Authentication'});
		const options = service.impersonationOptions(user.user_id);
		expect(options.allowed).toBe(true);
		const ticket = await service.impersonate(user.user_id, (options as {clients: Array<{client_id: string}>}).clients[0]!.client_id);
		const out = stream(isTTY);
		const ports = mockPorts({copy: vi.fn(async (text: string) => copyToClipboard(text, {clipboardy: noDisplay, stdout: out, env: {}}))});
		const deck = renderDeck(service, {
			ports,
			navigation: {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'details'}], overlay: {name: 'ticket', userId: user.user_id, url: ticket.url, expiresAt: ticket.expiresAt, clientName: ticket.client.name}},
		});
		try {
			await deck.waitForFrame('One-time URL for');
			deck.stdin.write('y');
			const frame = await deck.waitForFrame(status);
			// The URL stays for copying by hand; no "Copied" anywhere.
			expect(frame).toContain(ticket.url.slice(0, 40));
			expect(frame).not.toContain(copiedMessage);
			expect(frame).not.toContain('xsel');
			// OSC 52 went to the terminal stream only when it is one, and never into a frame.
			expect(out.write).toHaveBeenCalledTimes(isTTY ? 1 : 0);
			const scan = scanFrames(deck.frames);
			expect(scan.osc + scan.esc).toBe(0);
			figure(`clipboard: console, no display, ${_name}`, `status "${/^[✗✓]?.*$/m.exec(frame.split('\n').at(-1) ?? '')?.[0]?.trim() ?? ''}", OSC 52 writes: ${out.write.mock.calls.length}, URL still shown`);
		} finally {
			deck.unmount();
			await copy.cleanup();
		}
	});

	it('copying a user_id from the list without a display reports an error, not a copy', async () => {
		const copy = await copyStore(template);
		const out = stream(false);
		const ports = mockPorts({copy: vi.fn(async (text: string) => copyToClipboard(text, {clipboardy: noDisplay, stdout: out, env: {}}))});
		const deck = renderDeck(copy.service, {ports});
		try {
			await deck.waitForFrame('Sorted by');
			deck.stdin.write('y');
			await until(() => ports.copy.mock.calls.length > 0);
			const frame = await deck.waitForFrame('✗ Clipboard unavailable');
			expect(frame).not.toContain('✓');
			expect(out.write).not.toHaveBeenCalled();
		} finally {
			deck.unmount();
			await copy.cleanup();
		}
	});
});
