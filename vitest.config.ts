import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests spawn the built binary; give slow CI machines room without asserting times.
    testTimeout: 60_000,
    pool: 'forks',
  },
});
