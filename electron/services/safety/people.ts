// The safety records of the project's people (persons.id): 特种作业 certificates with their scans,
// 三级安全教育 per level, 安全技术交底 with who was briefed, and one person's picture of all three.
import { and, asc, count, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { attachments, employers, persons, safetyBriefings, safetyTrainings, workerCertificates } from '../../../db/schema';
import { workTypes } from '../../common/codes';
import { ApiError } from '../../common/errors';
import { maskIdNumber } from '../../common/idnumber';
import { siteDate } from '../../common/site-time';
import { certificateSystemLabels, trainingLevelLabels, trainingReasonLabels } from '../../common/safety/labels';
import { trainingLevels } from '../../common/rules/safety';
import type { ParsedInput } from '../../common/contract';
import type { Briefing, CertificateRow, TrainingRow } from '../../common/contract-safety';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { projectPerson } from '../people';
import { ruleLibrary } from '../rules/library';
import { attachFiles, storeFiles } from '../rectification/loop';
import { inTransaction } from '../write-context';
import { certificateStatus, currentWorkTypes, workerWarnings } from './warnings';
import { trainingHoursOf } from './profile';
import { teamMembersOn, teamNames, teamsOfPersonsOn } from './teams';
import { projectTeam } from '../labour/records';

type Certificate = typeof workerCertificates.$inferSelect;
type Training = typeof safetyTrainings.$inferSelect;

function today(s: Services): string {
  return siteDate(s.clock.now());
}

function scansOf(s: Services, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; fileName: string; mime: string; size: number; sha256: string; createdAt: string }[]>();
  const rows = s.db.select().from(attachments).where(and(eq(attachments.purpose, 'certificate'), inArray(attachments.ownerId, ids), isNull(attachments.deletedAt))).all();
  const map = new Map<string, { id: string; fileName: string; mime: string; size: number; sha256: string; createdAt: string }[]>();
  for (const r of rows) map.set(r.ownerId, [...(map.get(r.ownerId) ?? []), { id: r.id, fileName: r.fileName, mime: r.mime, size: r.size, sha256: r.sha256, createdAt: r.createdAt }]);
  return map;
}

function certificateRows(s: Services, projectId: string, certs: Certificate[]): CertificateRow[] {
  const personIds = [...new Set(certs.map((c) => c.personId))];
  const people = new Map(personIds.length === 0 ? [] : s.db.select({ p: persons, employerName: employers.name }).from(persons).innerJoin(employers, eq(employers.id, persons.employerId))
    .where(and(eq(persons.projectId, projectId), inArray(persons.id, personIds))).all().map((r) => [r.p.id, r]));
  const date = today(s);
  const trades = currentWorkTypes(s.db, personIds, date);
  const scans = scansOf(s, certs.map((c) => c.id));
  return certs.map((c) => {
    const person = people.get(c.personId);
    const st = certificateStatus(c, date);
    const workType = trades.get(c.personId) ?? '';
    return {
      id: c.id, personId: c.personId, personName: person?.p.name ?? '', idNumberMasked: person ? maskIdNumber(person.p.idNumber) : '', employerName: person?.employerName ?? '',
      workType, workTypeName: workTypes[workType] ?? '', system: c.system, systemLabel: certificateSystemLabels[c.system], category: c.category, number: c.number,
      issuer: c.issuer, issuedOn: c.issuedOn, expiresOn: c.expiresOn, nextReviewOn: c.nextReviewOn, status: st.status, statusLabel: st.label, daysLeft: st.daysLeft,
      scans: scans.get(c.id) ?? [],
    };
  });
}

/** 特种作业人员台账: every certificate of the project, soonest to expire first. */
export function listCertificates(s: Services, actor: ProjectActor, input: { search: string; status: 'all' | 'valid' | 'expiring' | 'expired'; page: number; pageSize: number }): { rows: CertificateRow[]; total: number } {
  const needle = input.search;
  const certs = s.db.select({ c: workerCertificates }).from(workerCertificates).innerJoin(persons, eq(persons.id, workerCertificates.personId))
    .where(and(eq(workerCertificates.projectId, actor.projectId), isNull(workerCertificates.revokedAt), needle
      ? or(sql`instr(${persons.name}, ${needle}) > 0`, sql`instr(${persons.idNumber}, ${needle}) > 0`, sql`instr(${workerCertificates.number}, ${needle}) > 0`, sql`instr(${workerCertificates.category}, ${needle}) > 0`)
      : undefined))
    .orderBy(asc(workerCertificates.expiresOn), asc(workerCertificates.id)).all().map((r) => r.c);
  const date = today(s);
  const wanted = certs.filter((c) => {
    const st = certificateStatus(c, date).status;
    return input.status === 'all' || (input.status === 'expired' ? st === 'expired' || st === 'review_due' : st === input.status);
  });
  const page = wanted.slice((input.page - 1) * input.pageSize, input.page * input.pageSize);
  return { rows: certificateRows(s, actor.projectId, page), total: wanted.length };
}

