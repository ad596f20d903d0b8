// Test support for the wage ledgers: a labour site with workers on each 计薪方式, a month of their
// attendance pushed through the gate intake (an in and an out punch a day), and a bank result file.
import { deviceBySerial, receivePush } from '../../electron/services/labour/gate-intake';
import type { CommandOutput } from '../../electron/common/contract';
import { writeCsv } from '../../electron/services/tabular';
import { MANAGER, type TestApp } from './app';
import { hireInput, labourSite, type LabourSite } from './labour-helpers';

/** Punches of `days` (YYYY-MM-DD) for the worker: in at 07:00, out at 17:00 through two ZKTeco gates. */
export async function attend(t: TestApp, site: LabourSite, workerNo: string, days: string[]): Promise<void> {
  for (const [serial, direction, time] of [['ZK-IN', 'in', '07:00:00'], ['ZK-OUT', 'out', '17:00:00']] as const) {
    if (!deviceBySerial(t.app.services, serial)) await t.call('devices.create', { vendor: 'zkteco', serial, direction }, site.token);
    const device = deviceBySerial(t.app.services, serial)!;
    await receivePush(t.app.services, device, {
      vendor: 'zkteco', serial, path: '/iclock/cdata', remote: '127.0.0.1', body: Buffer.from('test'), rejected: [], ignored: 0,
      punches: days.map((d) => ({ personRef: workerNo, punchedAt: `${d} ${time}`, verifyMode: 'face', payload: `${workerNo}\t${d} ${time}` })),
    });
  }
}

/** The days of YYYY-MM from `from` to `to` (day numbers). */
export function days(month: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d++) out.push(`${month}-${String(d).padStart(2, '0')}`);
  return out;
}

export interface PayrollSite extends LabourSite {
  daily: CommandOutput<'workers.get'>;
  monthly: CommandOutput<'workers.get'>;
  piece: CommandOutput<'workers.get'>;
}

type Worker = CommandOutput<'workers.get'>;

async function onSite(t: TestApp, site: LabourSite, n: number, day: string, contract: Record<string, unknown>, name?: string): Promise<Worker> {
  const base = hireInput(n, site.participant.id, day);
  const hired = await t.call('workers.hire', { ...base, ...(name ? { name } : {}), contract: { ...base.contract, ...contract } as typeof base.contract }, site.token);
  await t.call('workers.dispatch', { workerId: hired.worker.id, teamId: site.team.id, dispatchedOn: day }, site.token);
  return (await t.call('workers.enter', { workerId: hired.worker.id, enteredOn: day }, site.token)).worker;
}

/**
 * A site on 2024-04-01 with three workers in 钢筋一班 (按日 350 元, 按月 6525 元, 计件 35.20 元/平方米),
 * the first its 班组长; their April attendance is up to the test. The clock then stands in May.
 */
export async function payrollSite(t: TestApp): Promise<PayrollSite> {
  t.clock.set('2024-04-01T08:00:00+08:00');
  const site = await labourSite(t);
  const daily = await onSite(t, site, 1, '2024-04-01', {}, '龚赟堃');
  const monthly = await onSite(t, site, 2, '2024-04-01', { payMethod: 'monthly', wage: '6525' });
  const piece = await onSite(t, site, 3, '2024-04-01', { payMethod: 'piece', wage: '35.20', pieceUnit: '平方米' });
  await t.call('teams.update', { teamId: site.team.id, name: '钢筋一班', workType: '020', leaderWorkerId: daily.id, disbandedOn: null }, site.token);
  return { ...site, daily, monthly, piece };
}

/** A bank's result file in the generic template's columns, as CSV. */
export function resultCsv(rows: { name: string; cardNo: string; amount: string; status: string; reason?: string; voucherNo?: string }[]): Buffer {
  return writeCsv(
    [{ key: 'name', label: '姓名' }, { key: 'cardNo', label: '卡号' }, { key: 'amount', label: '金额' }, { key: 'status', label: '处理结果' }, { key: 'reason', label: '失败原因' }, { key: 'voucherNo', label: '流水号' }],
    rows.map((r) => ({ ...r, reason: r.reason ?? '', voucherNo: r.voucherNo ?? '' })),
  );
}

/** The 项目负责人 signed in again (a session ends when the clock moves on by weeks). */
export async function signInAgain(t: TestApp, site: LabourSite, who: { idNumber: string; password: string } = MANAGER): Promise<string> {
  const token = await t.signIn(who.idNumber, who.password);
  const [project] = await t.call('projects.list', {}, token);
  await t.call('projects.enter', { projectId: project!.id }, token);
  if (who === MANAGER) site.token = token;
  return token;
}
