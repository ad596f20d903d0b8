// 聘用登记 and the worker register (进退场用工管理 for 作业人员, 现场管理人员实名制 for managers): a
// person hired by a 参建单位 under a 劳动合同, with 工号, 工种, 工资卡, 安全教育 date, the photo from
// the ID card and an 紧急联系人. The person is the persons row of the epidemic workflow when the
// project shows it (pre-registration first), or is made here when the project hides it.
import { and, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
  attachments, attendancePunches, dispatches, employers, entries, labourContracts, persons, teams, users, wageCards, workers,
} from '../../../db/schema';
import { workTypes } from '../../common/codes';
import { maskCardNumber, passesLuhn, LUHN_WARNING } from '../../common/bank-card';
import { ApiError } from '../../common/errors';
import { maskIdNumber, parseIdNumber } from '../../common/idnumber';
import { siteDate } from '../../common/site-time';
import type { ParsedInput } from '../../common/contract';
import type { WorkerDetail, WorkerRow, LabourContractView, WageCardView } from '../../common/contract-labour';
import type { WorkerStatus } from '../../common/codes-labour';
import { isoNow, type ProjectActor, type Services } from '../context';
import { getEmployer } from '../employers';
import { newId } from '../ids';
import { authorOf, ChangeRecorder, type ChangeAuthor } from '../outbox';
import { maySeeFullIdNumber, personSearch, pinyinKeys } from '../pre-registration';
import { epidemicHidden } from './settings';
import { checkDay } from './dates';
import { collectWarnings, type LabourWarning, type WarningPoint } from './warnings';
import { latestContract, nextWorkerNo, projectWorker, workerStatusSql, type WorkerRecord } from './records';

const teamName = sql<string>`coalesce((select t.name from teams t where t.id = ${workers.teamId}), '')`;
const isLeader = sql<number>`exists (select 1 from teams t where t.leader_worker_id = ${workers.id})`;
const hasCard = sql<number>`exists (select 1 from wage_cards c where c.worker_id = ${workers.id} and c.retired_at is null)`;
const openEntry = sql<string | null>`(select n.id from entries n where n.person_id = ${workers.personId} and n.project_id = ${workers.projectId} and n.exited_on is null)`;
const lastEntry = sql<string | null>`(select n.id from entries n where n.person_id = ${workers.personId} and n.project_id = ${workers.projectId} order by n.entered_on desc, n.created_at desc limit 1)`;

const rowColumns = {
  w: workers,
  p: persons,
  employerName: employers.name,
  teamName,
  isLeader,
  hasCard,
  status: workerStatusSql,
  lastEntryId: lastEntry,
};

type Joined = { w: WorkerRecord; p: typeof persons.$inferSelect; employerName: string; teamName: string; isLeader: number; hasCard: number; status: WorkerStatus; lastEntryId: string | null };

function toRow(s: Services, r: Joined): WorkerRow {
  const contract = latestContract(s.db, r.w.id);
  const entry = r.lastEntryId ? s.db.select().from(entries).where(eq(entries.id, r.lastEntryId)).get() : undefined;
  return {
    id: r.w.id,
    personId: r.p.id,
    workerNo: r.w.workerNo,
    category: r.p.category,
    name: r.p.name,
    idNumberMasked: maskIdNumber(r.p.idNumber),
    phone: r.p.phone,
    employerId: r.w.employerId,
    employerName: r.employerName,
    workType: r.w.workType,
    workTypeName: workTypes[r.w.workType] ?? r.w.workType,
    teamId: r.w.teamId,
    teamName: r.teamName,
    isTeamLeader: Boolean(r.isLeader),
    payMethod: contract?.payMethod ?? null,
    wageFen: contract?.wageFen ?? null,
    pieceUnit: contract?.pieceUnit ?? '',
    hasWageCard: Boolean(r.hasCard),
    safetyTrainingOn: r.w.safetyTrainingOn,
    status: r.status,
    entryId: r.status === 'onSite' ? entry?.id ?? null : null,
    enteredOn: entry?.enteredOn ?? null,
    exitedOn: entry?.exitedOn ?? null,
  };
}

function selectJoined(s: Services) {
  return s.db.select(rowColumns).from(workers)
    .innerJoin(persons, eq(persons.id, workers.personId))
    .innerJoin(employers, eq(employers.id, workers.employerId));
}

