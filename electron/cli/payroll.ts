// `siteoffice payroll generate|export|bank-file`: a month's 工资支付台账 generated from attendance, its
// CSV (one row per worker, columns fixed: checks outside the test suite read them) and the bank 代发
// file of its locked ledgers. Acted on in the name of the project's 项目负责人; every full export is
// written to the audit trail.
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../common/errors';
import { GENERIC_TEMPLATE_ID } from '../common/codes-payroll';
import { fenToYuanText } from '../common/money';
import { openApp, type App } from '../node/app';
import { generateLedgers } from '../services/payroll/generate';
import { auditFullExport, listTemplates, makeBankFile } from '../services/payroll/bank-files';
import { payrollCsv } from '../services/payroll/exports';
import { runToEnd } from '../services/tasks';
import { emit, LabourUsageError, options, projectActor } from './labour';

export const payrollUsage = `  siteoffice payroll generate --data-dir <数据文件夹> --project <合同报送编号> --month YYYY-MM
  siteoffice payroll export --data-dir <数据文件夹> --project <合同报送编号> --month YYYY-MM --format csv [--out <文件>]
  siteoffice payroll bank-file --data-dir <数据文件夹> --project <合同报送编号> --month YYYY-MM --template generic|<模板名称> --out <文件.xlsx|文件.txt>`;

const common = { 'data-dir': { type: 'string' }, project: { type: 'string' }, month: { type: 'string' } } as const;

function monthOf(get: (name: string) => string): string {
  const month = get('month');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new LabourUsageError(`月份无效:${month}(应为 YYYY-MM)`);
  return month;
}

async function withAppAsync<T>(dataDir: string, fn: (app: App) => Promise<T>): Promise<T> {
  const app = openApp(dataDir, { log: () => {} });
  try {
    return await fn(app);
  } finally {
    app.close();
  }
}

async function generate(argv: string[]): Promise<number> {
  const get = options(argv, common);
  const month = monthOf(get);
  return withAppAsync(get('data-dir'), async (app) => {
    const actor = projectActor(app, get('project'));
    const result = generateLedgers(app.services, actor, { month });
    for (const notice of result.notices) console.log(notice);
    const rows = result.ledgers.reduce((n, l) => n + l.rowCount, 0);
    const net = result.ledgers.reduce((n, l) => n + l.netFen, 0);
    console.log(`已生成 ${month} 工资支付台账 ${result.ledgers.length} 份,${rows} 人,实发合计 ${fenToYuanText(net)} 元`);
    return 0;
  });
}

async function exportCsv(argv: string[]): Promise<number> {
  const get = options(argv, { ...common, format: { type: 'string' }, out: { type: 'string' } });
  if (get('format') !== 'csv') throw new LabourUsageError('参数 --format 目前只支持 csv');
  const month = monthOf(get);
  const out = get('out', false);
  return withAppAsync(get('data-dir'), async (app) => {
    const actor = projectActor(app, get('project'));
    const { bytes, rows } = payrollCsv(app.services, actor, month);
    emit(bytes, out);
    auditFullExport(app.services, actor, { file: `工资支付台账_${month}.csv`, rows, fullIdNumbers: true, via: '命令行' });
    return 0;
  });
}

async function bankFile(argv: string[]): Promise<number> {
  const get = options(argv, { ...common, template: { type: 'string' }, out: { type: 'string' } });
  const month = monthOf(get);
  const out = get('out');
  const ext = path.extname(out).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.txt') throw new LabourUsageError('参数 --out 应为 .xlsx 或 .txt 文件');
  const wanted = get('template');
  return withAppAsync(get('data-dir'), async (app) => {
    const actor = projectActor(app, get('project'));
    const template = listTemplates(app.services, actor).find((t) => t.id === wanted || (wanted !== GENERIC_TEMPLATE_ID && t.name === wanted));
    if (!template) throw new ApiError('NOT_FOUND', `没有名为 ${wanted} 的代发模板(通用模板为 generic)`);
    let made: Awaited<ReturnType<typeof makeBankFile>> | undefined;
    await runToEnd(async (reporter) => {
      made = await makeBankFile(app.services, actor, { ledgerId: null, month, templateId: template.id, format: ext === '.xlsx' ? 'xlsx' : 'txt', onlyUnpaid: true }, reporter);
      return {};
    });
    fs.writeFileSync(out, Buffer.from(made!.file.dataBase64, 'base64'));
    console.log(`已生成代发文件 ${out}:${made!.rows} 笔,合计 ${fenToYuanText(made!.totalFen)} 元`);
    if (made!.withoutCard.length > 0) console.log(`未登记工资卡,未列入代发文件:${made!.withoutCard.join('、')}`);
    return 0;
  });
}

/** `siteoffice payroll …`: 0 done, 1 refused or a bad argument (with a message). */
export async function payrollCli(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'generate') return await generate(rest);
    if (sub === 'export') return await exportCsv(rest);
    if (sub === 'bank-file') return await bankFile(rest);
    throw new LabourUsageError(`未知的 payroll 子命令:${sub ?? ''}`);
  } catch (e) {
    if (e instanceof LabourUsageError) console.error(`错误:${e.message}\n用法:\n${payrollUsage}`);
    else if (e instanceof ApiError) console.error(`错误:${e.message}`);
    else throw e;
    return 1;
  }
}
