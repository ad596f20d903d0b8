// `npm run dist`: compile better-sqlite3 for Electron apart from node_modules, then package with
// electron-builder (which is told not to rebuild native modules in place, see electron-builder.yml).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
run([path.join(root, 'build', 'scripts', 'electron-native.cjs')]);
run([require.resolve('electron-builder/cli.js', { paths: [root] }), '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
