// 设置 kept in the settings table as JSON values, with their defaults here.
import { eq } from 'drizzle-orm';
import { settings } from '../../db/schema';
import type { Settings } from '../common/contract';
import type { Services } from './context';
import { ApiError } from '../common/errors';
import { areas } from './areas';

/** Each rule names a province or city of the table (its name taken from there), once. */
function checkIsolationRules(rules: Settings['isolationRules']): Settings['isolationRules'] {
  const seen = new Set<string>();
  return rules.map((rule, i) => {
    const province = areas().find((p) => p.code === rule.code);
    const city = areas().flatMap((p) => p.cities.map((c) => ({ ...c, name: `${p.name} ${c.name}` }))).find((c) => c.code === rule.code);
    const place = province ?? city;
    if (!place) throw new ApiError('VALIDATION', `第${i + 1}条隔离规则的地区无效`, [{ path: `isolationRules.${i}.code`, message: '请选择省份或城市' }]);
    if (seen.has(rule.code)) throw new ApiError('VALIDATION', `${place.name} 的隔离规则重复`, [{ path: `isolationRules.${i}.code`, message: '重复' }]);
    seen.add(rule.code);
    return { code: rule.code, name: place.name, days: rule.days };
  });
}

// 14 days for arrivals from 湖北 was the 2020 rule; sites add their own.
const defaults: Settings = { healthCloudUrl: '', healthCloudTimeoutMs: 5000, isolationRules: [{ code: '420000', name: '湖北省', days: 14 }] };

export function getSettings(s: Services): Settings {
  // The table also holds other services' rows (the ID card reader's idcard.*): only ours here.
  const rows = s.db.select().from(settings).all().filter((r) => Object.prototype.hasOwnProperty.call(defaults, r.key));
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...defaults, ...(stored as Partial<Settings>) };
}

/** Saves the settings given; the others keep their values. */
export function saveSettings(s: Services, input: Partial<Settings>): Settings {
  if (input.isolationRules) input = { ...input, isolationRules: checkIsolationRules(input.isolationRules) };
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
