// The record kinds the national platform receives, in the order it needs them (参建单位 → 班组 →
// 项目人员 → 劳动合同 → 进退场 → 考勤 → 工资), each one provider: which rows of the register it
// queues, what each depends on, the business data of a call, and how to ask the platform whether
// a record already arrived (for a call whose answer was lost). The queue (queue.ts) knows nothing
// of any kind but through this interface.
import type Database from 'better-sqlite3';
import type { Db } from '../../../db/open';
import type { PlatformKind } from '../../common/contract-platform';
import { bankTable } from '../../common/code-tables';
import { fenToYuanText } from '../../common/money';
import { siteDate } from '../../common/site-time';
import { payrollSettings } from '../payroll/settings';
import { channelOf, idCardTypeOf, MissingCode, requireCode } from './codes';

export interface Dependency {
  kind: PlatformKind;
  sourceId: string;
  /** How the screen names what is waited for: 班组“钢筋一班”. */
  label: string;
}

/** A record of the register not yet queued. */
export interface Discovered {
  sourceId: string;
  label: string;
  subjectId: string;
}

/**
 * What a provider sees: the database, the project's platform code, and the field encryption.
 * `statement` is the pass's cache of prepared statements: a month of punches prepares the same
 * few queries hundreds of thousands of times, and preparing them was half of the pass's work.
 */
export interface PrepareContext {
  statement(sql: string): Database.Statement;
  db: Db;
  projectId: string;
  projectCode: string;
  encrypt(plain: string): string;
}

/** A record ready to go once its dependencies are done: `build` receives what they returned. */
export interface Prepared {
  dependsOn: Dependency[];
  /**
   * The call's shared part (`group`: records with the same group go in one call) and this
   * record's part of it, in clear: `encrypt` is applied by the provider to ID and card numbers.
   * keyOf answers what a dependency returned (a 班组's teamSysNo).
   */
  build(keyOf: (d: Dependency) => string): { group: Record<string, unknown>; item: Record<string, unknown> };
}

/** A problem with the record itself, found before upload: the user fixes it in the register. */
export class RecordProblem extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

export interface RecordKindProvider {
  kind: PlatformKind;
  /** The write method: Team.Add … */
  method: string;
  /** How many records one call may carry. */
  maxBatch: number;
  discover(sqlite: Database.Database, projectId: string): Discovered[];
  prepare(ctx: PrepareContext, sourceId: string): Prepared;
  /** The call's data from its group and items. */
  callData(group: Record<string, unknown>, items: Record<string, unknown>[]): unknown;
  /** What to remember from a done call for one of its items (teamSysNo); null when nothing. */
  keyFromResult?(result: unknown, item: Record<string, unknown>): string | null;
  /** The query that finds an item on the platform, and whether its answer holds it (and its key). */
  existsQuery(group: Record<string, unknown>, item: Record<string, unknown>): { method: string; data: unknown };
  found(answer: unknown, item: Record<string, unknown>): { found: boolean; key?: string | null };
  /** What the 上报 screen says beside the kind's counts (工资: the ledgers not locked yet); '' for nothing. */
  note?(sqlite: Database.Database, projectId: string): string;
}

// ---- the register's rows, read the way every provider needs them ----

interface WorkerRow {
  id: string; employer_id: string; team_id: string | null; work_type: string; worker_no: string;
  name: string; id_number: string; phone: string; category: 'worker' | 'manager';
}

const workerSql = `select w.id, w.employer_id, w.team_id, w.work_type, w.worker_no, p.name, p.id_number, p.phone, p.category
  from workers w join persons p on p.id = w.person_id where w.id = ? and w.project_id = ?`;

function workerOf(ctx: PrepareContext, workerId: string): WorkerRow {
  const row = ctx.statement(workerSql).get(workerId, ctx.projectId) as WorkerRow | undefined;
  if (!row) throw new RecordProblem('该人员已不在本项目的登记中', '无需处理');
  return row;
}

interface EmployerRow { id: string; name: string; credit_code: string; participant_type: string; leader_name: string; leader_phone: string }

