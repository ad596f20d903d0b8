// `npm start`: build, then open the Electron window; where the Electron runtime cannot be fetched
// (no connection to its download host), say so in one line and start web mode instead.
//   npm start -- --web              web mode even where Electron is available
//   npm start -- --data-dir <dir>   another data folder
//   npm start -- --port <n>         web mode port (default 5780)
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const root = path.resolve(__dirname, '..', '..');
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { web: { type: 'boolean' }, 'data-dir': { type: 'string' }, port: { type: 'string' } },
});

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The Electron executable, downloading it once if this install has not got it yet. */
function electronExecutable() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const binary = () => (fs.existsSync(pathFile) ? path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8')) : null);
  const existing = binary();
  if (existing && fs.existsSync(existing)) return { ok: true, path: existing };
  console.log('正在下载 Electron 运行时(仅首次)…');
  const result = spawnSync(process.execPath, [path.join(pkg, 'install.js')], { cwd: pkg, encoding: 'utf8', timeout: 300000 });
  const downloaded = binary();
  if (result.status === 0 && downloaded && fs.existsSync(downloaded)) return { ok: true, path: downloaded };
  const reason = `${result.stderr ?? ''}${result.error ? result.error.message : ''}`.split('\n').find((l) => /Error|fetch|ENOTFOUND|ECONN|timed out/i.test(l));
  return { ok: false, reason: (reason ?? `退出码 ${result.status}`).trim().slice(0, 120) };
}

run(process.execPath, [path.join(root, 'build', 'scripts', 'bundle-main.cjs')]);
run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);

const electron = values.web ? { ok: false, reason: '按 --web 参数' } : electronExecutable();
if (electron.ok) {
  // better-sqlite3 must be compiled for Electron's Node ABI; that copy lives apart from the one
  // the tests use, so building it never breaks `npm test`.
  run(process.execPath, [path.join(root, 'build', 'scripts', 'electron-native.cjs')]);
  const env = { ...process.env };
  if (values['data-dir']) env.SITEOFFICE_DATA_DIR = path.resolve(values['data-dir']);
  const child = spawn(electron.path, [root], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`无法获取 Electron 运行时(${electron.reason}),改为启动网页模式:在浏览器中打开下面的地址。`);
  const { defaultDataDir } = require(path.join(root, 'dist', 'node', 'cli.cjs'));
  const dataDir = values['data-dir'] ?? defaultDataDir();
  console.log(`数据文件夹:${dataDir}`);
  require(path.join(root, 'dist', 'node', 'cli.cjs'))
    .main(['serve', '--port', values.port ?? '5780', '--data-dir', dataDir])
    .then((code) => { if (code >= 0) process.exit(code); });
}
