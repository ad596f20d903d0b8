// Which reader plugin the site chose and each plugin's settings, kept as rows of the settings table
// (key → JSON), beside the other 设置. The reader belongs to the PC, not to a project, so the rows
// are not per project, like the table itself.
import { eq, like } from 'drizzle-orm';
import { settings } from '../../../db/schema';
import type { Services } from '../context';
import type { ReaderSettings } from './plugin';

/** Every key this module writes starts with this; other 设置 must ignore such rows. */
export const IDCARD_SETTINGS_PREFIX = 'idcard.';
const PLUGIN_KEY = 'idcard.plugin';
const settingsKey = (pluginId: string) => `idcard.settings.${pluginId}`;

type Db = Services['db'];

function put(db: Pick<Db, 'insert'>, key: string, value: unknown): void {
  const json = JSON.stringify(value);
  db.insert(settings).values({ key, value: json }).onConflictDoUpdate({ target: settings.key, set: { value: json } }).run();
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function storedPluginId(s: Services): string | null {
  const row = s.db.select().from(settings).where(eq(settings.key, PLUGIN_KEY)).get();
  const value = row ? parse(row.value) : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Saved settings of every plugin that has some, by plugin id. */
export function storedPluginSettings(s: Services): Map<string, ReaderSettings> {
  const rows = s.db.select().from(settings).where(like(settings.key, `${IDCARD_SETTINGS_PREFIX}settings.%`)).all();
  const out = new Map<string, ReaderSettings>();
  for (const row of rows) {
    const value = parse(row.value);
    if (value && typeof value === 'object' && !Array.isArray(value)) out.set(row.key.slice(settingsKey('').length), value as ReaderSettings);
  }
  return out;
}

const APPROVED_KEY = 'idcard.approvedPlugins';

/** The third-party plugin files the 项目负责人 enabled: file name → SHA-256 (hex) of the content enabled. */
export function approvedPlugins(s: Services): Record<string, string> {
  const row = s.db.select().from(settings).where(eq(settings.key, APPROVED_KEY)).get();
  const value = row ? parse(row.value) : undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function storeApprovedPlugins(db: Pick<Db, 'insert'>, approved: Record<string, string>): void {
  put(db, APPROVED_KEY, approved);
}

export function storeReaderConfig(s: Services, pluginId: string, values: ReaderSettings): void {
  s.db.transaction((tx) => {
    put(tx, PLUGIN_KEY, pluginId);
    put(tx, settingsKey(pluginId), values);
  });
}
