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
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