export function addCertificate(s: Services, actor: ProjectActor, input: ParsedInput<'safety.addCertificate'>): CertificateRow {
  const person = projectPerson(s, actor, input.personId);
  const system = ruleLibrary().only('safety.special-work').data.systems.find((x) => x.code === input.system)!;
  if (input.expiresOn <= input.issuedOn) throw new ApiError('VALIDATION', '有效期至应晚于发证日期', [{ path: 'expiresOn', message: '应晚于发证日期' }]);
  if (input.issuedOn > today(s)) throw new ApiError('VALIDATION', '发证日期不能晚于今天', [{ path: 'issuedOn', message: '不能晚于今天' }]);
  if (input.nextReviewOn && !system.reviewEveryYears) throw new ApiError('VALIDATION', `${system.name}没有复审日期`, [{ path: 'nextReviewOn', message: '该证书没有复审' }]);
  const stored = input.scan ? storeFiles(s, [input.scan], ['image/jpeg', 'image/png', 'application/pdf'], '证书扫描件') : [];
  const row = inTransaction(s, actor, (ctx) => {
    const same = ctx.db.select({ id: workerCertificates.id }).from(workerCertificates).where(and(
      eq(workerCertificates.personId, person.id), eq(workerCertificates.system, input.system), eq(workerCertificates.number, input.number), isNull(workerCertificates.revokedAt),
    )).get();
    if (same) throw new ApiError('CONFLICT', `${person.name} 已登记证书 ${input.number}`);
    const c: Certificate = {
      id: newId(), projectId: actor.projectId, personId: person.id, system: input.system, category: input.category, number: input.number, issuer: input.issuer,
      issuedOn: input.issuedOn, expiresOn: input.expiresOn, nextReviewOn: input.nextReviewOn, createdAt: ctx.author.at, createdBy: actor.userId, revokedAt: null, revokedReason: null,
    };
    ctx.db.insert(workerCertificates).values(c).run();
    ctx.recorder.change(ctx.author, 'worker_certificates', c.id, 'insert', c);
    attachFiles(ctx, 'certificate', c.id, stored);
    return c;
  });
  return certificateRows(s, actor.projectId, [row])[0]!;
}

export function revokeCertificate(s: Services, actor: ProjectActor, input: ParsedInput<'safety.revokeCertificate'>): CertificateRow {
  const row = inTransaction(s, actor, (ctx) => {
    const c = ctx.db.select().from(workerCertificates).where(and(eq(workerCertificates.id, input.id), eq(workerCertificates.projectId, actor.projectId))).get();
    if (!c) throw new ApiError('NOT_FOUND', '未找到该证书');
    if (c.revokedAt) throw new ApiError('CONFLICT', '该证书已作废');
    const after = { ...c, revokedAt: ctx.author.at, revokedReason: input.reason };
    ctx.db.update(workerCertificates).set({ revokedAt: after.revokedAt, revokedReason: after.revokedReason }).where(eq(workerCertificates.id, c.id)).run();
    ctx.recorder.change(ctx.author, 'worker_certificates', c.id, 'update', after, c);
    return after;
  });
  return certificateRows(s, actor.projectId, [row])[0]!;
}

function trainingRow(t: Training, teams: Map<string, string>): TrainingRow {
  return {
    id: t.id, level: t.level, levelLabel: trainingLevelLabels[t.level], reason: t.reason, reasonLabel: trainingReasonLabels[t.reason], workType: t.workType,
    workTypeName: workTypes[t.workType] ?? '', teamId: t.teamId, teamName: t.teamId ? teams.get(t.teamId) ?? '' : '',
    trainedOn: t.trainedOn, hours: t.hours, trainer: t.trainer, content: t.content, score: t.score, passed: t.passed,
  };
}

export function trainingsOf(s: Services, projectId: string, personId: string): TrainingRow[] {
  const rows = s.db.select().from(safetyTrainings).where(and(eq(safetyTrainings.projectId, projectId), eq(safetyTrainings.personId, personId)))
    .orderBy(asc(safetyTrainings.trainedOn), asc(safetyTrainings.createdAt)).all();
  const teams = teamNames(s.db, rows.map((t) => t.teamId));
  return rows.map((t) => trainingRow(t, teams));
}

/**
 * The 班组 a training is recorded with: the one given (it must be the project's), else, for a
 * 班组级 training, the team the worker was dispatched to that day.
 */