type Filters = { category: 'worker' | 'manager'; status: 'all' | WorkerStatus; employerId?: string; teamId?: string; search: string };

function filterOf(actor: ProjectActor, f: Filters): SQL | undefined {
  return and(
    eq(workers.projectId, actor.projectId),
    eq(persons.category, f.category),
    f.status === 'all' ? undefined : sql`${workerStatusSql} = ${f.status}`,
    f.employerId ? eq(workers.employerId, f.employerId) : undefined,
    f.teamId ? eq(workers.teamId, f.teamId) : undefined,
    // 工号 typed whole finds that worker; otherwise name, ID number fragment or pinyin.
    f.search && /^\d{4,7}$/.test(f.search) ? sql`(${workers.workerNo} = ${f.search} or ${personSearch(f.search)})` : personSearch(f.search),
  );
}

export function listWorkers(s: Services, actor: ProjectActor, input: ParsedInput<'workers.list'>): { rows: WorkerRow[]; total: number } {
  const where = filterOf(actor, input);
  const total = s.db.select({ n: count() }).from(workers).innerJoin(persons, eq(persons.id, workers.personId)).where(where).get()?.n ?? 0;
  const rows = selectJoined(s).where(where).orderBy(sql`cast(${workers.workerNo} as integer)`)
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all() as Joined[];
  return { rows: rows.map((r) => toRow(s, r)), total };
}

/** Every worker of the filters, in 工号 order: exports and printed lists. */
export function allWorkers(s: Services, actor: ProjectActor, filters: Filters): WorkerRow[] {
  return (selectJoined(s).where(filterOf(actor, filters)).orderBy(sql`cast(${workers.workerNo} as integer)`).all() as Joined[]).map((r) => toRow(s, r));
}

function contractView(s: Services, c: typeof labourContracts.$inferSelect): LabourContractView {
  const employerName = s.db.select({ name: employers.name }).from(employers).where(eq(employers.id, c.employerId)).get()?.name ?? '';
  return {
    id: c.id, employerName, contractNo: c.contractNo, signedOn: c.signedOn, startsOn: c.startsOn, endsOn: c.endsOn, termType: c.termType,
    payMethod: c.payMethod, wageFen: c.wageFen, pieceUnit: c.pieceUnit, payDay: c.payDay, terminatedOn: c.terminatedOn, scanFileId: c.scanAttachmentId,
  };
}

export function cardView(actor: ProjectActor, c: typeof wageCards.$inferSelect, full: boolean): WageCardView {
  const shown = full && maySeeFullIdNumber(actor);
  return { id: c.id, bankName: c.bankName, bankCode: c.bankCode, cardNo: shown ? c.cardNo : maskCardNumber(c.cardNo), cardNoFull: shown, luhnValid: c.luhnValid, createdAt: c.createdAt, retiredAt: c.retiredAt };
}

/** The point of the chain a worker would go through next, for the warnings on their page. */
const nextPoint: Record<WorkerStatus, WarningPoint> = { hired: 'dispatch', dispatched: 'entry', onSite: 'exit', exited: 'dispatch' };

export function getWorker(s: Services, actor: ProjectActor, workerId: string): WorkerDetail {
  const row = selectJoined(s).where(and(eq(workers.id, workerId), eq(workers.projectId, actor.projectId))).get() as Joined | undefined;
  if (!row) throw new ApiError('NOT_FOUND', '未找到该人员:该人员未在本项目聘用登记');
  const full = maySeeFullIdNumber(actor);
  const w = row.w;
  const photo = w.photoAttachmentId ? s.db.select().from(attachments).where(eq(attachments.id, w.photoAttachmentId)).get() : undefined;
  return {
    ...toRow(s, row),
    idNumber: full ? row.p.idNumber : maskIdNumber(row.p.idNumber),
    idNumberFull: full,
    sex: row.p.sex,
    birthDate: row.p.birthDate,
    hiredOn: w.hiredOn,
    emergencyContactName: w.emergencyContactName,
    emergencyContactPhone: w.emergencyContactPhone,
    emergencyContactRelation: w.emergencyContactRelation,
    photo: photo ? { fileId: photo.id, format: photo.mime, size: photo.size } : null,
    contracts: s.db.select().from(labourContracts).where(eq(labourContracts.workerId, w.id)).orderBy(desc(labourContracts.startsOn), desc(labourContracts.createdAt)).all().map((c) => contractView(s, c)),
    wageCards: s.db.select().from(wageCards).where(eq(wageCards.workerId, w.id)).orderBy(desc(wageCards.createdAt)).all().map((c) => cardView(actor, c, true)),
    dispatches: s.db.select({ d: dispatches, teamName: teams.name }).from(dispatches).innerJoin(teams, eq(teams.id, dispatches.teamId))
      .where(eq(dispatches.workerId, w.id)).orderBy(desc(dispatches.dispatchedOn), desc(dispatches.createdAt)).all()
      .map(({ d, teamName: name }) => ({ id: d.id, teamName: name, workTypeName: workTypes[d.workType] ?? d.workType, dispatchedOn: d.dispatchedOn, endedOn: d.endedOn })),
    entries: s.db.select().from(entries).where(and(eq(entries.personId, w.personId), eq(entries.projectId, w.projectId))).orderBy(desc(entries.enteredOn), desc(entries.createdAt)).all()
      .map((e) => ({ id: e.id, enteredOn: e.enteredOn, exitedOn: e.exitedOn, exitReason: e.exitReason, team: e.team })),
    warnings: collectWarnings(s, { projectId: actor.projectId, point: nextPoint[row.status], workerIds: [w.id], date: siteDate(s.clock.now()) }),
  };
}

