// The record kinds the national platform receives, in the order it needs them (参建单位 → 班组 →
// 项目人员 → 劳动合同 → 进退场 → 考勤 → 工资), each one provider: which rows of the register it
// queues, what each depends on, the business data of a call, and how to ask the platform whether
// a record already arrived (for a call whose answer was lost). The queue (queue.ts) knows nothing
// of any kind but through this interface; the wage ledgers (issue 18) add 工资 as one more.
import type Database from 'better-sqlite3';
import type { PlatformKind } from '../../common/contract-platform';
import { fenToYuanText } from '../../common/money';
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

/** What a provider sees: the database, the project's platform code, and the field encryption. */
export interface PrepareContext {
  sqlite: Database.Database;
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
}

// ---- the register's rows, read the way every provider needs them ----

interface WorkerRow {
  id: string; employer_id: string; team_id: string | null; work_type: string; worker_no: string;
  name: string; id_number: string; phone: string; category: 'worker' | 'manager';
}

const workerSql = `select w.id, w.employer_id, w.team_id, w.work_type, w.worker_no, p.name, p.id_number, p.phone, p.category
  from workers w join persons p on p.id = w.person_id where w.id = ? and w.project_id = ?`;

function workerOf(ctx: PrepareContext, workerId: string): WorkerRow {
  const row = ctx.sqlite.prepare(workerSql).get(workerId, ctx.projectId) as WorkerRow | undefined;
  if (!row) throw new RecordProblem('该人员已不在本项目的登记中', '无需处理');
  return row;
}

interface EmployerRow { id: string; name: string; credit_code: string; participant_type: string; leader_name: string; leader_phone: string }

function employerOf(ctx: PrepareContext, employerId: string): EmployerRow {
  return ctx.sqlite.prepare('select id, name, credit_code, participant_type, leader_name, leader_phone from employers where id = ?').get(employerId) as EmployerRow;
}

interface TeamRow { id: string; name: string; employer_id: string; work_type: string; leader_worker_id: string | null; created_at: string }

function teamOf(ctx: PrepareContext, teamId: string): TeamRow {
  return ctx.sqlite.prepare('select id, name, employer_id, work_type, leader_worker_id, created_at from teams where id = ?').get(teamId) as TeamRow;
}

/** The 班组 of an event's day (派工登记 history); a day without one is a problem to fix there. */
function teamOnDay(ctx: PrepareContext, w: WorkerRow, day: string, endingThatDay: boolean, problem: string): TeamRow {
  const row = ctx.sqlite.prepare(`select team_id from dispatches where worker_id = ? and dispatched_on <= ? and (ended_on is null or ended_on > ? or (? and ended_on = ?))
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
    const teamId = w.team_id ?? (ctx.sqlite.prepare('select team_id from dispatches where worker_id = ? order by dispatched_on desc limit 1').get(w.id) as { team_id: string } | undefined)?.team_id;
    if (!teamId) throw new RecordProblem(`项目人员“${w.name}”(工号 ${w.worker_no})没有班组:国家平台的项目人员必须属于一个班组`, '在 人员信息 › 派工登记 把他派到一个班组,再上报');
    const team = teamOf(ctx, teamId);
    const e = employerOf(ctx, w.employer_id);
    const idCardType = idCardTypeChecked(w);
    const workType = checked('在 人员信息 修改工种', () => requireCode('workType', w.work_type, '工种'));
    const workRole = requireCode('workRole', w.category === 'manager' ? '10' : '20', '人员类别');
    const card = ctx.sqlite.prepare('select bank_name, bank_code, card_no from wage_cards where worker_id = ? and retired_at is null order by created_at desc limit 1').get(w.id) as
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
    const c = ctx.sqlite.prepare('select worker_id, employer_id, signed_on, starts_on, ends_on, term_type, pay_method, wage_fen from labour_contracts where id = ?').get(sourceId) as
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
    const n = ctx.sqlite.prepare('select n.person_id, n.entered_on, n.exited_on, w.id as worker_id from entries n join workers w on w.person_id = n.person_id and w.project_id = n.project_id where n.id = ?').get(entryId) as
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
    const a = ctx.sqlite.prepare('select worker_id, punched_at, direction, source from attendance_punches where id = ?').get(sourceId) as
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

/** The providers of this build, in upload order. 工资 (Payroll.Add) comes with the wage ledgers. */
const providers = new Map<PlatformKind, RecordKindProvider>(
  [participants, teams, projectWorkers, contracts, entryExits, attendance].map((p) => [p.kind, p]),
);

/** The wage ledgers' domain registers its Payroll.Add provider here (issue 18). */
export function registerRecordKind(provider: RecordKindProvider): void {
  providers.set(provider.kind, provider);
}

export function providerOf(kind: PlatformKind): RecordKindProvider | undefined {
  return providers.get(kind);
}
