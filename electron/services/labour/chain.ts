// The chain after 聘用登记: 派工登记 (into a 班组 of the worker's 参建单位), 进场登记 (with a 劳动合同 in
// force and, for 作业人员, a team; then the entry rules of entries.ts) and 退场登记 (with a reason,
// which also ends the dispatch). Each asks the other domains (warnings.ts) first: a 'block' stops it.
// Also here: a new 劳动合同, its scan, and a new 工资卡.
import { and, eq, isNull } from 'drizzle-orm';
import { attachments, dispatches, labourContracts, teams, workers } from '../../../db/schema';
import { workTypes } from '../../common/codes';
import { ApiError } from '../../common/errors';
import { addDays, siteDate } from '../../common/site-time';
import type { ParsedInput } from '../../common/contract';
import { isoNow, type ProjectActor, type Services } from '../context';
import * as entries from '../entries';
import { sniffMime } from '../files';
import { newId } from '../ids';
import { authorOf, ChangeRecorder, type ChangeAuthor } from '../outbox';
import { checkDay } from './dates';
import { contractInForce, openEntryOfWorker, personOf, projectTeam, projectWorker, type TeamRecord, type WorkerRecord } from './records';
import { collectWarnings, type LabourWarning, type WarningContext } from './warnings';
import { getWorker, insertContract, insertWageCard, type HireOutcome } from './workers';

const pointLabels = { dispatch: '派工', entry: '进场', exit: '退场', attendanceList: '考勤' } as const;

/**
 * Warnings of the point; a 'block' refuses the action with its message, and a 'confirm' refuses it
 * unless the user gave a reason (nothing written).
 */
export function warningsOrRefuse(s: Services, context: WarningContext, confirmReason?: string): LabourWarning[] {
  const found = collectWarnings(s, context);
  const block = found.find((w) => w.level === 'block');
  if (block) throw new ApiError('CONFLICT', block.message);
  const toConfirm = found.filter((w) => w.level === 'confirm');
  if (toConfirm.length > 0 && !confirmReason) {
    throw new ApiError('CONFLICT', `${toConfirm.map((w) => w.message).join(';')}。确需${pointLabels[context.point]}的,请填写原因后确认(原因记入审计记录)`, [{ path: 'confirmReason', message: '请填写确认原因' }]);
  }
  return found;
}

/** The audit row of a step taken despite warnings that needed confirming: who, why, and what they were told. */
export function recordConfirmed(recorder: ChangeRecorder, author: ChangeAuthor, point: WarningContext['point'], tableName: string, rowId: string, warnings: LabourWarning[], reason: string | undefined): void {
  const confirmed = warnings.filter((w) => w.level === 'confirm');
  if (confirmed.length === 0) return;
  recorder.audit(author, { action: 'warnings_confirmed', tableName, rowId, after: { point, reason, warnings: confirmed.map((w) => ({ workerId: w.workerId, source: w.source, message: w.message })) } });
}

function outcome(s: Services, actor: ProjectActor, workerId: string, warnings: LabourWarning[], notice: string): HireOutcome {
  return { worker: getWorker(s, actor, workerId), warnings, notice };
}

/** Why a worker may not go into the team that day, or nothing. */
export function dispatchRefusal(worker: WorkerRecord, team: TeamRecord, dispatchedOn: string, name: string): ApiError | null {
  if (team.disbandedOn) return new ApiError('CONFLICT', `班组“${team.name}”已于 ${team.disbandedOn} 解散,不能派工`);
  if (team.employerId !== worker.employerId) {
    return new ApiError('CONFLICT', `${name} 由另一参建单位聘用,不能派往班组“${team.name}”:班组属于其参建单位的人员才能派入`, [{ path: 'teamId', message: '班组与用人单位不一致' }]);
  }
  if (worker.teamId === team.id) return new ApiError('CONFLICT', `${name} 已在班组“${team.name}”`);
  if (dispatchedOn < worker.hiredOn) return new ApiError('VALIDATION', `派工日期不能早于聘用日期 ${worker.hiredOn}`, [{ path: 'dispatchedOn', message: '派工日期不能早于聘用日期' }]);
  return null;
}

