// The labour command line, run for real as child processes, as the checks outside the test suite
// run it: `demo` with the labour register, `device add`, `serve --gate-port` receiving a stand-in
// gate's punches over HTTP, and `roster export` / `attendance export` with their exact columns.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { MANAGER, tempDir } from '../support/app';
import { attlogLine, ZktecoDevice } from '../support/gate-devices';
import { siteDate } from '../../electron/common/site-time';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'electron', 'cli', 'siteoffice.cjs');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
  }
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `serve` until it has printed `lines` lines. */
function serve(args: string[], lines: number): Promise<{ child: ChildProcess; out: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', ...args], { cwd: root });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const got = out.split('\n').filter((l) => l !== '');
      if (got.length >= lines) resolve({ child, out: got });
    });
    child.stderr!.on('data', (c: Buffer) => { err += c.toString('utf8'); });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
}

const PROJECT = 'W2019010100011';
const csvRows = (text: string) => parse(text, { columns: false, skip_empty_lines: true }) as string[][];

describe('siteoffice labour commands', () => {
  it('demo, device add, serve --gate-port with a stand-in gate, roster and attendance export', async () => {
    const dir = tempDir('siteoffice-labour-cli-');
    dirs.push(dir);
    const demo = await run(['demo', '--data-dir', dir, '--user', MANAGER.idNumber, '--password', MANAGER.password]);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/劳动合同 \d+ 份\(按日 \d+、按月 \d+、计件 \d+\),工资卡 \d+ 张/);

    const roster = await run(['roster', 'export', '--data-dir', dir, '--project', PROJECT, '--format', 'csv']);
    expect(roster.code).toBe(0);
    const rosterRows = csvRows(roster.stdout);
    for (const column of ['工号', '姓名', '身份证号', '参建单位', '班组', '工种', '计薪方式', '工资标准', '状态']) expect(rosterRows[0]).toContain(column);
    const head = rosterRows[0]!;
    const first = rosterRows[1]!;
    expect(first[head.indexOf('工号')]).toBe('1001');
    expect(first[head.indexOf('身份证号')]).toMatch(/^\d{17}[\dX]$/);
    expect(new Set(rosterRows.slice(1).map((r) => r[head.indexOf('计薪方式')]))).toEqual(new Set(['按日', '按月', '计件']));
    expect(rosterRows.slice(1).every((r) => r[head.indexOf('状态')] === '在场')).toBe(true);

    // An unknown vendor is refused with the form's message; a good device is registered.
    const bad = await run(['device', 'add', '--data-dir', dir, '--project', PROJECT, '--vendor', 'acme', '--serial', 'X1', '--direction', 'in']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('请选择设备厂商');
    const added = await run(['device', 'add', '--data-dir', dir, '--project', PROJECT, '--vendor', 'zkteco', '--serial', 'CLI-ZK-1', '--direction', 'out']);
    expect(added).toMatchObject({ code: 0 });
    expect((await run(['device', 'add', '--data-dir', dir, '--project', PROJECT, '--vendor', 'zkteco', '--serial', 'CLI-ZK-0', '--direction', 'in'])).code).toBe(0);
    expect((await run(['device', 'add', '--data-dir', dir, '--project', 'W0000000000000', '--vendor', 'zkteco', '--serial', 'CLI-ZK-2', '--direction', 'in'])).stderr).toContain('没有合同报送编号为 W0000000000000 的项目');

    // The receivers on a port of their own; the first line stays the web address.
    const { child, out } = await serve(['--port', '0', '--data-dir', dir, '--gate-port', '0'], 2);
    expect(out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = /端口 (\d+)/.exec(out[1]!)![1];
    const gate = new ZktecoDevice(`http://127.0.0.1:${port}`, 'CLI-ZK-1');
    const entrance = new ZktecoDevice(`http://127.0.0.1:${port}`, 'CLI-ZK-0');
    expect((await gate.handshake()).status).toBe(200);
    const today = siteDate(new Date());
    // 1001 comes in two minutes ago and leaves one minute ago; a line nobody can read is reported.
    const siteTime = (msAgo: number) => new Date(Date.now() - msAgo + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    expect((await entrance.upload([attlogLine('1001', siteTime(120_000))])).accepted).toBe(true);
    const upload = await gate.upload([attlogLine('1001', siteTime(60_000)), 'not a line']);
    expect(upload.accepted).toBe(true);
    await stop(child);

    const month = today.slice(0, 7);
    const attendance = await run(['attendance', 'export', '--data-dir', dir, '--project', PROJECT, '--month', month, '--format', 'csv']);
    expect(attendance.code).toBe(0);
    const rows = csvRows(attendance.stdout);
    const header = rows[0]!;
    expect(header.slice(0, 7)).toEqual(['工号', '姓名', '身份证号', '班组', '出勤天数', '工时', '异常']);
    expect(header.slice(7)).toHaveLength(new Date(Number(month.slice(0, 4)), Number(month.slice(5)), 0).getDate());
    expect(header[7]).toBe(`${month}-01`);
    for (const r of rows.slice(1)) {
      expect(r[header.indexOf('工时')]).toMatch(/^\d+\.\d$/);
      const days = r.slice(7).filter((d) => d !== '');
      expect(days.length).toBe(Number(r[header.indexOf('出勤天数')]));
      // The day columns hold the hours; they add up to 工时 (to the tenth).
      expect(days.reduce((n, d) => n + Math.round(Number(d) * 10), 0)).toBe(Math.round(Number(r[header.indexOf('工时')]) * 10));
    }
    const w1001 = rows.find((r) => r[0] === '1001')!;
    expect(w1001[header.indexOf(today)]).toMatch(/^\d+\.\d$/);
    expect((await run(['attendance', 'export', '--data-dir', dir, '--project', PROJECT, '--month', '2024-13', '--format', 'csv'])).code).toBe(1);
    expect((await run(['roster', 'export', '--data-dir', dir, '--project', PROJECT, '--format', 'xls'])).stderr).toContain('只支持 csv');
  });
});