export function lookupWorker(s: Services, actor: ProjectActor, input: ParsedInput<'workers.lookup'>) {
  const person = s.db.select().from(persons).where(and(eq(persons.projectId, actor.projectId), eq(persons.idNumber, input.idNumber))).get();
  const worker = person ? s.db.select().from(workers).where(eq(workers.personId, person.id)).get() : undefined;
  const verdict = hireVerdict(s, actor, input.idNumber, input.category, person, worker);
  return {
    ...verdict,
    person: person ? { id: person.id, name: person.name, phone: person.phone, employerId: person.employerId } : null,
    workerId: worker?.id ?? null,
  };
}

function hireVerdict(s: Services, actor: ProjectActor, idNumber: string, category: 'worker' | 'manager', person: typeof persons.$inferSelect | undefined, worker: WorkerRecord | undefined): { allowed: boolean; reason: string } {
  const screen = category === 'worker' ? '进退场用工管理' : '现场管理人员实名制';
  if (worker) return { allowed: false, reason: `${person!.name} 已在本项目聘用登记(工号 ${worker.workerNo}),请在列表中办理派工、进场或续签合同` };
  if (person && person.category !== category) {
    return { allowed: false, reason: `${person.name} 预登记为${person.category === 'worker' ? '作业人员' : '现场管理人员'},请在“${person.category === 'worker' ? '进退场用工管理' : '现场管理人员实名制'}”中办理聘用` };
  }
  if (!person && !epidemicHidden(s, actor.projectId)) {
    return { allowed: false, reason: `身份证号 ${maskIdNumber(idNumber)} 未在本项目进场预登记:本项目仍使用工地疫情防控管理,须先完成进场预登记,才能在“${screen}”中聘用登记` };
  }
  return { allowed: true, reason: '' };
}

/** The photo from the ID card, stored by content; WLT (the card's compressed format) is kept as it is. */
const photoMimes = { wlt: 'application/x-wlt', jpeg: 'image/jpeg', png: 'image/png', bmp: 'image/bmp' } as const;

export function insertContract(recorder: ChangeRecorder, s: Services, author: ChangeAuthor, actor: ProjectActor, workerId: string, employerId: string, c: ParsedInput<'workers.addContract'>['contract']): string {
  const row = {
    id: newId(), projectId: actor.projectId, workerId, employerId, contractNo: c.contractNo, signedOn: c.signedOn, startsOn: c.startsOn, endsOn: c.endsOn,
    termType: c.termType, payMethod: c.payMethod, wageFen: c.wage, pieceUnit: c.payMethod === 'piece' ? c.pieceUnit : '', payDay: c.payDay,
    scanAttachmentId: null, terminatedOn: null, createdAt: author.at, createdBy: actor.userId,
  };
  s.db.insert(labourContracts).values(row).run();
  recorder.change(author, 'labour_contracts', row.id, 'insert', row);
  return row.id;
}

