// 进场预登记 and 携带家属: who is expected on a project, where they come from, their 健康云
// record, and the family they bring.
import { and, count, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import { employers, familyMembers, persons, users } from '../../db/schema';
import { ApiError } from '../common/errors';
import { maskIdNumber, parseIdNumber, mobilePhoneError } from '../common/idnumber';
import { siteDate } from '../common/time';
import type { FamilyDetail, FamilyRow, ParsedInput, PersonDetail, PersonRow } from '../common/contract';
import type { HealthCloudSnapshot } from '../../db/schema';
import { isoNow, type Actor, type ProjectActor, type Services } from './context';
import { resolveOrigin } from './areas';
import { getEmployer } from './employers';
import { findLocalRecord, snapshotOf } from './health-cloud';
import { newId } from './ids';
import { authorOf, recordChange } from './outbox';

/** Who may see a full 身份证号 on a person's page; everyone else sees it masked. */
export function maySeeFullIdNumber(actor: Actor): boolean {
  return actor.role === 'manager' || actor.role === 'operator';
}

/**
 * Who may take full 身份证号 away in bulk (the import-format export, to move a roster to another
 * PC): the 项目负责人 only. An operator sees one person's number on that person's page, which the
 * work at the desk needs; a file of every number it does not.
 */
export function mayExportFullIdNumbers(actor: Actor): boolean {
  return actor.role === 'manager';
}

export function pinyinKeys(name: string): { initials: string; full: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'removed' });
  return { initials: syllables.map((p) => p[0] ?? '').join('').toLowerCase(), full: syllables.join('').toLowerCase() };
}

/** Name fragment, ID number fragment, or pinyin initials / full pinyin. */
export function personSearch(search: string): SQL | undefined {
  if (!search) return undefined;
  const escaped = search.replace(/[\\%_]/g, (c) => `\\${c}`);
  const contains = `%${escaped}%`;
  if (/^\d{1,17}[\dXx]?$/.test(search)) return sql`${persons.idNumber} like ${contains.toUpperCase()} escape '\\'`;
  if (/^[A-Za-z]+$/.test(search)) {
    const lower = escaped.toLowerCase();
    return or(sql`${persons.pinyinInitials} like ${`${lower}%`} escape '\\'`, sql`${persons.pinyinFull} like ${`${lower}%`} escape '\\'`);
  }
  return sql`${persons.name} like ${contains} escape '\\'`;
}

const familyCount = sql<number>`(select count(*) from ${familyMembers} where ${familyMembers.personId} = ${persons.id})`.mapWith(Number);

function toRow(p: typeof persons.$inferSelect, employerName: string, families: number): PersonRow {
  return {
    id: p.id,
    category: p.category,
    employerName,
    name: p.name,
    idNumberMasked: maskIdNumber(p.idNumber),
    phone: p.phone,
    preRegisteredOn: p.preRegisteredOn,
    familyCount: families,
  };
}

export function listPersons(s: Services, actor: ProjectActor, input: ParsedInput<'persons.list'>): { rows: PersonRow[]; total: number } {
  const where = and(eq(persons.projectId, actor.projectId), input.category ? eq(persons.category, input.category) : undefined, personSearch(input.search));
  const total = s.db.select({ n: count() }).from(persons).where(where).get()?.n ?? 0;
  // The page's ids first, walked off the (project, created, id) index without reading a row; only
  // those 20 people are then read, with their employer and family count. OFFSET skips index entries,
  // not joined rows.
  const newestFirst = [desc(persons.createdAt), desc(persons.id)];
  const page = s.db.select({ id: persons.id }).from(persons).where(where).orderBy(...newestFirst)
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize);
  const rows = s.db.select({ p: persons, employerName: employers.name, families: familyCount }).from(persons)
    .innerJoin(employers, eq(employers.id, persons.employerId))
    .where(inArray(persons.id, page)).orderBy(...newestFirst).all();
  return { rows: rows.map((r) => toRow(r.p, r.employerName, r.families)), total };
}

