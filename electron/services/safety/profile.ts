// The project's safety facts (设置 › 安全生产标准化): 建筑面积 and 结构类型 for the 汇总表 heading,
// the 专职安全员 against the minimum by floor area (建质〔2008〕91号), and the 三级安全教育 hours.
import { eq } from 'drizzle-orm';
import { safetyProfiles } from '../../../db/schema';
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
  return {
    floorArea,
    structureType: row?.structureType ?? '',
    safetyOfficers: officers,
    trainingHours: row?.trainingHours ?? ruleLibrary().only('safety.training').data.hours,
    defaultHours: !row?.trainingHours,
    requiredOfficers: requiredSafetyOfficers(floorArea),
    staffingWarning: row ? staffingWarning(floorArea, officers.length) : null,
    saved: !!row,
  };
}

export function saveProfile(s: Services, actor: ProjectActor, input: ParsedInput<'safety.saveProfile'>): SafetyProfile {
  s.db.transaction((tx) => {
    const ctx = writeContext(s, tx, actor);
    const before = profileRow(tx, actor.projectId);
    const row = { projectId: actor.projectId, ...input, updatedAt: ctx.author.at, updatedBy: actor.userId };
    tx.insert(safetyProfiles).values(row).onConflictDoUpdate({ target: safetyProfiles.projectId, set: row }).run();
    ctx.recorder.change(ctx.author, 'safety_profiles', actor.projectId, before ? 'update' : 'insert', row, before);
  });
  return getProfile(s, actor);
}