/** Saves a new 工资卡 and retires the one before; a number failing the Luhn check is kept with a warning. */
export function insertWageCard(recorder: ChangeRecorder, s: Services, author: ChangeAuthor, actor: ProjectActor, workerId: string, card: NonNullable<ParsedInput<'workers.hire'>['wageCard']>): string | null {
  for (const old of s.db.select().from(wageCards).where(and(eq(wageCards.workerId, workerId), isNull(wageCards.retiredAt))).all()) {
    s.db.update(wageCards).set({ retiredAt: author.at }).where(eq(wageCards.id, old.id)).run();
    recorder.change(author, 'wage_cards', old.id, 'update', { ...old, retiredAt: author.at }, old);
  }
  const row = { id: newId(), projectId: actor.projectId, workerId, bankName: card.bankName, bankCode: card.bankCode, cardNo: card.cardNo, luhnValid: passesLuhn(card.cardNo), createdAt: author.at, createdBy: actor.userId, retiredAt: null };
  s.db.insert(wageCards).values(row).run();
  recorder.change(author, 'wage_cards', row.id, 'insert', row);
  return row.luhnValid ? null : LUHN_WARNING;
}

/**
 * Punches a gate kept as 未匹配 under this worker's 工号 or ID number (a device enrolled before the
 * register was): matched now, in the hire's transaction.
 */
export function matchWaitingPunches(recorder: ChangeRecorder, s: Services, author: ChangeAuthor, worker: { id: string; projectId: string; workerNo: string }, idNumber: string): number {
  const waiting = s.db.select().from(attendancePunches).where(and(
    eq(attendancePunches.projectId, worker.projectId), isNull(attendancePunches.workerId), inArray(attendancePunches.personRef, [worker.workerNo, idNumber]),
  )).all();
  for (const p of waiting) {
    const change = { workerId: worker.id, matchedBy: author.actorId, matchedAt: author.at };
    s.db.update(attendancePunches).set(change).where(eq(attendancePunches.id, p.id)).run();
    recorder.change(author, 'attendance_punches', p.id, 'update', { ...p, ...change }, p);
  }
  return waiting.length;
}

export interface HireOutcome {
  worker: WorkerDetail;
  warnings: LabourWarning[];
  notice: string;
}

export type HireInput = ParsedInput<'workers.hire'>;

/**
 * Writes one 聘用登记 inside the caller's transaction: the person (made here when the project hides
 * the epidemic workflow), the photo's attachment, the worker with the next 工号, the 劳动合同, the
 * 工资卡, and punches that waited for this worker. Returns the worker's id and what to tell the user.
 */
export function writeHire(s: Services, actor: ProjectActor, recorder: ChangeRecorder, author: ChangeAuthor, input: HireInput, photoSha: string | null): { workerId: string; notices: string[] } {
  const notices: string[] = [];
  const at = author.at;
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw new ApiError('VALIDATION', parsed.error.message, [{ path: 'idNumber', message: parsed.error.message }]);
  let person = s.db.select().from(persons).where(and(eq(persons.projectId, actor.projectId), eq(persons.idNumber, input.idNumber))).get();
  const existing = person ? s.db.select().from(workers).where(eq(workers.personId, person.id)).get() : undefined;
  const verdict = hireVerdict(s, actor, input.idNumber, input.category, person, existing);
  if (!verdict.allowed) throw new ApiError('CONFLICT', verdict.reason, [{ path: 'idNumber', message: verdict.reason }]);
  if (person && person.name !== input.name) {
    throw new ApiError('VALIDATION', `姓名与进场预登记不一致(预登记为“${person.name}”),请核对证件`, [{ path: 'name', message: '姓名与预登记不一致' }]);
  }
  if (!person) {
    const keys = pinyinKeys(input.name);
    const row = {
      id: newId(), projectId: actor.projectId, category: input.category, idNumber: input.idNumber, name: input.name,
      sex: parsed.value.sex, birthDate: parsed.value.birthDate, phone: input.phone,
      // No 出发地: the epidemic workflow that asks for it is hidden on this project.
      originProvinceCode: '', originProvince: '', originCityCode: '', originCity: '',
      employerId: input.employerId, healthCloud: null, pinyinInitials: keys.initials, pinyinFull: keys.full,
      preRegisteredOn: input.hiredOn, state: 'clear' as const, createdAt: at, createdBy: actor.userId,
    };
    s.db.insert(persons).values(row).run();
    recorder.change(author, 'persons', row.id, 'insert', row);
    person = row;
  }
  let photoAttachmentId: string | null = null;
  if (photoSha && input.photo) {
    photoAttachmentId = newId();
    const row = {
      id: photoAttachmentId, projectId: actor.projectId, purpose: 'worker_photo' as const, ownerId: person.id, sha256: photoSha,
      fileName: `${input.name}-证件照.${input.photo.format}`, mime: photoMimes[input.photo.format], size: Buffer.from(input.photo.base64, 'base64').length,
      createdAt: at, createdBy: actor.userId, deletedAt: null,
    };
    s.db.insert(attachments).values(row).run();
    recorder.change(author, 'attachments', row.id, 'insert', row);
  }
  const worker = {
    id: newId(), projectId: actor.projectId, personId: person.id, workerNo: nextWorkerNo(s.db, actor.projectId), employerId: input.employerId,
    workType: input.workType, teamId: null, hiredOn: input.hiredOn, safetyTrainingOn: input.safetyTrainingOn, photoAttachmentId,
    emergencyContactName: input.emergency.name, emergencyContactPhone: input.emergency.phone, emergencyContactRelation: input.emergency.relation,
    createdAt: at, createdBy: actor.userId, updatedAt: at,
  };
  s.db.insert(workers).values(worker).run();
  recorder.change(author, 'workers', worker.id, 'insert', worker);
  insertContract(recorder, s, author, actor, worker.id, input.employerId, input.contract);
  if (input.wageCard) {
    const warning = insertWageCard(recorder, s, author, actor, worker.id, input.wageCard);
    if (warning) notices.push(warning);
  }
  const matched = matchWaitingPunches(recorder, s, author, worker, input.idNumber);
  if (matched > 0) notices.push(`已将 ${matched} 条未匹配的考勤记录匹配给该人员`);
  notices.unshift(`已聘用登记,工号 ${worker.workerNo}`);
  return { workerId: worker.id, notices };
}