function employerOf(ctx: PrepareContext, employerId: string): EmployerRow {
  return ctx.statement('select id, name, credit_code, participant_type, leader_name, leader_phone from employers where id = ?').get(employerId) as EmployerRow;
}

interface TeamRow { id: string; name: string; employer_id: string; work_type: string; leader_worker_id: string | null; created_at: string }

function teamOf(ctx: PrepareContext, teamId: string): TeamRow {
  return ctx.statement('select id, name, employer_id, work_type, leader_worker_id, created_at from teams where id = ?').get(teamId) as TeamRow;
}

/** The 班组 of an event's day (派工登记 history); a day without one is a problem to fix there. */
function teamOnDay(ctx: PrepareContext, w: WorkerRow, day: string, endingThatDay: boolean, problem: string): TeamRow {
  const row = ctx.statement(`select team_id from dispatches where worker_id = ? and dispatched_on <= ? and (ended_on is null or ended_on > ? or (? and ended_on = ?))
    order by dispatched_on desc limit 1`).get(w.id, day, day, endingThatDay ? 1 : 0, day) as { team_id: string } | undefined;
  if (!row) throw new RecordProblem(`“${w.name}”${problem}`, '在 人员信息 › 派工登记 补登当天的派工,再上报');
  return teamOf(ctx, row.team_id);
}

function idCardTypeChecked(w: WorkerRow): string {
  return checked('在 人员信息 核对证件号码', () => idCardTypeOf(w.id_number));
}

const participantDep = (e: EmployerRow): Dependency => ({ kind: 'participant', sourceId: e.id, label: `参建单位“${e.name}”` });
const teamDep = (t: TeamRow): Dependency => ({ kind: 'team', sourceId: t.id, label: `班组“${t.name}”` });
const workerDep = (w: WorkerRow): Dependency => ({ kind: 'worker', sourceId: w.id, label: `项目人员“${w.name}”` });

/** The MissingCode of a code table, as a problem the user fixes on the record. */
function checked<T>(hint: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MissingCode) throw new RecordProblem(e.message, hint);
    throw e;
  }
}

function unqueued(sqlite: Database.Database, kind: PlatformKind, sql: string, projectId: string): Discovered[] {
  // The rows of the register (sql names the project @projectId) that have no queue row of this kind yet.
  return sqlite.prepare(`select * from (${sql}) d where not exists (select 1 from platform_records r where r.project_id = @projectId and r.kind = @kind and r.source_id = d.sourceId)`)
    .all({ projectId, kind }) as Discovered[];
}

const idQuery = (method: string) => (group: Record<string, unknown>, item: Record<string, unknown>) => ({
  method, data: { projectCode: group.projectCode, idCardType: item.idCardType, idCardNumber: item.idCardNumber },
});

