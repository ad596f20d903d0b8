// 进场登记 / 退场登记: who may enter (pre-registered here, 可进场, past the isolation period of
// where they came from, not on site elsewhere), the roster, and exits.
import { and, count, desc, eq, isNotNull, isNull, max, sql, type SQL } from 'drizzle-orm';
import { entries, employers, persons, projects } from '../../db/schema';
import { ApiError } from '../common/errors';
import { maskIdNumber } from '../common/idnumber';
import { DEFAULT_ISOLATION_DAYS, stateLabels, workTypes } from '../common/codes';
import { addDays, isRealDate, siteDate } from '../common/site-time';
import type { EntryEligibility, ParsedInput, RosterRow, Settings } from '../common/contract';
import { isoNow, type ProjectActor, type Services } from './context';
import { getEmployer } from './employers';
import { newId } from './ids';
import { authorOf, recordChange } from './outbox';
import { openEntryOf, personBrief, projectPerson, type PersonRecord } from './people';
import { personSearch } from './pre-registration';
import { getSettings } from './settings';
import { latestDisposition } from './dispositions';
import { epidemicHidden } from './labour/settings';

/**
 * When the isolation period starts: the 健康云 出行时间 when it is a date (from the 健康云 record,
 * whose import is in the audit trail), else the day the person's record was made here, by this
 * PC's clock. Not the 预登记日期: that is typed (a roster import may carry any past date), and a
 * back-dated one would let a person in before the period ends (docs/security.md).
 */
export function arrivalDate(p: PersonRecord): string {
  const travel = p.healthCloud?.travelTime?.slice(0, 10) ?? '';
  return isRealDate(travel) ? travel : siteDate(new Date(p.createdAt));
}

/** The isolation period for where the person came from: a city's rule wins over its province's. */
export function isolationRule(rules: Settings['isolationRules'], p: PersonRecord): Settings['isolationRules'][number] | undefined {
  return rules.find((r) => r.code === p.originCityCode) ?? rules.find((r) => r.code === p.originProvinceCode);
}

/**
 * How long a 需隔离 disposition lasts for this person: the period of the rule for where they came
 * from, or the default period where no rule (or a rule of 0 days) applies.
 */
export function isolationDays(rules: Settings['isolationRules'], p: PersonRecord): number {
  const days = isolationRule(rules, p)?.days ?? 0;
  return days > 0 ? days : DEFAULT_ISOLATION_DAYS;
}

/** 可进场日期 when a period applies. */
export function availableFrom(rules: Settings['isolationRules'], p: PersonRecord): string | null {
  const rule = isolationRule(rules, p);
  return rule && rule.days > 0 ? addDays(arrivalDate(p), rule.days) : null;
}

export function eligibility(s: Services, p: PersonRecord, enteredOn: string): EntryEligibility {
  // A project that hides 工地疫情防控管理 no longer holds anyone back by 处置方式 or isolation period.
  const epidemicRules = !epidemicHidden(s, p.projectId);
  const from = epidemicRules ? availableFrom(getSettings(s).isolationRules, p) : null;
  const refuse = (reason: string): EntryEligibility => ({ allowed: false, reason, availableFrom: from });
  if (epidemicRules && p.state !== 'clear') {
    const latest = latestDisposition(s, p.id);
    const detail = latest?.startedAt ? `(${latest.method ?? ''} ${latest.startedAt.slice(0, 10)} 起)` : '';
    return refuse(`${p.name} 的处置状态为“${stateLabels[p.state]}”${detail},不能进场;解除后请在“处置方式”中设为“未发现异常情况 同意进场”`);
  }
  if (from && enteredOn < from) {
    const rule = isolationRule(getSettings(s).isolationRules, p)!;
    return refuse(`${p.name} 从${rule.name}出发(${arrivalDate(p)} 到达),须满 ${rule.days} 天隔离期,可进场日期为 ${from}`);
  }
  // One project at a time also in the past: an entry may not start before the last exit.
  const lastExit = s.db.select({ on: max(entries.exitedOn) }).from(entries).where(eq(entries.idNumber, p.idNumber)).get()?.on;
  if (lastExit && enteredOn < lastExit) {
    return refuse(`${p.name} 已于 ${lastExit} 退场,进场日期不能早于上次退场日期`);
  }
  const open = openEntryOf(s, p.idNumber);
  if (open) {
    if (open.projectId === p.projectId) return refuse(`${p.name} 已在场(${open.enteredOn} 进场),不能重复进场`);
    const other = s.db.select({ name: projects.name }).from(projects).where(eq(projects.id, open.projectId)).get();
    return refuse(`${p.name} 仍在项目“${other?.name ?? '其他项目'}”在场(${open.enteredOn} 进场),须先在该项目办理退场`);
  }
  return { allowed: true, reason: '', availableFrom: from };
}

function checkDate(s: Services, date: string, path: string, label: string): void {
  if (!isRealDate(date)) throw new ApiError('VALIDATION', `${label}无效`, [{ path, message: `${label}无效` }]);
  if (date > siteDate(s.clock.now())) throw new ApiError('VALIDATION', `${label}不能晚于今天`, [{ path, message: `${label}不能晚于今天` }]);
}

