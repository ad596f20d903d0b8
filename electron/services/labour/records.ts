// Looking up the labour register's rows within the caller's project, and the facts the other
// services (attendance, and the wage ledgers of issue 18) ask of a worker: the 劳动合同 in force on a
// day, the current 工资卡, the 班组 of a day, and where the worker stands in the chain.
import { and, desc, eq, isNull, lte, or, gt, sql, type SQL } from 'drizzle-orm';
import { dispatches, entries, labourContracts, persons, teams, wageCards, workers } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import type { WorkerStatus } from '../../common/codes-labour';
import type { Db } from '../../../db/open';

export type WorkerRecord = typeof workers.$inferSelect;
export type TeamRecord = typeof teams.$inferSelect;
export type ContractRecord = typeof labourContracts.$inferSelect;
export type WageCardRecord = typeof wageCards.$inferSelect;

export function projectWorker(db: Db, projectId: string, workerId: string): WorkerRecord {
  const row = db.select().from(workers).where(and(eq(workers.id, workerId), eq(workers.projectId, projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该人员:该人员未在本项目聘用登记', [{ path: 'workerId', message: '请选择人员' }]);
  return row;
}

export function projectTeam(db: Db, projectId: string, teamId: string): TeamRecord {
  const row = db.select().from(teams).where(and(eq(teams.id, teamId), eq(teams.projectId, projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该班组', [{ path: 'teamId', message: '请选择班组' }]);
  return row;
}

export function personOf(db: Db, worker: WorkerRecord): typeof persons.$inferSelect {
  return db.select().from(persons).where(eq(persons.id, worker.personId)).get()!;
}

/** The 劳动合同 in force on a day: started, not ended, not terminated; the newest start wins. */
export function contractInForce(db: Db, workerId: string, date: string): ContractRecord | undefined {
  return db.select().from(labourContracts).where(and(
    eq(labourContracts.workerId, workerId),
    lte(labourContracts.startsOn, date),
    or(isNull(labourContracts.endsOn), sql`${labourContracts.endsOn} >= ${date}`),
    or(isNull(labourContracts.terminatedOn), gt(labourContracts.terminatedOn, date)),
  )).orderBy(desc(labourContracts.startsOn), desc(labourContracts.createdAt)).limit(1).get();
}

/** The newest contract, whatever its dates: what a list shows as 计薪方式 and 工资标准. */
export function latestContract(db: Db, workerId: string): ContractRecord | undefined {
  return db.select().from(labourContracts).where(eq(labourContracts.workerId, workerId))
    .orderBy(desc(labourContracts.startsOn), desc(labourContracts.createdAt)).limit(1).get();
}

/** Every contract that is in force on some day between from and to (a month, for the ledger). */
export function contractsDuring(db: Db, workerId: string, from: string, to: string): ContractRecord[] {
  return db.select().from(labourContracts).where(and(
    eq(labourContracts.workerId, workerId),
    lte(labourContracts.startsOn, to),
    or(isNull(labourContracts.endsOn), sql`${labourContracts.endsOn} >= ${from}`),
    or(isNull(labourContracts.terminatedOn), gt(labourContracts.terminatedOn, from)),
  )).orderBy(labourContracts.startsOn).all();
}

export function currentWageCard(db: Db, workerId: string): WageCardRecord | undefined {
  return db.select().from(wageCards).where(and(eq(wageCards.workerId, workerId), isNull(wageCards.retiredAt)))
    .orderBy(desc(wageCards.createdAt)).limit(1).get();
}

export function openDispatch(db: Db, workerId: string) {
  return db.select().from(dispatches).where(and(eq(dispatches.workerId, workerId), isNull(dispatches.endedOn)))
    .orderBy(desc(dispatches.dispatchedOn)).limit(1).get();
}

/** The 班组 a worker belonged to on a day (派工登记 history; endedOn is exclusive). */
export function teamOn(db: Db, workerId: string, date: string): string | null {
  const row = db.select({ teamId: dispatches.teamId }).from(dispatches).where(and(
    eq(dispatches.workerId, workerId),
    lte(dispatches.dispatchedOn, date),
    or(isNull(dispatches.endedOn), gt(dispatches.endedOn, date)),
  )).orderBy(desc(dispatches.dispatchedOn)).limit(1).get();
  return row?.teamId ?? null;
}

/** The worker's open entry on this project, if on site. */
export function openEntryOfWorker(db: Db, worker: WorkerRecord) {
  return db.select().from(entries).where(and(eq(entries.personId, worker.personId), eq(entries.projectId, worker.projectId), isNull(entries.exitedOn))).get();
}

/**
 * Where a worker stands, in SQL (for a list's filter and column): 在场 with an open entry; else
 * 已派工 with a team; else 已退场 with an entry behind them; else 已聘用. Leaving ends the dispatch,
 * so a worker back for another stint is 已派工 again.
 */
export const workerStatusSql: SQL<WorkerStatus> = sql<WorkerStatus>`case
  when exists (select 1 from entries n where n.person_id = ${workers.personId} and n.project_id = ${workers.projectId} and n.exited_on is null) then 'onSite'
  when ${workers.teamId} is not null then 'dispatched'
  when exists (select 1 from entries n where n.person_id = ${workers.personId} and n.project_id = ${workers.projectId}) then 'exited'
  else 'hired' end`;

/** The next 工号 of the project: one more than the largest, from 1001 (digits only: gates keep PINs as numbers). */
export function nextWorkerNo(db: Db, projectId: string): string {
  const max = db.select({ n: sql<number | null>`max(cast(${workers.workerNo} as integer))` }).from(workers).where(eq(workers.projectId, projectId)).get()?.n;
  return String(Math.max(1000, max ?? 0) + 1);
}
