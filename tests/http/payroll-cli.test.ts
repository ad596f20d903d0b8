// The payroll command line, run for real as child processes, as the checks outside the test suite
// run it: `payroll generate` from the demo's attendance, `payroll export --format csv` with its
// exact columns (money in 元 with two decimals, 应发 − 扣除 = 实发), and `payroll bank-file
// --template generic` refused until the month is locked, then written as a workbook.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { MANAGER, tempDir } from '../support/app';
import { PNG_BYTES } from '../support/fixtures';
import { readXlsxRows } from '../support/labour-files';
import { addDays, siteDate } from '../../electron/common/site-time';
import { parseYuan } from '../../electron/common/money';
import { openApp } from '../../electron/node/app';
import { ApiError } from '../../electron/common/errors';
import type { CommandInput, CommandName, CommandOutput } from '../../electron/common/contract';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'electron', 'cli', 'siteoffice.cjs');
const dirs: string[] = [];
afterEach(() => {
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

const PROJECT = 'W2019010100011';

/** Every ledger of the month walked to 锁定 through the dispatcher, as the 项目负责人 (the screens' path). */
async function lockMonth(dir: string, month: string): Promise<number> {
  const app = openApp(dir, { log: () => {} });
  try {
    const call = async <C extends CommandName>(command: C, input: CommandInput<C>, token: string | null): Promise<CommandOutput<C>> => {
      const { result } = await app.dispatch(command, input, token);
      if (!result.ok) throw ApiError.fromBody(result.error);
      return result.value as CommandOutput<C>;
    };
    const signIn = await app.dispatch('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null);
    const token = signIn.token!;
    const [project] = await call('projects.list', {}, token);
    await call('projects.enter', { projectId: project!.id }, token);
    const ledgers = await call('payroll.ledgers', { month }, token);
    const teams = await call('teams.list', {}, token);
    for (const ledger of ledgers) {
      const detail = await call('payroll.ledger', { ledgerId: ledger.id }, token);
      for (const r of detail.rows.filter((row) => row.payMethod === 'piece')) await call('payroll.updateRow', { rowId: r.id, quantity: '10' }, token);
      const team = teams.find((tm) => tm.id === ledger.teamId)!;
      if (!team.leaderName) await call('teams.update', { teamId: team.id, name: team.name, workType: team.workType, leaderWorkerId: detail.rows[0]!.workerId, disbandedOn: null }, token);
      await call('payroll.submit', { ledgerId: ledger.id }, token);
      await call('payroll.confirm', { ledgerId: ledger.id, signedSheet: { fileName: '签字表.png', mime: 'image/png', dataBase64: PNG_BYTES.toString('base64') } }, token);
      await call('payroll.approve', { ledgerId: ledger.id, note: '' }, token);
      await call('payroll.lock', { ledgerId: ledger.id }, token);
    }
    return ledgers.length;
  } finally {
    app.close();
  }
}

describe('siteoffice payroll commands', () => {
  it('generate, export --format csv with its columns, bank-file --template generic', async () => {
    const dir = tempDir('siteoffice-payroll-cli-');
    dirs.push(dir);
    expect((await run(['demo', '--data-dir', dir, '--user', MANAGER.idNumber, '--password', MANAGER.password])).code).toBe(0);
    // The demo's workers were hired 20 days ago and punched every day since: that month has attendance.
    const month = addDays(siteDate(new Date()), -20).slice(0, 7);

    const bad = await run(['payroll', 'generate', '--data-dir', dir, '--project', PROJECT, '--month', '2024-13']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('月份无效:2024-13');
    const generated = await run(['payroll', 'generate', '--data-dir', dir, '--project', PROJECT, '--month', month]);
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toMatch(new RegExp(`已生成 ${month} 工资支付台账 \\d+ 份,\\d+ 人,实发合计 \\d+\\.\\d{2} 元`));

    const exported = await run(['payroll', 'export', '--data-dir', dir, '--project', PROJECT, '--month', month, '--format', 'csv']);
    expect(exported.code).toBe(0);
    const rows = parse(exported.stdout, { columns: false, skip_empty_lines: true }) as string[][];
    const head = rows[0]!;
    expect(head.slice(0, 11)).toEqual(['工号', '姓名', '身份证号', '班组', '计薪方式', '出勤天数', '工作量', '工资标准', '应发', '扣除', '实发']);
    const body = rows.slice(1);
    expect(body.length).toBeGreaterThan(0);
    const col = (name: string) => head.indexOf(name);
    for (const r of body) {
      expect(r[col('身份证号')]).toMatch(/^\d{17}[\dX]$/);
      for (const money of ['应发', '扣除', '实发']) expect(r[col(money)]).toMatch(/^\d+\.\d{2}$/);
      expect(parseYuan(r[col('应发')]!)! - parseYuan(r[col('扣除')]!)!).toBe(parseYuan(r[col('实发')]!));
      expect(['按日', '按月', '计件']).toContain(r[col('计薪方式')]);
      expect(Number(r[col('出勤天数')])).toBeGreaterThan(0);
    }
    const daily = body.find((r) => r[col('计薪方式')] === '按日')!;
    expect(parseYuan(daily[col('应发')]!)).toBe(Number(daily[col('出勤天数')]) * parseYuan(daily[col('工资标准')]!)!);

    const out = path.join(dir, '代发.xlsx');
    const early = await run(['payroll', 'bank-file', '--data-dir', dir, '--project', PROJECT, '--month', month, '--template', 'generic', '--out', out]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain(`${month} 没有已锁定的工资支付台账,不能生成代发文件`);
    expect(fs.existsSync(out)).toBe(false);

    expect(await lockMonth(dir, month)).toBeGreaterThan(0);
    const bank = await run(['payroll', 'bank-file', '--data-dir', dir, '--project', PROJECT, '--month', month, '--template', 'generic', '--out', out]);
    expect(bank.stderr).toBe('');
    expect(bank.code).toBe(0);
    const sheet = await readXlsxRows(fs.readFileSync(out));
    expect(sheet[0]).toEqual(['姓名', '卡号', '金额', '身份证号', '开户行']);
    const again = await run(['payroll', 'export', '--data-dir', dir, '--project', PROJECT, '--month', month, '--format', 'csv']);
    const locked = (parse(again.stdout, { columns: false, skip_empty_lines: true }) as string[][]).slice(1);
    const toPay = locked.filter((r) => parseYuan(r[col('实发')]!)! > 0 && r[col('工资卡号')] !== '');
    expect(sheet.length - 1).toBe(toPay.length);
    expect(bank.stdout).toContain(`${toPay.length} 笔`);
    const total = toPay.reduce((n, r) => n + parseYuan(r[col('实发')]!)!, 0);
    expect(sheet.slice(1).reduce((n, r) => n + parseYuan(r[2]!)!, 0)).toBe(total);
    expect(locked.every((r) => r[col('台账状态')] === '锁定')).toBe(true);
  }, 180_000);
});
