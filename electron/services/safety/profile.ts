// The project's safety facts (设置 › 安全生产标准化): 建筑面积 and 结构类型 for the 汇总表 heading,
// the 专职安全员 against the minimum by floor area (建质〔2008〕91号), and the 三级安全教育 hours.
//
// The labour register does not record a manager's position (岗位), so the profile names the
// 专职安全员; one linked to a person of 现场管理人员实名制 counts only while that person is on site
// (进场登记 open today), one typed by name alone counts as listed.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { entries, persons, safetyProfiles } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import type { Db } from '../../../db/open';
import type { TrainingHours } from '../../common/rules/safety';
import type { ParsedInput } from '../../common/contract';
import type { SafetyProfile } from '../../common/contract-safety';
import { ruleLibrary } from '../rules/library';
import type { ProjectActor, Services } from '../context';
import { writeContext } from '../write-context';

/** The minimum number of 专职安全员 for a floor area (m²). */
export function requiredSafetyOfficers(floorArea: number): number {
  const bands = ruleLibrary().only('safety.staffing').data.byFloorArea;
  return bands.find((b) => b.below === null || floorArea < b.below)!.minimum;
}

export function staffingWarning(floorArea: number, officers: number): string | null {
  const required = requiredSafetyOfficers(floorArea);
  if (officers >= required) return null;
  return `建筑面积 ${floorArea.toLocaleString('en-US')} m² 应配备专职安全员不少于 ${required} 人(建质〔2008〕91号),现有 ${officers} 人`;
}

type Officer = { name: string; personId: string | null; certificateNo: string };

/** Who of the listed 专职安全员 counts today, and why the others do not. */
export function countOfficers(db: Db, projectId: string, officers: Officer[]): { counted: number; notes: string[] } {
  const linked = officers.map((o) => o.personId).filter((id): id is string => id !== null);
  const onSite = new Set(linked.length === 0 ? [] : db.select({ personId: entries.personId }).from(entries)
    .where(and(eq(entries.projectId, projectId), inArray(entries.personId, linked), isNull(entries.exitedOn))).all().map((r) => r.personId));
  const notes = officers.filter((o) => o.personId !== null && !onSite.has(o.personId)).map((o) => `专职安全员 ${o.name} 不在场(现场管理人员实名制中未进场或已退场),不计入`);
  return { counted: officers.filter((o) => o.personId === null || onSite.has(o.personId)).length, notes };
}

/** The listed officers, each linked one checked to be a 现场管理人员 of the project and named as the register names them. */
function checkedOfficers(db: Db, projectId: string, officers: Officer[]): Officer[] {
  const linked = officers.map((o) => o.personId).filter((id): id is string => id !== null);
  if (new Set(linked).size !== linked.length) throw new ApiError('VALIDATION', '专职安全员重复', [{ path: 'safetyOfficers', message: '同一人只能列一次' }]);
  const people = new Map(linked.length === 0 ? [] : db.select().from(persons).where(and(eq(persons.projectId, projectId), inArray(persons.id, linked))).all().map((p) => [p.id, p]));
  return officers.map((o, i) => {
    if (o.personId === null) return o;
    const p = people.get(o.personId);
    if (!p) throw new ApiError('NOT_FOUND', '未找到该专职安全员:请从本项目的现场管理人员中选择', [{ path: `safetyOfficers.${i}.personId`, message: '请从现场管理人员中选择' }]);
    if (p.category !== 'manager') throw new ApiError('VALIDATION', `${p.name} 是作业人员:专职安全员应为现场管理人员`, [{ path: `safetyOfficers.${i}.personId`, message: '应为现场管理人员' }]);
    return { ...o, name: p.name };
  });
}

export function trainingHoursOf(db: Db, projectId: string): TrainingHours {
  const row = db.select({ hours: safetyProfiles.trainingHours }).from(safetyProfiles).where(eq(safetyProfiles.projectId, projectId)).get();
  return row?.hours ?? ruleLibrary().only('safety.training').data.hours;
}

export function profileRow(db: Db, projectId: string) {
  return db.select().from(safetyProfiles).where(eq(safetyProfiles.projectId, projectId)).get();
}

export function getProfile(s: Services, actor: ProjectActor): SafetyProfile {
  const row = profileRow(s.db, actor.projectId);
  const floorArea = row?.floorArea ?? 0;
  const officers = row?.safetyOfficers ?? [];
  const { counted, notes } = countOfficers(s.db, actor.projectId, officers);
  return {
    floorArea,
    structureType: row?.structureType ?? '',
    safetyOfficers: officers,
    trainingHours: row?.trainingHours ?? ruleLibrary().only('safety.training').data.hours,
    defaultHours: !row?.trainingHours,
    requiredOfficers: requiredSafetyOfficers(floorArea),
    countedOfficers: counted,
    officerNotes: notes,
    staffingWarning: row ? staffingWarning(floorArea, counted) : null,
    saved: !!row,
  };
}

export function saveProfile(s: Services, actor: ProjectActor, input: ParsedInput<'safety.saveProfile'>): SafetyProfile {
  s.db.transaction((tx) => {
    const ctx = writeContext(s, tx, actor);
    const before = profileRow(tx, actor.projectId);
    const row = { projectId: actor.projectId, ...input, safetyOfficers: checkedOfficers(tx, actor.projectId, input.safetyOfficers), updatedAt: ctx.author.at, updatedBy: actor.userId };
    tx.insert(safetyProfiles).values(row).onConflictDoUpdate({ target: safetyProfiles.projectId, set: row }).run();
    ctx.recorder.change(ctx.author, 'safety_profiles', actor.projectId, before ? 'update' : 'insert', row, before);
  });
  return getProfile(s, actor);
}