function listOf(answer: unknown): Record<string, unknown>[] {
  const rows = (answer as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
}

// ---- 参建单位 ----

const participants: RecordKindProvider = {
  kind: 'participant',
  method: 'ProjectSubContractor.Add',
  maxBatch: 1,
  discover: (sqlite, projectId) => unqueued(sqlite, 'participant', 'select id as sourceId, name as label, id as subjectId from employers where project_id = @projectId', projectId),
  prepare(ctx, sourceId) {
    const e = employerOf(ctx, sourceId);
    const corpType = checked('在 参建单位 修改该单位的参建类型', () => requireCode('corpType', e.participant_type, '参建类型'));
    return {
      dependsOn: [],
      build: () => ({
        group: { projectCode: ctx.projectCode },
        item: { corpCode: e.credit_code, corpName: e.name, corpType, pmName: e.leader_name, pmPhone: e.leader_phone },
      }),
    };
  },
  callData: (group, [item]) => ({ ...group, ...item }),
  existsQuery: (group, item) => ({ method: 'ProjectSubContractor.Query', data: { projectCode: group.projectCode, corpCode: item.corpCode } }),
  found: (answer, item) => ({ found: listOf(answer).some((r) => r.corpCode === item.corpCode) }),
};

// ---- 班组 ----

const teams: RecordKindProvider = {
  kind: 'team',
  method: 'Team.Add',
  maxBatch: 1,
  discover: (sqlite, projectId) => unqueued(sqlite, 'team', 'select id as sourceId, name as label, id as subjectId from teams where project_id = @projectId', projectId),
  prepare(ctx, sourceId) {
    const t = teamOf(ctx, sourceId);
    const e = employerOf(ctx, t.employer_id);
    const leader = t.leader_worker_id ? workerOf(ctx, t.leader_worker_id) : null;
    const leaderType = leader ? checked('在 人员信息 核对班组长的证件号码', () => idCardTypeOf(leader.id_number)) : null;
    return {
      dependsOn: [participantDep(e)],
      build: () => ({
        group: { projectCode: ctx.projectCode },
        item: {
          corpCode: e.credit_code, corpName: e.name, teamName: t.name,
          ...(leader ? { responsiblePersonName: leader.name, responsiblePersonPhone: leader.phone, responsiblePersonIDCardType: leaderType, responsiblePersonIDNumber: ctx.encrypt(leader.id_number) } : {}),
          entryTime: t.created_at.slice(0, 10),
        },
      }),
    };
  },
  callData: (group, [item]) => ({ ...group, ...item }),
  keyFromResult: (result) => {
    const key = (result as { teamSysNo?: unknown } | null)?.teamSysNo;
    return key === undefined || key === null ? null : String(key);
  },
  existsQuery: (group, item) => ({ method: 'Team.Query', data: { projectCode: group.projectCode, corpCode: item.corpCode, teamName: item.teamName } }),
  found: (answer, item) => {
    const row = listOf(answer).find((r) => r.teamName === item.teamName && r.corpCode === item.corpCode);
    return { found: Boolean(row), key: row ? String(row.teamSysNo) : null };
  },
};

// ---- 项目人员 ----

const projectWorkers: RecordKindProvider = {
  kind: 'worker',
  method: 'ProjectWorker.Add',
  maxBatch: 50,
  discover: (sqlite, projectId) => unqueued(sqlite, 'worker', 'select w.id as sourceId, p.name as label, w.id as subjectId from workers w join persons p on p.id = w.person_id where w.project_id = @projectId', projectId),
  prepare(ctx, sourceId) {
    const w = workerOf(ctx, sourceId);
    // The current 班组, or for a worker who has left, the last one (退场 ends the dispatch).
    const teamId = w.team_id ?? (ctx.statement('select team_id from dispatches where worker_id = ? order by dispatched_on desc limit 1').get(w.id) as { team_id: string } | undefined)?.team_id;
    if (!teamId) throw new RecordProblem(`项目人员“${w.name}”(工号 ${w.worker_no})没有班组:国家平台的项目人员必须属于一个班组`, '在 人员信息 › 派工登记 把他派到一个班组,再上报');
    const team = teamOf(ctx, teamId);
    const e = employerOf(ctx, w.employer_id);
    const idCardType = idCardTypeChecked(w);
    const workType = checked('在 人员信息 修改工种', () => requireCode('workType', w.work_type, '工种'));
    const workRole = requireCode('workRole', w.category === 'manager' ? '10' : '20', '人员类别');
    const card = ctx.statement('select bank_name, bank_code, card_no from wage_cards where worker_id = ? and retired_at is null order by created_at desc limit 1').get(w.id) as
      { bank_name: string; bank_code: string; card_no: string } | undefined;
    return {
      dependsOn: [participantDep(e), teamDep(team)],
      build: (keyOf) => ({
        group: { projectCode: ctx.projectCode, corpCode: e.credit_code, corpName: e.name, teamSysNo: keyOf(teamDep(team)) },
        item: {
          workerName: w.name, isTeamLeader: team.leader_worker_id === w.id ? 1 : 0, idCardType, idCardNumber: ctx.encrypt(w.id_number),
          workType, workRole, cellPhone: w.phone,
          ...(card ? { payRollBankCardNumber: ctx.encrypt(card.card_no), payRollBankName: card.bank_name, payRollBankCode: card.bank_code } : {}),
        },
      }),
    };
  },
  callData: (group, items) => ({ ...group, workerList: items }),
  existsQuery: idQuery('ProjectWorker.Query'),
  found: (answer, item) => ({ found: listOf(answer).some((r) => r.idCardNumber === item.idCardNumber) }),
};

// ---- 劳动合同 ----

const contracts: RecordKindProvider = {
  kind: 'contract',
  method: 'WorkerContract.Add',
  maxBatch: 50,
  discover: (sqlite, projectId) => unqueued(sqlite, 'contract',
    `select c.id as sourceId, p.name || ' ' || c.signed_on || ' 签订' as label, w.id as subjectId
       from labour_contracts c join workers w on w.id = c.worker_id join persons p on p.id = w.person_id where c.project_id = @projectId`, projectId),
  prepare(ctx, sourceId) {
    const c = ctx.statement('select worker_id, employer_id, signed_on, starts_on, ends_on, term_type, pay_method, wage_fen from labour_contracts where id = ?').get(sourceId) as
      { worker_id: string; employer_id: string; signed_on: string; starts_on: string; ends_on: string | null; term_type: 'fixed' | 'task'; pay_method: 'daily' | 'monthly' | 'piece'; wage_fen: number };
    const w = workerOf(ctx, c.worker_id);
    const e = employerOf(ctx, c.employer_id);
    const idCardType = idCardTypeChecked(w);
    const contractPeriodType = requireCode('contractPeriodType', c.term_type === 'fixed' ? '0' : '1', '合同期限类型');
    const unit = requireCode('payUnit', { daily: '1', monthly: '2', piece: '3' }[c.pay_method], '计薪方式');
    return {
      dependsOn: [workerDep(w)],
      build: () => ({
        group: { projectCode: ctx.projectCode },
        item: {
          corpCode: e.credit_code, corpName: e.name, idCardType, idCardNumber: ctx.encrypt(w.id_number), contractPeriodType,
          signDate: c.signed_on, startDate: c.starts_on, ...(c.ends_on ? { endDate: c.ends_on } : {}), unit, unitPrice: fenToYuanText(c.wage_fen),
        },
      }),
    };
  },
  callData: (group, items) => ({ ...group, contractList: items }),
  existsQuery: idQuery('WorkerContract.Query'),
  found: (answer, item) => ({ found: listOf(answer).some((r) => r.idCardNumber === item.idCardNumber && r.signDate === item.signDate && r.startDate === item.startDate) }),
};

// ---- 进退场 ----

const entryExits: RecordKindProvider = {
  kind: 'entryExit',
  method: 'WorkerEntryExit.Add',
  maxBatch: 50,
  discover: (sqlite, projectId) => unqueued(sqlite, 'entryExit',
    `select n.id || ':in' as sourceId, p.name || ' ' || n.entered_on || ' 进场' as label, w.id as subjectId
       from entries n join workers w on w.person_id = n.person_id and w.project_id = n.project_id join persons p on p.id = n.person_id where n.project_id = @projectId
     union all
     select n.id || ':out', p.name || ' ' || n.exited_on || ' 退场', w.id
       from entries n join workers w on w.person_id = n.person_id and w.project_id = n.project_id join persons p on p.id = n.person_id where n.project_id = @projectId and n.exited_on is not null`, projectId),
  prepare(ctx, sourceId) {
    const [entryId, way] = sourceId.split(':') as [string, 'in' | 'out'];
    const n = ctx.statement('select n.person_id, n.entered_on, n.exited_on, w.id as worker_id from entries n join workers w on w.person_id = n.person_id and w.project_id = n.project_id where n.id = ?').get(entryId) as
      { person_id: string; entered_on: string; exited_on: string | null; worker_id: string };
    const w = workerOf(ctx, n.worker_id);
    const date = way === 'in' ? n.entered_on : n.exited_on!;
    // 退场 ends the dispatch on the exit day: the team of an exit is the one that ended then.
    const team = teamOnDay(ctx, w, date, way === 'out', `${date} 的${way === 'in' ? '进场' : '退场'}没有所在班组`);
    const e = employerOf(ctx, team.employer_id);
    const idCardType = idCardTypeChecked(w);
    const type = requireCode('entryExitType', way === 'in' ? '1' : '0', '进退场类型');
    const deps = [workerDep(w), teamDep(team)];
    if (way === 'out') deps.push({ kind: 'entryExit', sourceId: `${entryId}:in`, label: `“${w.name}”${n.entered_on} 的进场` });
    return {
      dependsOn: deps,
      build: (keyOf) => ({
        group: { projectCode: ctx.projectCode, corpCode: e.credit_code, corpName: e.name, teamSysNo: keyOf(teamDep(team)) },
        item: { idCardType, idCardNumber: ctx.encrypt(w.id_number), date, type },
      }),
    };
  },
  callData: (group, items) => ({ ...group, workerList: items }),
  existsQuery: (group, item) => ({ method: 'WorkerEntryExit.Query', data: { projectCode: group.projectCode, idCardType: item.idCardType, idCardNumber: item.idCardNumber } }),
  found: (answer, item) => ({ found: listOf(answer).some((r) => r.idCardNumber === item.idCardNumber && r.date === item.date && r.type === item.type) }),
};

// ---- 考勤 ----

const attendance: RecordKindProvider = {
  kind: 'attendance',
  method: 'WorkerAttendance.Add',
  maxBatch: 100,
  discover: (sqlite, projectId) => unqueued(sqlite, 'attendance',
    `select a.id as sourceId, p.name || ' ' || substr(a.punched_at, 1, 16) || case a.direction when 'in' then ' 进' else ' 出' end as label, w.id as subjectId
       from attendance_punches a join workers w on w.id = a.worker_id join persons p on p.id = w.person_id where a.project_id = @projectId`, projectId),
  prepare(ctx, sourceId) {
    const a = ctx.statement('select worker_id, punched_at, direction, source from attendance_punches where id = ?').get(sourceId) as
      { worker_id: string; punched_at: string; direction: 'in' | 'out'; source: Parameters<typeof channelOf>[0] };
    const w = workerOf(ctx, a.worker_id);
    const day = a.punched_at.slice(0, 10);
    const team = teamOnDay(ctx, w, day, false, `${a.punched_at} 的考勤当天不在任何班组`);
    const idCardType = idCardTypeChecked(w);
    const direction = requireCode('attendanceDirection', a.direction === 'in' ? '01' : '02', '考勤方向');
    const channel = checked('在 设备管理 核对设备', () => channelOf(a.source));
    return {
      dependsOn: [workerDep(w), teamDep(team)],
      build: (keyOf) => ({
        group: { projectCode: ctx.projectCode, teamSysNo: keyOf(teamDep(team)) },
        item: { idCardType, idCardNumber: ctx.encrypt(w.id_number), date: a.punched_at, direction, channel },
      }),
    };
  },
  callData: (group, items) => ({ ...group, dataList: items }),
  existsQuery: (group, item) => ({ method: 'WorkerAttendance.Query', data: { projectCode: group.projectCode, idCardType: item.idCardType, idCardNumber: item.idCardNumber, date: String(item.date).slice(0, 10) } }),
  found: (answer, item) => ({ found: listOf(answer).some((r) => r.idCardNumber === item.idCardNumber && r.date === item.date && r.direction === item.direction) }),
};

// ---- 工资 ----

interface PayrollRowRow {
  id: string; worker_id: string; name: string; attendance_days: number; hours_tenths: number; gross_fen: number; net_fen: number; payable_fen: number;
  bank_name: string; bank_code: string; card_no: string;
  ledger_id: string; month: string; ledger_kind: 'regular' | 'adjustment'; team_id: string | null; employer_id: string; scope_key: string; ledger_created_at: string;
}

/**
 * The rows a ledger sends: every row of a locked regular ledger; of a locked 补发/更正, the rows
 * that pay something more (an unchanged worker, or one paid too much before, has nothing to 补发:
 * the platform keeps what was paid). A ledger not locked sends nothing.
 */
const payrollRowsSql = `select r.id as sourceId, r.name || ' ' || l.month || case l.kind when 'regular' then ' 工资' else ' 补发' end as label, r.worker_id as subjectId
  from payroll_rows r join payroll_ledgers l on l.id = r.ledger_id
  where l.project_id = @projectId and l.state = 'locked' and (l.kind = 'regular' or r.payable_fen > 0)`;

/** The 人工费专用账户 the wages are paid from, with the bank's code from the bank table (the name begins with it). */
function payingAccount(ctx: PrepareContext): { cardNumber: string; code: string; name: string } {
  const settings = payrollSettings(ctx, ctx.projectId);
  const hint = '在 工资 › 设置 填写人工费专用账户(开户银行、账号、户名),再上报';
  const accountNo = settings.accountNo.replace(/[\s-]/g, '');
  if (!accountNo || !settings.accountBank) throw new RecordProblem('项目的人工费专用账户未登记:国家平台的工资记录须有代发工资的账户', hint);
  const bank = bankTable.codes.find((c) => settings.accountBank.startsWith(c.name));
  if (!bank) throw new RecordProblem(`人工费专用账户的开户银行“${settings.accountBank}”不在银行代码表中`, '在 工资 › 设置 把开户银行填写为代码表中的银行名称(如 中国工商银行上海市分行),再上报');
  return { cardNumber: accountNo, code: bank.code, name: settings.accountBank };
}

/** When the row was paid: the bank's 代发 result, else the day the workers confirmed it (签字表), else the day it was locked. */
function balanceDateOf(ctx: PrepareContext, r: PayrollRowRow): string {
  const paid = ctx.statement(`select paid_on from payroll_payments where row_id = ? and status = 'paid' order by paid_on desc limit 1`).pluck().get(r.id) as string | undefined;
  if (paid) return paid;
  const step = ctx.statement(`select at from payroll_ledger_steps where ledger_id = ? and action in ('confirm', 'lock') order by case action when 'confirm' then 0 else 1 end, at desc limit 1`)
    .pluck().get(r.ledger_id) as string;
  return siteDate(new Date(step));
}

/** A ledger of a whole 参建单位: the worker's 班组 is the one he was dispatched to in the month (the last of them). */
function teamOfMonth(ctx: PrepareContext, r: PayrollRowRow): TeamRow {
  if (r.team_id) return teamOf(ctx, r.team_id);
  const teamId = ctx.statement(`select team_id from dispatches where worker_id = ? and dispatched_on <= ? and (ended_on is null or ended_on >= ?) order by dispatched_on desc limit 1`)
    .pluck().get(r.worker_id, `${r.month}-31`, `${r.month}-01`) as string | undefined;
  if (!teamId) throw new RecordProblem(`“${r.name}”${r.month} 不在任何班组:国家平台的工资记录须属于一个班组`, '在 人员信息 › 派工登记 补登该月的派工,再上报');
  return teamOf(ctx, teamId);
}

const payroll: RecordKindProvider = {
  kind: 'payroll',
  method: 'Payroll.Add',
  maxBatch: 100,
  discover: (sqlite, projectId) => unqueued(sqlite, 'payroll', payrollRowsSql, projectId),
  prepare(ctx, sourceId) {
    const r = ctx.statement(`select r.id, r.worker_id, r.name, r.attendance_days, r.hours_tenths, r.gross_fen, r.net_fen, r.payable_fen, r.bank_name, r.bank_code, r.card_no,
        l.id as ledger_id, l.month, l.kind as ledger_kind, l.team_id, l.employer_id, l.scope_key, l.created_at as ledger_created_at
      from payroll_rows r join payroll_ledgers l on l.id = r.ledger_id where r.id = ? and l.project_id = ? and l.state = 'locked'`).get(sourceId, ctx.projectId) as PayrollRowRow | undefined;
    if (!r) throw new RecordProblem('该工资行已不在锁定的工资支付台账中', '无需处理');
    const w = workerOf(ctx, r.worker_id);
    const team = teamOfMonth(ctx, r);
    const e = employerOf(ctx, r.employer_id);
    const idCardType = idCardTypeChecked(w);
    const account = payingAccount(ctx);
    const current = ctx.statement('select bank_name, bank_code, card_no from wage_cards where worker_id = ? and retired_at is null order by created_at desc limit 1').get(w.id) as
      { bank_name: string; bank_code: string; card_no: string } | undefined;
    const card = r.card_no ? { bank_name: r.bank_name, bank_code: r.bank_code, card_no: r.card_no } : current;
    if (!card) throw new RecordProblem(`“${r.name}”${r.month} 的工资没有工资卡:国家平台的工资记录须有工资卡号`, '在 人员信息 登记该人员的工资卡,再上报');
    // The worker's rows of the month and scope locked before this one: the first that was sent is
    // his month's wage on the platform; this row then is a 补发 of what it pays more.
    const earlier = ctx.statement(`select r.id, r.gross_fen, r.payable_fen, l.kind from payroll_rows r join payroll_ledgers l on l.id = r.ledger_id
      where l.project_id = ? and l.month = ? and l.scope_key = ? and l.state = 'locked' and r.worker_id = ? and (l.created_at < ? or (l.created_at = ? and l.id < ?))
      order by l.created_at, l.id`).all(ctx.projectId, r.month, r.scope_key, r.worker_id, r.ledger_created_at, r.ledger_created_at, r.ledger_id) as
      { id: string; gross_fen: number; payable_fen: number; kind: 'regular' | 'adjustment' }[];
    const first = earlier.find((x) => x.kind === 'regular' || x.payable_fen > 0);
    const balanceDate = balanceDateOf(ctx, r);
    const dependsOn = [participantDep(e), teamDep(team), workerDep(w)];
    let amounts: { payMonth: string; isBackPay: 0 | 1; totalPayAmount: string; actualAmount: string; backPayMonth?: string };
    if (!first) {
      amounts = { payMonth: r.month, isBackPay: 0, totalPayAmount: fenToYuanText(r.gross_fen), actualAmount: fenToYuanText(r.net_fen) };
    } else {
      // 应发 of a 补发: the growth of the month's 应发, never below what it pays (a 补发 may return a deduction).
      const grossMore = r.gross_fen - earlier[earlier.length - 1]!.gross_fen;
      amounts = {
        payMonth: balanceDate.slice(0, 7), isBackPay: 1, backPayMonth: r.month,
        totalPayAmount: fenToYuanText(Math.max(grossMore, r.payable_fen)), actualAmount: fenToYuanText(r.payable_fen),
      };
      dependsOn.push({ kind: 'payroll', sourceId: first.id, label: `“${r.name}”${r.month} 的工资` });
    }
    const { payMonth, ...item } = amounts;
    return {
      dependsOn,
      build: (keyOf) => ({
        group: { projectCode: ctx.projectCode, corpCode: e.credit_code, corpName: e.name, teamSysNo: keyOf(teamDep(team)), payMonth },
        item: {
          idCardType, idCardNumber: ctx.encrypt(w.id_number), days: r.attendance_days, workHours: r.hours_tenths / 10,
          payRollBankCardNumber: ctx.encrypt(card.card_no), payRollBankCode: card.bank_code, payRollBankName: card.bank_name,
          payBankCardNumber: ctx.encrypt(account.cardNumber), payBankCode: account.code, payBankName: account.name,
          ...item, balanceDate, thirdPayRollCode: r.id,
        },
      }),
    };
  },
  callData: (group, items) => ({ ...group, detailList: items }),
  existsQuery: (group, item) => ({ method: 'Payroll.Query', data: { projectCode: group.projectCode, idCardType: item.idCardType, idCardNumber: item.idCardNumber, payMonth: group.payMonth } }),
  found: (answer, item) => ({ found: listOf(answer).some((r) => r.thirdPayRollCode === item.thirdPayRollCode) }),
  note(sqlite, projectId) {
    const open = sqlite.prepare(`select count(*) from payroll_ledgers where project_id = ? and state <> 'locked'`).pluck().get(projectId) as number;
    return open ? `另有 ${open} 份工资支付台账未锁定,锁定后上报` : '上报已锁定的工资支付台账;补发/更正按补发上报';
  },
};

/** The providers, in upload order. */
const providers = new Map<PlatformKind, RecordKindProvider>(
  [participants, teams, projectWorkers, contracts, entryExits, attendance, payroll].map((p) => [p.kind, p]),
);

export function providerOf(kind: PlatformKind): RecordKindProvider {
  const provider = providers.get(kind);
  if (!provider) throw new Error(`no provider for ${kind}`);
  return provider;
}
