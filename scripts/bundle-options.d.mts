// Types of bundle-options.mjs (plain JS run by node; the test suite builds with it).
import type {BuildOptions} from 'esbuild';

export const requireBanner: string;
export const esmEntries: Record<string, string>;
export const bundleOptions: BuildOptions & {plugins: NonNullable<BuildOptions['plugins']>};
