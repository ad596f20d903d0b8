// The national platform's code tables (electron/common/code-tables/platform-codes.json, which
// names its source; 工种 is work-types.json), checked with zod when first used, and the mapping
// from the register's values to the codes an upload sends. A value without a code is caught here,
// before upload, with a Chinese message naming the record: the platform never sees it.
import { z } from 'zod';
import file from '../../common/code-tables/platform-codes.json';
import { workTypeTable } from '../../common/code-tables';
import type { PunchSource } from '../../common/codes-labour';

const tableSchema = z.object({ name: z.string().min(1), codes: z.array(z.object({ code: z.string().regex(/^\d{1,4}$/), name: z.string().min(1) }).strict()).min(1) }).strict();
const fileSchema = z.object({
  source: z.string().min(10, '代码表须注明来源'),
  version: z.string().min(1),
  tables: z.object({
    idCardType: tableSchema, corpType: tableSchema, workRole: tableSchema, entryExitType: tableSchema,
    attendanceDirection: tableSchema, attendanceChannel: tableSchema, contractPeriodType: tableSchema, payUnit: tableSchema,
  }).strict(),
}).strict();

export type PlatformTable = keyof z.infer<typeof fileSchema>['tables'] | 'workType';

let checked: Record<PlatformTable, Map<string, string>> | null = null;

export function platformTables(): Record<PlatformTable, Map<string, string>> {
  if (checked) return checked;
  const parsed = fileSchema.parse(file);
  const maps = Object.fromEntries(Object.entries(parsed.tables).map(([k, t]) => {
    const m = new Map<string, string>();
    for (const c of t.codes) {
      if (m.has(c.code)) throw new Error(`platform code table ${t.name}: 代码 ${c.code} 重复`);
      m.set(c.code, c.name);
    }
    return [k, m];
  })) as Record<PlatformTable, Map<string, string>>;
  maps.workType = new Map(workTypeTable.codes.map((c) => [c.code, c.name]));
  checked = maps;
  return maps;
}

export function platformCodeSource(): string {
  return file.source;
}

/** A value the platform has no code for: the record is held back with this message. */
export class MissingCode extends Error {}

/** The code itself when the table has it; MissingCode naming the field otherwise. */
export function requireCode(table: PlatformTable, code: string, field: string): string {
  const t = platformTables()[table];
  if (!t.has(code)) throw new MissingCode(`${field}“${code || '(空)'}”不在国家平台的代码表中`);
  return code;
}

/** 证件类型 from the ID number's shape: 18 digits is a 居民身份证 (the register accepts those). */
export function idCardTypeOf(idNumber: string): string {
  if (/^\d{17}[\dX]$/.test(idNumber)) return requireCode('idCardType', '01', '证件类型');
  throw new MissingCode(`证件号码“${idNumber.slice(0, 3)}…”不是居民身份证号,无法确定国家平台的证件类型`);
}

/** 考勤通道 of a punch's source. */
export function channelOf(source: PunchSource): string {
  const bySource: Record<PunchSource, string> = { zkteco: '01', hikvision: '02', uface: '02', sign_in: '03', makeup: '04', import: '04' };
  return requireCode('attendanceChannel', bySource[source], '考勤通道');
}