/** Writes a 派工登记 inside the caller's transaction: the open dispatch ends, the new one starts, the worker's team follows. Returns its id. */
export function writeDispatch(s: Services, actor: ProjectActor, recorder: ChangeRecorder, author: ChangeAuthor, worker: WorkerRecord, team: TeamRecord, dispatchedOn: string, workType: string): string {
  const at = author.at;
  for (const d of s.db.select().from(dispatches).where(and(eq(dispatches.workerId, worker.id), isNull(dispatches.endedOn))).all()) {
    if (dispatchedOn < d.dispatchedOn) throw new ApiError('VALIDATION', `派工日期不能早于上次派工日期 ${d.dispatchedOn}`, [{ path: 'dispatchedOn', message: '派工日期不能早于上次派工' }]);
    s.db.update(dispatches).set({ endedOn: dispatchedOn }).where(eq(dispatches.id, d.id)).run();
    recorder.change(author, 'dispatches', d.id, 'update', { ...d, endedOn: dispatchedOn }, d);
    releaseLeadership(recorder, s, author, worker.id, d.teamId);
  }
  const row = { id: newId(), projectId: actor.projectId, workerId: worker.id, teamId: team.id, workType, dispatchedOn, endedOn: null, createdAt: at, createdBy: actor.userId };
  s.db.insert(dispatches).values(row).run();
  recorder.change(author, 'dispatches', row.id, 'insert', row);
  const current = s.db.select().from(workers).where(eq(workers.id, worker.id)).get()!;
  const change = { teamId: team.id, workType, updatedAt: at };
  s.db.update(workers).set(change).where(eq(workers.id, worker.id)).run();
  recorder.change(author, 'workers', worker.id, 'update', { ...current, ...change }, current);
  return row.id;
}

export function dispatchWorker(s: Services, actor: ProjectActor, input: ParsedInput<'workers.dispatch'>): HireOutcome {
  checkDay(s, input.dispatchedOn, 'dispatchedOn', '派工日期');
  const worker = projectWorker(s.db, actor.projectId, input.workerId);
  const team = projectTeam(s.db, actor.projectId, input.teamId);
  const name = personOf(s.db, worker).name;
  const refusal = dispatchRefusal(worker, team, input.dispatchedOn, name);
  if (refusal) throw refusal;
  const workType = input.workType ?? worker.workType;
  const warnings = warningsOrRefuse(s, { projectId: actor.projectId, point: 'dispatch', workerIds: [worker.id], date: input.dispatchedOn, teamId: team.id, workType }, input.confirmReason);
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const recorder = new ChangeRecorder(tx);
    const author = authorOf(actor, at);
    const dispatchId = writeDispatch(s, actor, recorder, author, worker, team, input.dispatchedOn, workType);
    recordConfirmed(recorder, author, 'dispatch', 'dispatches', dispatchId, warnings, input.confirmReason);
  });
  return outcome(s, actor, worker.id, warnings, `${name} 已派往班组“${team.name}”(${workTypes[workType] ?? workType})`);
}

/** A worker leaving a team stops being its 班组长. */
function releaseLeadership(recorder: ChangeRecorder, s: Services, author: ChangeAuthor, workerId: string, teamId: string): void {
  const team = s.db.select().from(teams).where(eq(teams.id, teamId)).get();
  if (team?.leaderWorkerId !== workerId) return;
  const change = { leaderWorkerId: null, updatedAt: author.at };
  s.db.update(teams).set(change).where(eq(teams.id, teamId)).run();
  recorder.change(author, 'teams', teamId, 'update', { ...team, ...change }, team);
}

export function enterWorker(s: Services, actor: ProjectActor, input: ParsedInput<'workers.enter'>): HireOutcome {
  const worker = projectWorker(s.db, actor.projectId, input.workerId);
  const person = personOf(s.db, worker);
  if (!contractInForce(s.db, worker.id, input.enteredOn)) {
    throw new ApiError('CONFLICT', `${person.name} 在 ${input.enteredOn} 没有有效的劳动合同:请先签订或续签劳动合同,再办理进场`, [{ path: 'enteredOn', message: '无有效劳动合同' }]);
  }
  const team = worker.teamId ? projectTeam(s.db, actor.projectId, worker.teamId) : null;
  if (person.category === 'worker' && !team) {
    throw new ApiError('CONFLICT', `${person.name} 尚未派工:请先在“派工登记”中派入班组,再办理进场`);
  }
  const warnings = warningsOrRefuse(s, { projectId: actor.projectId, point: 'entry', workerIds: [worker.id], date: input.enteredOn });
  // The entry rules (one project at a time, after the last exit, and the epidemic rules where the
  // project shows them) are entries.ts's, checked inside its transaction.
  entries.enter(s, actor, { personId: person.id, employerId: worker.employerId, workType: worker.workType, team: team?.name ?? '项目部', enteredOn: input.enteredOn });
  return outcome(s, actor, worker.id, warnings, `${person.name} 已进场(${input.enteredOn})`);
}

