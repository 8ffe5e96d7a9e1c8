import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Network tests bind ephemeral ports on 127.0.0.1; files run in parallel forks.
    pool: 'forks',
    reporters: ['default'],
  },
});
