import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: '.',
    include: ['tests/{unit,services,http,electron}/**/*.test.ts'],
    environment: 'node',
    // better-sqlite3 is native: separate processes keep each file's databases apart.
    pool: 'forks',
    // A time-out catches a hang, never a slow machine: CI runs on a busy one, where a test that
    // starts `siteoffice serve` and a stand-in device took over 20 s (labour-cli, security-lan).
    // Speed is the benchmark's business (npm run bench), not the tests'.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
