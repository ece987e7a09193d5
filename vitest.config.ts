import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Native modules (zstd-napi, lzma-native) and real child processes: forks, not threads.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
