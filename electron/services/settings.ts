// 设置 kept in the settings table as JSON values, with their defaults here.
import { eq } from 'drizzle-orm';
import { settings } from '../../db/schema';
import type { Settings } from '../common/contract';
import type { Services } from './context';

const defaults: Settings = { healthCloudUrl: '', healthCloudTimeoutMs: 5000 };

export function getSettings(s: Services): Settings {
  const rows = s.db.select().from(settings).all();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...defaults, ...(stored as Partial<Settings>) };
}

export function saveSettings(s: Services, input: Settings): Settings {
  s.db.transaction((tx) => {
    for (const [key, value] of Object.entries(input)) {
      tx.insert(settings).values({ key, value: JSON.stringify(value) })
        .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(value) } }).run();
    }
  });
  return getSettings(s);
}

export function getSetting<K extends keyof Settings>(s: Services, key: K): Settings[K] {
  const row = s.db.select().from(settings).where(eq(settings.key, key)).get();
  return row ? (JSON.parse(row.value) as Settings[K]) : defaults[key];
}
