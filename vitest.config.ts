import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Worker modules imported into Node tests (the admin app) read the bundle's built-in plan; there is none.
    alias: { 'mockloop:embedded': join(import.meta.dirname, 'test', 'setup', 'embedded-none.ts') },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup/keep-alive.ts'],
    // Two files at a time even on two cores: most of a file's time is spent waiting on workerd and
    // child processes, and vitest's default (cores − 1) runs the suite one file after another.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