/** The photo's bytes on disk first: a row never points at a file that is not there. */
export function storePhoto(s: Services, input: HireInput): string | null {
  const bytes = input.photo ? Buffer.from(input.photo.base64, 'base64') : null;
  return bytes && bytes.length > 0 ? s.files.put(bytes) : null;
}

export function checkHireDates(s: Services, input: HireInput): void {
  checkDay(s, input.hiredOn, 'hiredOn', '聘用日期');
  if (input.safetyTrainingOn) checkDay(s, input.safetyTrainingOn, 'safetyTrainingOn', '安全教育日期');
}

export function hireWorker(s: Services, actor: ProjectActor, input: HireInput): HireOutcome {
  getEmployer(s, actor, input.employerId);
  checkHireDates(s, input);
  const photoSha = storePhoto(s, input);
  const at = isoNow(s.clock);
  const { workerId, notices } = s.db.transaction((tx) => writeHire(s, actor, new ChangeRecorder(tx), authorOf(actor, at), input, photoSha));
  const worker = getWorker(s, actor, workerId);
  return { worker, warnings: worker.warnings, notice: notices.join(';') };
}

export function updateWorker(s: Services, actor: ProjectActor, input: ParsedInput<'workers.update'>): WorkerDetail {
  if (input.safetyTrainingOn) checkDay(s, input.safetyTrainingOn, 'safetyTrainingOn', '安全教育日期');
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const recorder = new ChangeRecorder(tx);
    const author = authorOf(actor, at);
    const before = projectWorker(tx, actor.projectId, input.workerId);
    const change = {
      workType: input.workType, safetyTrainingOn: input.safetyTrainingOn, updatedAt: at,
      emergencyContactName: input.emergency.name, emergencyContactPhone: input.emergency.phone, emergencyContactRelation: input.emergency.relation,
    };
    tx.update(workers).set(change).where(eq(workers.id, before.id)).run();
    recorder.change(author, 'workers', before.id, 'update', { ...before, ...change }, before);
    const person = tx.select().from(persons).where(eq(persons.id, before.personId)).get()!;
    if (person.phone !== input.phone) {
      tx.update(persons).set({ phone: input.phone }).where(eq(persons.id, person.id)).run();
      recorder.change(author, 'persons', person.id, 'update', { ...person, phone: input.phone }, person);
    }
  });
  return getWorker(s, actor, input.workerId);
}

/** Who entered or decided something, by user id: the names the lists show. */
export function userNames(s: Services, ids: (string | null)[]): Map<string, string> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  return new Map(s.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted)).all().map((u) => [u.id, u.name]));
}