export function checkEntry(s: Services, actor: ProjectActor, input: ParsedInput<'entries.check'>) {
  const enteredOn = input.enteredOn ?? siteDate(s.clock.now());
  const person = s.db.select().from(persons).where(and(eq(persons.projectId, actor.projectId), eq(persons.idNumber, input.idNumber))).get();
  if (!person) {
    const reason = epidemicHidden(s, actor.projectId)
      ? `身份证号 ${maskIdNumber(input.idNumber)} 未在本项目聘用登记:须先在“${input.category === 'worker' ? '进退场用工管理' : '现场管理人员实名制'}”中办理聘用登记,才能进行进场登记`
      : `身份证号 ${maskIdNumber(input.idNumber)} 未在本项目进场预登记:须先完成进场预登记,才能进行进场登记`;
    return { person: null, eligibility: { allowed: false, reason, availableFrom: null } };
  }
  if (person.category !== input.category) {
    const where = person.category === 'worker' ? '进退场用工管理' : '现场管理人员实名制';
    return { person: personBrief(actor, person), eligibility: { allowed: false, reason: `${person.name} 预登记为${person.category === 'worker' ? '作业人员' : '现场管理人员'},请在“${where}”中办理进场`, availableFrom: null } };
  }
  return { person: personBrief(actor, person), eligibility: eligibility(s, person, enteredOn) };
}

type RosterJoin = { e: typeof entries.$inferSelect | null; p: PersonRecord; employerName: string };

function toRosterRow(r: RosterJoin): RosterRow {
  const workType = r.e?.workType ?? '';
  return {
    entryId: r.e?.id ?? null,
    personId: r.p.id,
    category: r.p.category,
    name: r.p.name,
    idNumberMasked: maskIdNumber(r.p.idNumber),
    phone: r.p.phone,
    employerName: r.employerName,
    workType,
    workTypeName: workTypes[workType] ?? '',
    team: r.e?.team ?? '',
    enteredOn: r.e?.enteredOn ?? null,
    exitedOn: r.e?.exitedOn ?? null,
    state: r.p.state,
    status: !r.e ? 'notEntered' : r.e.exitedOn ? 'exited' : 'onSite',
  };
}

function rosterRow(s: Services, entryId: string): RosterRow {
  const row = s.db.select({ e: entries, p: persons, employerName: employers.name }).from(entries)
    .innerJoin(persons, eq(persons.id, entries.personId))
    .innerJoin(employers, eq(employers.id, entries.employerId))
    .where(eq(entries.id, entryId)).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该进场记录');
  return toRosterRow(row);
}

export function enter(s: Services, actor: ProjectActor, input: ParsedInput<'entries.enter'>): RosterRow {
  const person = projectPerson(s, actor, input.personId);
  checkDate(s, input.enteredOn, 'enteredOn', '进场日期');
  const employer = getEmployer(s, actor, input.employerId);
  const at = isoNow(s.clock);
  const row = {
    id: newId(),
    projectId: actor.projectId,
    personId: person.id,
    idNumber: person.idNumber,
    employerId: employer.id,
    workType: input.workType,
    team: input.team,
    enteredOn: input.enteredOn,
    exitedOn: null,
    createdAt: at,
    createdBy: actor.userId,
    exitedAt: null,
    exitedBy: null,
  };
  s.db.transaction((tx) => {
    // Decided inside the transaction, so that two offices on one database cannot both let one person in.
    const verdict = eligibility(s, person, input.enteredOn);
    if (!verdict.allowed) throw new ApiError('CONFLICT', verdict.reason);
    tx.insert(entries).values(row).run();
    recordChange(tx, authorOf(actor, at), 'entries', row.id, 'insert', row);
  });
  return rosterRow(s, row.id);
}

/** 退场登记; the labour register gives a reason (退场原因), the epidemic-era roster none. */
export function exit(s: Services, actor: ProjectActor, input: ParsedInput<'entries.exit'>, reason: string | null = null): RosterRow {
  checkDate(s, input.exitedOn, 'exitedOn', '退场日期');
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const entry = tx.select().from(entries).where(and(eq(entries.id, input.entryId), eq(entries.projectId, actor.projectId))).get();
    if (!entry) throw new ApiError('NOT_FOUND', '未找到该进场记录');
    if (entry.exitedOn) throw new ApiError('CONFLICT', `该人员已于 ${entry.exitedOn} 退场`);
    if (input.exitedOn < entry.enteredOn) {
      throw new ApiError('VALIDATION', `退场日期 ${input.exitedOn} 不能早于进场日期 ${entry.enteredOn}`, [{ path: 'exitedOn', message: '退场日期不能早于进场日期' }]);
    }
    const change = { exitedOn: input.exitedOn, exitedAt: at, exitedBy: actor.userId, exitReason: reason };
    tx.update(entries).set(change).where(eq(entries.id, entry.id)).run();
    recordChange(tx, authorOf(actor, at), 'entries', entry.id, 'update', { ...entry, ...change }, entry);
  });
  return rosterRow(s, input.entryId);
}

export function roster(s: Services, actor: ProjectActor, input: ParsedInput<'entries.roster'>): { rows: RosterRow[]; total: number } {
  const status: SQL | undefined = input.status === 'onSite' ? isNull(entries.exitedOn) : input.status === 'exited' ? isNotNull(entries.exitedOn) : undefined;
  const where = and(eq(entries.projectId, actor.projectId), eq(persons.category, input.category), status, personSearch(input.search));
  const total = s.db.select({ n: count() }).from(entries).innerJoin(persons, eq(persons.id, entries.personId)).where(where).get()?.n ?? 0;
  const rows = s.db.select({ e: entries, p: persons, employerName: employers.name }).from(entries)
    .innerJoin(persons, eq(persons.id, entries.personId))
    .innerJoin(employers, eq(employers.id, entries.employerId))
    .where(where)
    .orderBy(sql`${entries.exitedOn} is not null`, desc(entries.enteredOn), desc(entries.createdAt))
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: rows.map(toRosterRow), total };
}

