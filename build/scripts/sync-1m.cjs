#!/usr/bin/env node
// The large-bundle test with 1,000,000 changes instead of the 100,000 of the normal test run:
// export streamed through the real writer in a child process (peak RSS against its baseline),
// verify, and import into a central folder in one transaction. About a minute on two cores;
// `npm run bench` times export and import against raw SQLite.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const changes = process.argv[2] ?? '1000000';
const result = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['vitest', 'run', 'tests/services/sync-memory.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SITEOFFICE_SYNC_CHANGES: changes },
});
process.exit(result.status ?? 1);
