// The `siteoffice` command line, run for real as a child process: `serve` and `demo`, their
// messages and exit codes, and the data-folder lock between two processes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { tempDir, MANAGER } from '../support/app';
import { wrongCheckId } from '../support/fixtures';
import { cookiePair, post, rawRequest } from '../support/http';
import { openApp } from '../../electron/node/app';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'electron', 'cli', 'siteoffice.cjs');

const children: ChildProcess[] = [];
const dirs: string[] = [];

function newDataDir(): string {
  const dir = tempDir('siteoffice-cli-');
  dirs.push(dir);
  return dir;
}

/** Runs the CLI to its end. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr!.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `serve` and resolves with the first line it prints, once it prints one. */
function serve(dataDir: string, nodeArgs: string[] = []): Promise<{ child: ChildProcess; firstLine: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, cli, 'serve', '--port', '0', '--data-dir', dataDir], { cwd: root });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve({ child, firstLine: out.slice(0, newline) });
    });
    child.stderr!.on('data', (c: Buffer) => { err += c.toString('utf8'); });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code} before printing its address: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

// The CLI runs the bundle in dist/node: make sure it is built from the current sources.
beforeAll(() => new Promise<void>((resolve, reject) => {
  const child = spawn(process.execPath, [path.join(root, 'build', 'scripts', 'bundle-main.cjs')], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bundle-main failed (${code}): ${err}`))));
}), 60000);

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('siteoffice serve', () => {
  it('prints its address and answers POST /api/setup.status', async () => {
    const dataDir = newDataDir();
    const { child, firstLine } = await serve(dataDir);
    expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(firstLine.split(':')[2])).toBeGreaterThan(0);

    const res = await post(firstLine, 'setup.status');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: { initialized: false } });

    // The data folder now holds the database and the lock of this process.
    expect(fs.existsSync(path.join(dataDir, 'siteoffice.sqlite'))).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, 'siteoffice.lock'), 'utf8')).toBe(String(child.pid));
  });

  it('a second serve on the same data folder exits non-zero saying the folder is in use', async () => {
    const dataDir = newDataDir();
    const first = await serve(dataDir);
    const second = await run(['serve', '--port', '0', '--data-dir', dataDir]);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(`数据文件夹 ${dataDir} 正被另一个程序(进程 ${first.child.pid})使用,请先关闭它`);
    // The first server is untouched and keeps its lock.
    expect((await post(first.firstLine, 'setup.status')).status).toBe(200);
    expect(fs.readFileSync(path.join(dataDir, 'siteoffice.lock'), 'utf8')).toBe(String(first.child.pid));
  });

  it('releases the data folder when stopped, so the next serve can take it', async () => {
    const dataDir = newDataDir();
    const first = await serve(dataDir);
    // Answered once: past start-up (see the BUG test below for a SIGTERM that comes sooner).
    expect((await post(first.firstLine, 'setup.status')).status).toBe(200);
    first.child.kill('SIGTERM');
    await exited(first.child);
    expect([first.child.exitCode, first.child.signalCode]).toEqual([0, null]);
    expect(fs.existsSync(path.join(dataDir, 'siteoffice.lock'))).toBe(false);
    const second = await serve(dataDir);
    expect(second.firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  // A supervisor may stop serve as soon as the address appears: it must stop cleanly then too.
  // The child runs with tests/support/slow-stdout.cjs, which keeps it busy for a moment after each
  // stdout write, so that the moment right after the address is printed is actually hit.
  it('a SIGTERM sent as soon as the address is printed still stops serve cleanly (exit 0, lock released)', async () => {
    const dataDir = newDataDir();
    const { child } = await serve(dataDir, ['-r', path.join(root, 'tests', 'support', 'slow-stdout.cjs')]);
    child.kill('SIGTERM');
    await exited(child);
    const lockLeft = fs.existsSync(path.join(dataDir, 'siteoffice.lock'));
    expect({ exitCode: child.exitCode, signalCode: child.signalCode, lockLeft }).toEqual({ exitCode: 0, signalCode: null, lockLeft: false });
  });

  it('refuses a host other than the loopback', async () => {
    const r = await run(['serve', '--port', '0', '--data-dir', newDataDir(), '--host', '0.0.0.0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('网页模式默认只在本机 127.0.0.1 上提供服务');
    expect(r.stderr).toContain('--lan');
  });

  // A malformed percent-escape must not take the server down.
  it('a malformed percent-escape in an /api/ path gets a typed error and the server keeps running', async () => {
    const { child, firstLine } = await serve(newDataDir());
    const res = await rawRequest(firstLine, {
      method: 'POST',
      path: '/api/%E0%A4%A',
      headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1' },
      chunks: [Buffer.from('{}')],
    }).catch((e: Error) => ({ status: 0, headers: {}, body: `request failed: ${e.message}` }));
    expect([400, 404], res.body).toContain(res.status);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(BAD_REQUEST|UNKNOWN_COMMAND)$/) } });
    expect(child.exitCode).toBeNull();
    expect((await post(firstLine, 'setup.status')).status).toBe(200);
  });

  it('a malformed percent-escape in a page path gets an answer and the server keeps running', async () => {
    const { child, firstLine } = await serve(newDataDir());
    const res = await rawRequest(firstLine, { method: 'GET', path: '/%E0%A4%A' })
      .catch((e: Error) => ({ status: 0, headers: {}, body: `request failed: ${e.message}` }));
    expect([400, 404], res.body).toContain(res.status);
    expect(child.exitCode).toBeNull();
    expect((await post(firstLine, 'setup.status')).status).toBe(200);
  });
});

describe('siteoffice demo', () => {
  it('fills an empty data folder; afterwards that account signs in through the server', async () => {
    const dataDir = newDataDir();
    const r = await run(['demo', '--data-dir', dataDir, '--user', MANAGER.idNumber, '--password', MANAGER.password]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().startsWith('演示数据已写入:项目 测试4444(合同报送编号 W2019010100011),项目负责人 王建国(110************02X)')).toBe(true);
    expect(r.stdout).not.toContain(MANAGER.idNumber);
    expect(fs.existsSync(path.join(dataDir, 'siteoffice.lock'))).toBe(false);

    const { firstLine: base } = await serve(dataDir);
    expect(await (await post(base, 'setup.status')).json()).toEqual({ ok: true, value: { initialized: true } });
    const signIn = await post(base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
    expect(signIn.status).toBe(200);
    expect(await signIn.json()).toMatchObject({ ok: true, value: { user: { name: '王建国', role: 'manager' }, project: null } });
    const cookie = cookiePair(signIn.headers.get('set-cookie')!);
    const list = await (await post(base, 'projects.list', {}, cookie)).json() as { value: { id: string; name: string; contractNo: string }[] };
    expect(list.value.map((p) => [p.contractNo, p.name])).toEqual([['W2019010100011', '测试4444']]);
    await post(base, 'projects.enter', { projectId: list.value[0]!.id }, cookie);
    const info = await (await post(base, 'epidemicInfo.get', {}, cookie)).json() as { value: { teamMembers: unknown[]; supplies: { item: string; quantity: number }[]; updatedBy: string } };
    expect(info.value.teamMembers).toHaveLength(3);
    expect(info.value.supplies).toContainEqual({ item: '医用口罩', quantity: 2000, unit: '只' });
    expect(info.value.updatedBy).toBe('王建国');
    // The serving process's own connection, read back from SQLite: WAL, synchronous = FULL.
    const storage = await (await post(base, 'backups.storage', {}, cookie)).json() as { value: { journalMode: string; synchronous: string } };
    expect(storage.value).toMatchObject({ journalMode: 'wal', synchronous: 'FULL' });
  });

  it('refuses a data folder that already holds data (exit 1, Chinese message)', async () => {
    const dataDir = newDataDir();
    expect((await run(['demo', '--data-dir', dataDir, '--user', MANAGER.idNumber, '--password', MANAGER.password])).code).toBe(0);
    const r = await run(['demo', '--data-dir', dataDir, '--user', MANAGER.idNumber, '--password', 'another-pass']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('错误:数据文件夹已有数据,演示数据只能写入空的数据文件夹;要为演示项目添加新到场的人员,请用创建演示数据时的项目负责人账号和密码');
    // Run again by its 项目负责人, demo records the day's new arrivals instead.
    const again = await run(['demo', '--data-dir', dataDir, '--user', MANAGER.idNumber, '--password', MANAGER.password]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^演示数据:新到场预登记 5 人/);
    // The first password still works: nothing was overwritten.
    const { firstLine: base } = await serve(dataDir);
    expect((await post(base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password })).status).toBe(200);
  });

  it('refuses a bad 身份证号 (exit 1, the check-character message) and leaves the folder uninitialized', async () => {
    const dataDir = newDataDir();
    const bad = wrongCheckId(MANAGER.idNumber.slice(0, 17));
    const r = await run(['demo', '--data-dir', dataDir, '--user', bad.idNumber, '--password', MANAGER.password]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`错误:身份证号校验位错误:应为 ${bad.expected},实际为 ${bad.actual}`);

    const app = openApp(dataDir, { log: () => {} });
    try {
      expect((await app.dispatch('setup.status', {}, null)).result).toEqual({ ok: true, value: { initialized: false } });
    } finally {
      app.close();
    }
  });

  it('refuses a missing --password (exit 1, Chinese message with the usage)', async () => {
    const r = await run(['demo', '--data-dir', newDataDir(), '--user', MANAGER.idNumber]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('错误:缺少参数 --password');
    expect(r.stderr).toContain('用法:');
  });

  it('refuses a password the account rules do not allow (exit 1)', async () => {
    const r = await run(['demo', '--data-dir', newDataDir(), '--user', MANAGER.idNumber, '--password', 'short']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('错误:密码至少8位');
  });
});

describe('other commands', () => {
  it('an unknown command exits 1 with a Chinese message and the usage', async () => {
    const r = await run(['frobnicate', '--data-dir', newDataDir()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('错误:未知命令:frobnicate');
    expect(r.stderr).toContain('siteoffice serve --port <端口> --data-dir <数据文件夹>');
  });

  it('an unknown option exits 1, in Chinese', async () => {
    const r = await run(['serve', '--port', '0', '--data-dir', newDataDir(), '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^错误:未知参数:--bogus/);
  });

  it('help prints the usage and exits 0', async () => {
    const r = await run(['help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('用法:');
  });
});
