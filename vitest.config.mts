import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: '.',
    include: ['tests/{unit,services,http,electron}/**/*.test.ts'],
    environment: 'node',
    // better-sqlite3 is native: separate processes keep each file's databases apart.
    pool: 'forks',
    testTimeout: 20000,
  },
});