function trainingTeam(s: Services, actor: ProjectActor, input: ParsedInput<'safety.addTraining'>, personId: string): string | null {
  if (input.teamId) return projectTeam(s.db, actor.projectId, input.teamId).id;
  return input.level === 'team' ? teamsOfPersonsOn(s.db, [personId], input.trainedOn).get(personId)?.id ?? null : null;
}

export function addTraining(s: Services, actor: ProjectActor, input: ParsedInput<'safety.addTraining'>): TrainingRow[] {
  const person = projectPerson(s, actor, input.personId);
  if (input.trainedOn > today(s)) throw new ApiError('VALIDATION', '教育日期不能晚于今天', [{ path: 'trainedOn', message: '不能晚于今天' }]);
  const teamId = trainingTeam(s, actor, input, person.id);
  inTransaction(s, actor, (ctx) => {
    const t: Training = { ...input, teamId, id: newId(), projectId: actor.projectId, personId: person.id, createdAt: ctx.author.at, createdBy: actor.userId };
    ctx.db.insert(safetyTrainings).values(t).run();
    ctx.recorder.change(ctx.author, 'safety_trainings', t.id, 'insert', t);
  });
  return trainingsOf(s, actor.projectId, person.id);
}

/** The 三级安全教育 register: every 作业人员 with the date each level was passed. */
export function trainingRegister(s: Services, actor: ProjectActor, input: ParsedInput<'safety.trainingRegister'>) {
  const needle = input.search;
  const workers = s.db.select({ p: persons, employerName: employers.name }).from(persons).innerJoin(employers, eq(employers.id, persons.employerId))
    .where(and(eq(persons.projectId, actor.projectId), eq(persons.category, 'worker'), needle ? or(sql`instr(${persons.name}, ${needle}) > 0`, sql`instr(${persons.idNumber}, ${needle}) > 0`) : undefined))
    .orderBy(desc(persons.createdAt), desc(persons.id)).all();
  const ids = workers.map((w) => w.p.id);
  const trainings = ids.length === 0 ? [] : s.db.select().from(safetyTrainings).where(and(eq(safetyTrainings.projectId, actor.projectId), inArray(safetyTrainings.personId, ids))).all();
  const warnings = workerWarnings(s.db, actor.projectId, ids, { date: today(s) });
  const trades = currentWorkTypes(s.db, ids, today(s));
  const teamOf = teamsOfPersonsOn(s.db, ids, today(s));
  const rows = workers.map(({ p, employerName }) => {
    const mine = trainings.filter((t) => t.personId === p.id && t.passed);
    const passedOn = (level: (typeof trainingLevels)[number]) => mine.filter((t) => t.level === level).map((t) => t.trainedOn).sort().pop() ?? null;
    const own = (warnings.get(p.id) ?? []).filter((w) => w.code.startsWith('training'));
    return {
      personId: p.id, name: p.name, idNumberMasked: maskIdNumber(p.idNumber), employerName, workTypeName: workTypes[trades.get(p.id) ?? ''] ?? '', teamName: teamOf.get(p.id)?.name ?? '',
      levels: { company: passedOn('company'), project: passedOn('project'), team: passedOn('team') },
      complete: !own.some((w) => w.code === 'training_missing' || w.code === 'training_failed'), warnings: own,
    };
  }).filter((r) => input.status === 'all' || !r.complete);
  return { rows: rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize), total: rows.length, hours: trainingHoursOf(s.db, actor.projectId) };
}

export function personSafety(s: Services, actor: ProjectActor, personId: string) {
  const p = projectPerson(s, actor, personId);
  const certs = s.db.select().from(workerCertificates).where(and(eq(workerCertificates.projectId, actor.projectId), eq(workerCertificates.personId, p.id)))
    .orderBy(desc(workerCertificates.expiresOn)).all();
  const workType = currentWorkTypes(s.db, [p.id], today(s)).get(p.id) ?? '';
  return {
    personId: p.id, name: p.name, idNumberMasked: maskIdNumber(p.idNumber), workType, workTypeName: workTypes[workType] ?? '',
    certificates: certificateRows(s, actor.projectId, certs), trainings: trainingsOf(s, actor.projectId, p.id),
    warnings: workerWarnings(s.db, actor.projectId, [p.id], { date: today(s) }).get(p.id) ?? [],
  };
}

