// The config file: one YAML (or JSON, which YAML reads too) file in the
// platform's config folder, as k9s and lazygit keep theirs. It holds the
// default store, the theme, masking and key overrides; every problem is
// reported with the file and line, and a bad file stops userdeck at start
// instead of being half applied.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import type {ErrorObject} from 'ajv';
import {applyKeyOverrides, KeymapError} from '../ui/keymap.js';
import {type ThemeName} from '../ui/theme.js';
import {optionFromArguments} from './option-from-arguments.js';
import {UsageError} from './usage-error.js';

export const themeSettings = ['auto', 'dark', 'light'] as const satisfies ReadonlyArray<'auto' | ThemeName>;
export type ThemeSetting = typeof themeSettings[number];

export type Config = {
	/** The file read, or undefined when there is none. */
	readonly file: string | undefined;
	/** The default store (absolute); --store and USERDECK_STORE come first. */
	readonly store: string | undefined;
	readonly theme: ThemeSetting;
	/** Whether the console starts with personal data masked (after --mask/--no-mask and USERDECK_MASK). */
	readonly masking: boolean;
	/** Binding id → the keys it takes instead (canonical names come from the keymap). */
	readonly keys: Readonly<Record<string, readonly string[]>>;
};

export const defaultConfig: Config = {file: undefined, store: undefined, theme: 'auto', masking: false, keys: {}};

export class ConfigError extends Error {
	readonly file: string;
	readonly line: number | undefined;

	constructor(file: string, line: number | undefined, problem: string) {
		super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
		this.name = 'ConfigError';
		this.file = file;
		this.line = line;
	}
}

/** What the schema accepts: only what the code above knows, so a typo is an error, not a silently ignored key. */
export const configSchema = {
	type: 'object',
	additionalProperties: false,
	properties: {
		store: {type: 'string', minLength: 1},
		theme: {enum: themeSettings},
		masking: {type: 'boolean'},
		keys: {
			type: 'object',
			additionalProperties: {
				anyOf: [
					{type: 'string', minLength: 1},
					// YAML reads a digit key (user.tab-1: 7) as a number.
					{type: 'integer', minimum: 0, maximum: 9},
					{type: 'array', minItems: 1, items: {anyOf: [{type: 'string', minLength: 1}, {type: 'integer', minimum: 0, maximum: 9}]}},
				],
			},
		},
	},
} as const;

/** USERDECK_THEME, if set and not empty; a value that is no theme is a usage error. */
export function themeFromEnvironment(env: NodeJS.ProcessEnv = process.env): ThemeSetting | undefined {
	const value = env.USERDECK_THEME;
	if (!value) {
		return undefined;
	}

	if (!(themeSettings as readonly string[]).includes(value)) {
		throw new UsageError(`USERDECK_THEME is "${value}": use one of ${themeSettings.join(', ')}`);
	}

	return value as ThemeSetting;
}

/** Where the config file is: --config, else USERDECK_CONFIG, else config.yaml (or config.json) in the platform's config folder. */
export function configPath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): {file: string; explicit: boolean} | undefined {
	const given = option ?? (env.USERDECK_CONFIG || undefined);
	if (given !== undefined) {
		return {file: path.resolve(given), explicit: true};
	}

	const folder = envPaths('userdeck', {suffix: ''}).config;
	for (const name of ['config.yaml', 'config.yml', 'config.json']) {
		const file = path.join(folder, name);
		if (existsSync(file)) {
			return {file, explicit: false};
		}
	}

	return undefined;
}

/** `--config PATH` or `--config=PATH` anywhere before `--`, read before commander runs (the store it names decides the heap). */
export function configFromArguments(args: readonly string[]): string | undefined {
	return optionFromArguments(args, 'config');
}

/**
 * Reads, validates and applies the config file (its key overrides go into the
 * keymap). No file is no error, unless one was named with --config or
 * USERDECK_CONFIG.
 */
