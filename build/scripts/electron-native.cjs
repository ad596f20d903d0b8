// Compiles better-sqlite3 for Electron's Node ABI into dist/electron-native/, from a copy of its
// sources, so that node_modules keeps the build that Node (and `npm test`) loads. The Electron
// main process passes this file to better-sqlite3 as its nativeBinding.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const outDir = path.join(root, 'dist', 'electron-native');
const output = path.join(outDir, 'better_sqlite3.node');
const electronVersion = require(path.join(root, 'node_modules', 'electron', 'package.json')).version;
const sqliteVersion = require(path.join(root, 'node_modules', 'better-sqlite3', 'package.json')).version;
const stamp = path.join(outDir, 'stamp.txt');
const wanted = `electron ${electronVersion} better-sqlite3 ${sqliteVersion} ${process.platform}-${process.arch}`;

if (fs.existsSync(output) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) process.exit(0);

const source = path.join(root, 'node_modules', 'better-sqlite3');
const work = path.join(outDir, 'src');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) {
  fs.cpSync(path.join(source, entry), path.join(work, entry), { recursive: true });
}
const nodeGyp = process.env.npm_config_node_gyp ?? require.resolve('node-gyp/bin/node-gyp.js');
console.log(`正在为 Electron ${electronVersion} 编译 better-sqlite3(仅首次,约1-2分钟)…`);
const result = spawnSync(process.execPath, [
  nodeGyp, 'rebuild', '--release',
  `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers',
], { cwd: work, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('为 Electron 编译 better-sqlite3 失败:需要能访问 Electron 头文件的下载地址,以及 C++ 编译工具。');
  process.exit(result.status ?? 1);
}
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), output);
fs.writeFileSync(stamp, wanted);
fs.rmSync(work, { recursive: true, force: true });
