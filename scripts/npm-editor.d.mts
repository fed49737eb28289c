// Types of npm-editor.mjs, for the tests.
type Env = Record<string, string | undefined>;
export const npmDefaultEditor: string;
export function procEnviron(pid: number): Env | undefined;
export function procParent(pid: number): number | undefined;
export function npmStartEnvironment(pid: number, sources?: {environ?: (pid: number) => Env | undefined; parent?: (pid: number) => number | undefined}): Env | undefined;
export function editorIsNpms(env: Env, npmEnv: Env | undefined): boolean;
export function consoleEnvironment(env?: Env, npmEnv?: Env | undefined): Env;