function findPerson(s: Services, actor: ProjectActor, id: string) {
  const row = s.db.select({ p: persons, families: familyCount, by: users.name }).from(persons)
    .innerJoin(users, eq(users.id, persons.createdBy))
    .where(and(eq(persons.id, id), eq(persons.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该预登记人员');
  return row;
}

export function getPerson(s: Services, actor: ProjectActor, id: string): PersonDetail {
  const { p, families, by } = findPerson(s, actor, id);
  const employer = getEmployer(s, actor, p.employerId);
  const full = maySeeFullIdNumber(actor);
  return {
    ...toRow(p, employer.name, families),
    idNumber: full ? p.idNumber : maskIdNumber(p.idNumber),
    idNumberFull: full,
    sex: p.sex,
    birthDate: p.birthDate,
    origin: `${p.originProvince} ${p.originCity}`,
    employer,
    healthCloud: p.healthCloud ?? null,
    createdAt: p.createdAt,
    createdBy: by,
  };
}

/** The phone to keep: the one typed, else the 健康云 record's; a mobile number either way. */
function choosePhone(typed: string, fromRecord: string): string {
  const phone = typed || fromRecord;
  if (!phone) throw new ApiError('VALIDATION', '请填写手机号(健康云未登记手机号)', [{ path: 'phone', message: '请填写手机号' }]);
  const error = mobilePhoneError(phone);
  if (error) throw new ApiError('VALIDATION', error, [{ path: 'phone', message: error }]);
  return phone;
}

/** The 健康云 record, looked up again here: the client's copy is never trusted. */
function healthCloudFor(s: Services, wanted: boolean, idNumber: string, name: string): { snapshot: HealthCloudSnapshot | null; phone: string } {
  if (!wanted) return { snapshot: null, phone: '' };
  const found = findLocalRecord(s, idNumber, name);
  if ('message' in found) throw new ApiError('VALIDATION', found.message, [{ path: 'name', message: found.message }]);
  return { snapshot: snapshotOf(found.row), phone: found.row.phone };
}

export function createPerson(s: Services, actor: ProjectActor, input: ParsedInput<'persons.create'>): PersonDetail {
  const employer = getEmployer(s, actor, input.employerId);
  const origin = resolveOrigin(input.origin.provinceCode, input.origin.cityCode);
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw new ApiError('VALIDATION', parsed.error.message);
  const cloud = healthCloudFor(s, input.useHealthCloud, input.idNumber, input.name);
  const phone = choosePhone(input.phone, cloud.phone);
  const at = isoNow(s.clock);
  const keys = pinyinKeys(input.name);
  const row = {
    id: newId(),
    projectId: actor.projectId,
    category: input.category,
    idNumber: input.idNumber,
    name: input.name,
    sex: parsed.value.sex,
    birthDate: parsed.value.birthDate,
    phone,
    ...origin,
    employerId: employer.id,
    healthCloud: cloud.snapshot,
    pinyinInitials: keys.initials,
    pinyinFull: keys.full,
    preRegisteredOn: siteDate(s.clock.now()),
    createdAt: at,
    createdBy: actor.userId,
  };
  s.db.transaction((tx) => {
    // Checked inside the transaction; the unique index is the last word.
    const existing = tx.select({ name: persons.name }).from(persons)
      .where(and(eq(persons.projectId, actor.projectId), eq(persons.idNumber, input.idNumber))).get();
    if (existing) {
      throw new ApiError('CONFLICT', `身份证号 ${maskIdNumber(input.idNumber)}(${existing.name})已在本项目预登记,不能重复登记`, [{ path: 'idNumber', message: '该人员已在本项目预登记' }]);
    }
    tx.insert(persons).values(row).run();
    recordChange(tx, authorOf(actor, at), 'persons', row.id, 'insert', row);
  });
  return getPerson(s, actor, row.id);
}

function toFamilyRow(f: typeof familyMembers.$inferSelect): FamilyRow {
  return { id: f.id, personId: f.personId, name: f.name, idNumberMasked: maskIdNumber(f.idNumber), phone: f.phone, preRegisteredOn: f.preRegisteredOn };
}

export function listFamily(s: Services, actor: ProjectActor, input: ParsedInput<'family.list'>): { person: PersonRow; rows: FamilyRow[]; total: number } {
  const person = getPerson(s, actor, input.personId);
  const where = and(eq(familyMembers.personId, person.id), eq(familyMembers.projectId, actor.projectId));
  const total = s.db.select({ n: count() }).from(familyMembers).where(where).get()?.n ?? 0;
  const rows = s.db.select().from(familyMembers).where(where).orderBy(desc(familyMembers.createdAt), desc(familyMembers.id))
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  const { idNumber: _i, idNumberFull: _f, sex: _s, birthDate: _b, origin: _o, employer: _e, healthCloud: _h, createdAt: _c, createdBy: _by, ...personRow } = person;
  return { person: personRow, rows: rows.map(toFamilyRow), total };
}

export function getFamilyMember(s: Services, actor: ProjectActor, id: string): FamilyDetail {
  const row = s.db.select({ f: familyMembers, by: users.name }).from(familyMembers)
    .innerJoin(users, eq(users.id, familyMembers.createdBy))
    .where(and(eq(familyMembers.id, id), eq(familyMembers.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该家属');
  const full = maySeeFullIdNumber(actor);
  return {
    ...toFamilyRow(row.f),
    idNumber: full ? row.f.idNumber : maskIdNumber(row.f.idNumber),
    idNumberFull: full,
    origin: `${row.f.originProvince} ${row.f.originCity}`,
    healthCloud: row.f.healthCloud ?? null,
    createdAt: row.f.createdAt,
    createdBy: row.by,
  };
}

export function createFamilyMember(s: Services, actor: ProjectActor, input: ParsedInput<'family.create'>): FamilyDetail {
  const { p: person } = findPerson(s, actor, input.personId);
  if (input.idNumber === person.idNumber) {
    throw new ApiError('VALIDATION', '携带家属不能是预登记人员本人', [{ path: 'idNumber', message: '携带家属不能是预登记人员本人' }]);
  }
  const origin = resolveOrigin(input.origin.provinceCode, input.origin.cityCode);
  const cloud = healthCloudFor(s, input.useHealthCloud, input.idNumber, input.name);
  const phone = choosePhone(input.phone, cloud.phone);
  const at = isoNow(s.clock);
  const row = {
    id: newId(),
    projectId: actor.projectId,
    personId: person.id,
    idNumber: input.idNumber,
    name: input.name,
    phone,
    ...origin,
    healthCloud: cloud.snapshot,
    preRegisteredOn: siteDate(s.clock.now()),
    createdAt: at,
    createdBy: actor.userId,
  };
  s.db.transaction((tx) => {
    const existing = tx.select({ id: familyMembers.id }).from(familyMembers)
      .where(and(eq(familyMembers.personId, person.id), eq(familyMembers.idNumber, input.idNumber))).get();
    if (existing) throw new ApiError('CONFLICT', '该家属已登记,不能重复登记', [{ path: 'idNumber', message: '该家属已登记' }]);
    tx.insert(familyMembers).values(row).run();
    recordChange(tx, authorOf(actor, at), 'family_members', row.id, 'insert', row);
  });
  return getFamilyMember(s, actor, row.id);
}
