// Which browsers and apps a demo user signs in from, through which application,
// and the device credentials (refresh tokens) those sign-ins left behind.
import type {Client, Connection, DeviceCredential} from '../domain/types.js';
import {type DeviceProfile, deviceProfiles, isAppPlatform} from './device-profiles.js';
import type {UniqueValues} from './email-addresses.js';
import {flat} from './flat.js';
import type {Random} from './random.js';

export type ClientFor = (device: DeviceProfile, random: Random) => Client | undefined;
export type ClientResolver = {clientFor: ClientFor; hasNativeApp: boolean};

/** Apps sign in through the native application; browsers through a web one with callbacks. */
export function clientResolver(connection: Connection, clients: readonly Client[]): ClientResolver {
	const enabled = clients.filter(client => connection.enabled_clients.includes(client.client_id));
	const app = enabled.find(client => client.app_type === 'native');
	const web = enabled.filter(client => client.app_type !== 'native' && client.callbacks.length > 0);
	return {
		clientFor(device, random) {
			if (app !== undefined && isAppPlatform(device.platform)) {
				return app;
			}

			if (web.length > 0) {
				return web.length === 1 ? web[0] : random.pick(web);
			}

			return enabled[0];
		},
		hasNativeApp: app !== undefined,
	};
}

const anyDevice = deviceProfiles.map(profile => [profile, profile.weight] as const);
const browserOnly = anyDevice.filter(([profile]) => !isAppPlatform(profile.platform));
const deviceCounts = [[1, 45], [2, 40], [3, 15]] as const;

/** One to three browsers or apps, the most used first; apps only where the connection has a native application. */
export function devicesFor(random: Random, hasNativeApp: boolean): DeviceProfile[] {
	const usable = hasNativeApp ? anyDevice : browserOnly;
	const count = random.weighted(deviceCounts);
	const chosen: DeviceProfile[] = [];
	while (chosen.length < count) {
		const profile = random.weighted(usable);
		if (!chosen.includes(profile)) {
			chosen.push(profile);
		}
	}

	return chosen;
}

/** Credentials for one to three of the user's devices, each through the application it signs in with. */
export function deviceCredentials(random: Random, userId: string, devices: readonly DeviceProfile[], clientFor: ClientFor, deviceIds: UniqueValues): DeviceCredential[] {
	const credentials: DeviceCredential[] = [];
	for (const device of devices.slice(0, random.int(1, 3))) {
		const client = clientFor(device, random);
		if (client === undefined) {
			continue;
		}

		let id = flat(`dcr_${random.alphanumeric(16)}`);
		while (deviceIds.has(id)) {
			id = flat(`dcr_${random.alphanumeric(16)}`);
		}

		deviceIds.add(id);
		// Apps rotate their refresh tokens or hold a key pair; browsers mostly keep a plain refresh token.
		const type = isAppPlatform(device.platform)
			? (random.chance(0.7) ? 'rotating_refresh_token' : 'public_key')
			: (random.chance(0.6) ? 'refresh_token' : 'rotating_refresh_token');
		credentials.push({id, device_name: device.name, device_id: deviceIdFor(random, device), type, user_id: userId, client_id: client.client_id});
	}

	return credentials;
}

/** What each platform reports as its device id: a vendor UUID on Apple, a 64-bit hex id on Android. */
function deviceIdFor(random: Random, device: DeviceProfile): string {
	if (device.platform === 'android-app') {
		return random.hex(16);
	}

	const uuid = flat(`${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${random.hex(3)}-${random.hex(12)}`);
	return device.platform === 'ios-app' ? uuid.toUpperCase() : uuid;
}