export function warningsFor(s: Services, actor: ProjectActor, input: ParsedInput<'safety.warnings'>) {
  const known = new Set(s.db.select({ id: persons.id }).from(persons).where(and(eq(persons.projectId, actor.projectId), inArray(persons.id, input.personIds))).all().map((r) => r.id));
  const missing = input.personIds.find((id) => !known.has(id));
  if (missing) throw new ApiError('NOT_FOUND', '未找到该人员:该人员未在本项目进场预登记');
  const map = workerWarnings(s.db, actor.projectId, input.personIds, { date: input.date ?? today(s), workType: input.workType });
  return [...map.entries()].map(([personId, warnings]) => ({ personId, warnings }));
}

// ---- 安全技术交底

function briefingOf(b: typeof safetyBriefings.$inferSelect): Briefing {
  return { id: b.id, briefedOn: b.briefedOn, subject: b.subject, content: b.content, briefer: b.briefer, teamId: b.teamId, team: b.team, dangerous: b.dangerous, safetyOfficer: b.safetyOfficer, attendees: b.attendees };
}

export function listBriefings(s: Services, actor: ProjectActor, input: ParsedInput<'safety.briefings'>): { rows: Briefing[]; total: number } {
  const where = and(eq(safetyBriefings.projectId, actor.projectId), input.search
    ? or(sql`instr(${safetyBriefings.subject}, ${input.search}) > 0`, sql`instr(${safetyBriefings.team}, ${input.search}) > 0`, sql`instr(${safetyBriefings.briefer}, ${input.search}) > 0`) : undefined);
  const total = s.db.select({ n: count() }).from(safetyBriefings).where(where).get()?.n ?? 0;
  const rows = s.db.select().from(safetyBriefings).where(where).orderBy(desc(safetyBriefings.briefedOn), desc(safetyBriefings.createdAt))
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: rows.map(briefingOf), total };
}

export function briefing(s: Services, actor: ProjectActor, id: string): Briefing {
  const b = s.db.select().from(safetyBriefings).where(and(eq(safetyBriefings.id, id), eq(safetyBriefings.projectId, actor.projectId))).get();
  if (!b) throw new ApiError('NOT_FOUND', '未找到该安全技术交底记录');
  return briefingOf(b);
}

export function addBriefing(s: Services, actor: ProjectActor, input: ParsedInput<'safety.addBriefing'>): Briefing {
  if (input.briefedOn > today(s)) throw new ApiError('VALIDATION', '交底日期不能晚于今天', [{ path: 'briefedOn', message: '不能晚于今天' }]);
  if (input.dangerous && input.safetyOfficer === '') throw new ApiError('VALIDATION', '危大工程的安全技术交底须有专职安全员签字', [{ path: 'safetyOfficer', message: '请填写专职安全员' }]);
  const ids = input.attendees.map((a) => a.personId);
  if (new Set(ids).size !== ids.length) throw new ApiError('VALIDATION', '被交底人重复');
  const names = new Map(s.db.select({ id: persons.id, name: persons.name }).from(persons).where(and(eq(persons.projectId, actor.projectId), inArray(persons.id, ids))).all().map((p) => [p.id, p.name]));
  const unknown = ids.find((id) => !names.has(id));
  if (unknown) throw new ApiError('NOT_FOUND', '被交底人中有人未在本项目进场预登记');
  // A 班组 of the register: the briefed are its workers that day (each signs for the team's work).
  const team = input.teamId ? projectTeam(s.db, actor.projectId, input.teamId) : null;
  if (team) {
    const members = new Set(teamMembersOn(s.db, team.id, input.briefedOn).map((m) => m.personId));
    const outsiders = ids.filter((id) => !members.has(id)).map((id) => names.get(id)!);
    if (outsiders.length > 0) throw new ApiError('VALIDATION', `${outsiders.join('、')} 在 ${input.briefedOn} 不是班组“${team.name}”的人员:被交底人应为该班组当日的作业人员`, [{ path: 'attendees', message: '被交底人不属于该班组' }]);
  } else if (input.team === '') {
    throw new ApiError('VALIDATION', '请选择班组', [{ path: 'teamId', message: '请选择班组' }]);
  }
  const row = inTransaction(s, actor, (ctx) => {
    const b = {
      id: newId(), projectId: actor.projectId, briefedOn: input.briefedOn, subject: input.subject, content: input.content, briefer: input.briefer, teamId: team?.id ?? null, team: team?.name ?? input.team,
      dangerous: input.dangerous, safetyOfficer: input.safetyOfficer,
      attendees: input.attendees.map((a) => ({ personId: a.personId, name: names.get(a.personId)!, signed: a.signed })), createdAt: ctx.author.at, createdBy: actor.userId,
    };
    ctx.db.insert(safetyBriefings).values(b).run();
    ctx.recorder.change(ctx.author, 'safety_briefings', b.id, 'insert', b);
    return b;
  });
  return briefingOf(row);
}