export async function loadConfig(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
	const where = configPath(option, env);
	if (!where) {
		return defaultConfig;
	}

	const {file} = where;
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ConfigError(file, undefined, code === 'ENOENT' ? 'no such file' : (error as Error).message);
	}

	// Loaded only when there is a file: most runs have none and start without them.
	const [{LineCounter, parseDocument, isMap, isScalar}, {Ajv}] = await Promise.all([import('yaml').then(commonJs), import('ajv').then(commonJs)]);
	const lineCounter = new LineCounter();
	const document = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true});
	const lineAt = (offset: number) => lineCounter.linePos(offset).line;
	const [syntax] = document.errors;
	if (syntax) {
		throw new ConfigError(file, lineAt(syntax.pos[0]), `${syntax.message} (not valid YAML or JSON)`);
	}

	const data = withoutEmptySettings(document.toJS() as unknown ?? {});

	/** The line of the value at a path (the file's first line for the whole file). */
	const lineOf = (steps: readonly string[]): number | undefined => {
		const node = (steps.length === 0 ? document.contents : document.getIn(steps, true)) as {range?: [number]} | null | undefined;
		return node?.range ? lineAt(node.range[0]) : (steps.length > 0 ? keyLine(steps.slice(0, -1), steps.at(-1)!) : undefined);
	};

	/** The line of a key in a map (an unknown setting). */
	const keyLine = (steps: readonly string[], name: string): number | undefined => {
		const map = steps.length === 0 ? document.contents : document.getIn(steps, true);
		if (isMap(map)) {
			const pair = map.items.find(item => isScalar(item.key) && String(item.key.value) === name);
			const range = (pair?.key as {range?: [number]} | undefined)?.range;
			return range ? lineAt(range[0]) : undefined;
		}

		return undefined;
	};

	const validate = new Ajv({strict: true, allErrors: false}).compile(configSchema);
	if (!validate(data)) {
		const error = validate.errors![0]!;
		const steps = error.instancePath.split('/').slice(1).map(step => step.replaceAll('~1', '/').replaceAll('~0', '~'));
		if (error.keyword === 'additionalProperties') {
			const name = (error.params as {additionalProperty: string}).additionalProperty;
			throw new ConfigError(file, keyLine(steps, name), `unknown setting "${steps.length === 0 ? name : [...steps, name].join('.')}" (settings: store, theme, masking, keys)`);
		}

		throw new ConfigError(file, lineOf(steps), describe(steps, error, data));
	}

	const settings = data as {store?: string; theme?: ThemeSetting; masking?: boolean; keys?: Record<string, string | number | Array<string | number>>};
	const keys = Object.fromEntries(Object.entries(settings.keys ?? {}).map(([id, value]) => [id, (Array.isArray(value) ? value : [value]).map(String)]));
	try {
		applyKeyOverrides(keys);
	} catch (error) {
		if (error instanceof KeymapError) {
			// A clash names both bindings; the line is the override's (the later one's if both are).
			const lines = error.bindingIds.map(id => keyLine(['keys'], id)).filter(line => line !== undefined);
			throw new ConfigError(file, lines.length === 0 ? undefined : Math.max(...lines), error.message);
		}

		throw error;
	}

	return {
		file,
		store: settings.store === undefined ? undefined : resolveStore(settings.store, file, env),
		theme: settings.theme ?? defaultConfig.theme,
		masking: settings.masking ?? defaultConfig.masking,
		keys,
	};
}

/** A setting left empty (`keys:` with every override commented out) is unset, not an error. */
function withoutEmptySettings(data: unknown): unknown {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		return data;
	}

	return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
}

/** Both packages are CommonJS: the bundle's dynamic import gives their exports as `default`, Node's gives them named too. */
function commonJs<T extends object>(module: T): T {
	return (module as {default?: T}).default ?? module;
}

/** `~/…` is the home folder; a relative path is from the config file's folder, not from wherever userdeck runs. */
function resolveStore(value: string, file: string, env: NodeJS.ProcessEnv): string {
	const home = env.HOME ?? env.USERPROFILE;
	if (home && (value === '~' || value.startsWith('~/'))) {
		return path.join(home, value.slice(1));
	}

	return path.resolve(path.dirname(file), value);
}

function describe(steps: readonly string[], error: ErrorObject, data: unknown): string {
	const name = steps.join('.') || 'the file';
	const value = steps.reduce<unknown>((node, step) => (node as Record<string, unknown> | undefined)?.[step], data);
	const got = steps.length === 0 ? '' : ` (got ${JSON.stringify(value)})`;
	if (steps.length === 0) {
		return 'the file must hold settings (store, theme, masking, keys), e.g. "theme: light"';
	}

	if (steps[0] === 'keys' && steps.length === 1) {
		return `keys must map binding ids to keys, e.g. "list.quit: x"${got}`;
	}

	if (steps[0] === 'keys') {
		return `${name} must be a key or a list of keys, e.g. "${steps[1]}: [x, ctrl-q]"${got}`;
	}

	switch (error.keyword) {
		case 'enum': {
			return `${name} must be one of ${(error.params as {allowedValues: unknown[]}).allowedValues.join(', ')}${got}`;
		}

		case 'type': {
			return `${name} must be a ${(error.params as {type: string}).type}${got}`;
		}

		default: {
			return `${name} ${error.message ?? 'is not valid'}${got}`;
		}
	}
}