export function exitWorker(s: Services, actor: ProjectActor, input: ParsedInput<'workers.exit'>): HireOutcome {
  const worker = projectWorker(s.db, actor.projectId, input.workerId);
  const person = personOf(s.db, worker);
  const entry = openEntryOfWorker(s.db, worker);
  if (!entry) throw new ApiError('CONFLICT', `${person.name} 不在场,无需退场`);
  // Unpaid or unconfirmed wages (the wage ledgers) are a warning here, never a refusal: a worker may always leave.
  const warnings = collectWarnings(s, { projectId: actor.projectId, point: 'exit', workerIds: [worker.id], date: input.exitedOn }).map((w) => ({ ...w, level: 'warning' as const }));
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    entries.exit(s, actor, { entryId: entry.id, exitedOn: input.exitedOn }, input.reason);
    const recorder = new ChangeRecorder(tx);
    const author = authorOf(actor, at);
    // Leaving ends the dispatch the day after the last day on site; coming back needs a new 派工登记.
    for (const d of tx.select().from(dispatches).where(and(eq(dispatches.workerId, worker.id), isNull(dispatches.endedOn))).all()) {
      const endedOn = addDays(input.exitedOn, 1) > d.dispatchedOn ? addDays(input.exitedOn, 1) : d.dispatchedOn;
      tx.update(dispatches).set({ endedOn }).where(eq(dispatches.id, d.id)).run();
      recorder.change(author, 'dispatches', d.id, 'update', { ...d, endedOn }, d);
      releaseLeadership(recorder, s, author, worker.id, d.teamId);
    }
    if (worker.teamId) {
      const change = { teamId: null, updatedAt: at };
      tx.update(workers).set(change).where(eq(workers.id, worker.id)).run();
      recorder.change(author, 'workers', worker.id, 'update', { ...worker, ...change }, worker);
    }
  });
  return outcome(s, actor, worker.id, warnings, `${person.name} 已退场(${input.exitedOn},${input.reason})`);
}

export function addContract(s: Services, actor: ProjectActor, input: ParsedInput<'workers.addContract'>): HireOutcome {
  const worker = projectWorker(s.db, actor.projectId, input.workerId);
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const recorder = new ChangeRecorder(tx);
    insertContract(recorder, s, authorOf(actor, at), actor, worker.id, worker.employerId, input.contract);
  });
  return outcome(s, actor, worker.id, [], '劳动合同已保存');
}

export function uploadContractScan(s: Services, actor: ProjectActor, input: ParsedInput<'workers.uploadContractScan'>) {
  const contract = s.db.select().from(labourContracts).where(and(eq(labourContracts.id, input.contractId), eq(labourContracts.projectId, actor.projectId))).get();
  if (!contract) throw new ApiError('NOT_FOUND', '未找到该劳动合同');
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length === 0) throw new ApiError('VALIDATION', '文件为空');
  const mime = sniffMime(bytes);
  if (mime !== input.mime) throw new ApiError('VALIDATION', '文件内容不是有效的 jpg、png 或 pdf 文件');
  const sha256 = s.files.put(bytes);
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const recorder = new ChangeRecorder(tx);
    const author = authorOf(actor, at);
    const file = { id: newId(), projectId: actor.projectId, purpose: 'labour_contract' as const, ownerId: contract.id, sha256, fileName: input.fileName, mime, size: bytes.length, createdAt: at, createdBy: actor.userId, deletedAt: null };
    tx.insert(attachments).values(file).run();
    recorder.change(author, 'attachments', file.id, 'insert', file);
    tx.update(labourContracts).set({ scanAttachmentId: file.id }).where(eq(labourContracts.id, contract.id)).run();
    recorder.change(author, 'labour_contracts', contract.id, 'update', { ...contract, scanAttachmentId: file.id }, contract);
  });
  return getWorker(s, actor, contract.workerId);
}

export function setWageCard(s: Services, actor: ProjectActor, input: ParsedInput<'workers.setWageCard'>): HireOutcome {
  const worker = projectWorker(s.db, actor.projectId, input.workerId);
  const at = isoNow(s.clock);
  const warning = s.db.transaction((tx) => insertWageCard(new ChangeRecorder(tx), s, authorOf(actor, at), actor, worker.id, input.card));
  return outcome(s, actor, worker.id, [], warning ?? '工资卡已保存');
}

export function warningsFor(s: Services, actor: ProjectActor, input: ParsedInput<'workers.warnings'>): LabourWarning[] {
  for (const id of input.workerIds) projectWorker(s.db, actor.projectId, id);
  if (input.teamId) projectTeam(s.db, actor.projectId, input.teamId);
  return collectWarnings(s, { projectId: actor.projectId, point: input.point, workerIds: input.workerIds, date: input.date ?? siteDate(s.clock.now()), teamId: input.teamId, workType: input.workType });
}
