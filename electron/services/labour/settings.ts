// A project's labour settings, kept in the settings table under the project's key: whether the
// seed's 工地疫情防控管理 is shown (a site that hides it no longer asks for pre-registration before
// 聘用登记 and 进场登记), and whether a 班前签到 alone counts a day as 出勤.
import { eq } from 'drizzle-orm';
import { settings } from '../../../db/schema';
import type { Db } from '../../../db/open';
import type { Services } from '../context';

export interface LabourSettings {
  /** 工地疫情防控管理 hidden: its menu goes, and entry no longer needs 进场预登记 or 可进场. */
  epidemicHidden: boolean;
  /** A day with a 班前签到 counts as 出勤 even without a gate's in and out. */
  signInCountsAsAttendance: boolean;
}

export const defaultLabourSettings: LabourSettings = { epidemicHidden: false, signInCountsAsAttendance: true };

const keyOf = (projectId: string) => `labour:${projectId}`;

export function labourSettings(s: { db: Db }, projectId: string): LabourSettings {
  const row = s.db.select().from(settings).where(eq(settings.key, keyOf(projectId))).get();
  return row ? { ...defaultLabourSettings, ...(JSON.parse(row.value) as Partial<LabourSettings>) } : { ...defaultLabourSettings };
}

export function saveLabourSettings(s: Services, projectId: string, input: Partial<LabourSettings>): LabourSettings {
  const value = JSON.stringify({ ...labourSettings(s, projectId), ...input });
  s.db.insert(settings).values({ key: keyOf(projectId), value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
  return labourSettings(s, projectId);
}

export function epidemicHidden(s: { db: Db }, projectId: string): boolean {
  return labourSettings(s, projectId).epidemicHidden;
}
