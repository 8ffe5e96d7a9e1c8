import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports": Node loads its CommonJS build, while Vite would pick the
    // "module" (.mjs) build for our sources. Two copies break instanceof checks against
    // Apollo's copy, so tests load the same file production does.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Network tests bind ephemeral ports on 127.0.0.1; files run in parallel forks.
    pool: 'forks',
    reporters: ['default'],
  },
});
