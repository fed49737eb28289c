// The hardening suite (issue 6), while it is being finished: not part of `npm test` yet.
import {defineConfig, mergeConfig} from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(base, defineConfig({
	test: {include: ['test/hardening/**/*.test.{ts,tsx}'], exclude: ['**/node_modules/**']},
}));
