// The last pass of a project: what the 上报 screen says on top, and when the automatic mode may
// try again after the platform did not answer (back-off doubling from a minute to half an hour).
import { eq } from 'drizzle-orm';
import { settings } from '../../../db/schema';
import type { Db } from '../../../db/open';
import type { PlatformPass } from '../../common/contract-platform';

export interface StoredPass extends PlatformPass {
  offlineStreak: number;
}

const keyOf = (projectId: string) => `platform.pass:${projectId}`;

export function storedPass(s: { db: Db }, projectId: string): StoredPass | null {
  const row = s.db.select().from(settings).where(eq(settings.key, keyOf(projectId))).get();
  return row ? (JSON.parse(row.value) as StoredPass) : null;
}

export function savePass(db: Db, projectId: string, pass: StoredPass): void {
  const value = JSON.stringify(pass);
  db.insert(settings).values({ key: keyOf(projectId), value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}
