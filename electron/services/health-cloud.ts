// 获取健康云信息: look a person up in the 健康云 records. Two providers: the records this site
// imported (files, reference bundles), and, when one is configured in 设置 and answers in time,
// an HTTP endpoint. What the endpoint answers is kept locally, so it still counts when offline.
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { healthCloudRecords, type HealthCloudSnapshot } from '../../db/schema';
import { parseIdNumber, isMobilePhone, maskIdNumber } from '../common/idnumber';
import type { HealthCloudLookup, ImportReport, ParsedInput } from '../common/contract';
import { isoNow, type ProjectActor, type Services } from './context';
import { newId } from './ids';
import { authorOf, recordAudit } from './outbox';
import { getSettings } from './settings';
import { importTable, type RowIssue } from './table-import';

export const NOT_REGISTERED_MESSAGE = '未查询到该人员的健康云登记信息:请先在“健康云”APP中完成“来沪人员健康登记”后,再进行预登记';
const NAME_MISMATCH_MESSAGE = '健康云登记的姓名与输入的姓名不一致,请核对身份证号和姓名';

type RecordRow = typeof healthCloudRecords.$inferSelect;

export function snapshotOf(row: RecordRow): HealthCloudSnapshot {
  return {
    reportAddress: row.reportAddress,
    reportTime: row.reportTime,
    temperature: row.temperature,
    healthStatus: row.healthStatus,
    travelTime: row.travelTime,
    travelMode: row.travelMode,
    fromHubei: row.fromHubei,
    fromWuhan: row.fromWuhan,
    stopover: row.stopover,
    stayPlace: row.stayPlace,
    homeAddress: row.homeAddress,
  };
}

/** The newest local record for the number, or why there is none. */
export function findLocalRecord(s: Services, idNumber: string, name: string): { row: RecordRow } | { message: string } {
  const row = s.db.select().from(healthCloudRecords).where(eq(healthCloudRecords.idNumber, idNumber))
    .orderBy(desc(healthCloudRecords.reportTime)).limit(1).get();
  if (!row) return { message: NOT_REGISTERED_MESSAGE };
  if (row.name !== name) return { message: NAME_MISMATCH_MESSAGE };
  return { row };
}

const yesNo = z.union([z.boolean(), z.enum(['是', '否']).transform((v) => v === '是')]);
/** What the configured endpoint answers to POST { idNumber, name } (docs/health-cloud-provider.md). */
const httpAnswer = z.object({
  found: z.boolean(),
  name: z.string().default(''),
  phone: z.string().default(''),
  reportAddress: z.string().default(''),
  reportTime: z.string().default(''),
  temperature: z.union([z.string(), z.number()]).transform(String).default(''),
  healthStatus: z.string().default(''),
  travelTime: z.string().default(''),
  travelMode: z.string().default(''),
  fromHubei: yesNo.default(false),
  fromWuhan: yesNo.default(false),
  stopover: yesNo.default(false),
  stayPlace: z.string().default(''),
  homeAddress: z.string().default(''),
});

async function askEndpoint(url: string, timeoutMs: number, idNumber: string, name: string): Promise<z.infer<typeof httpAnswer>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ idNumber, name }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return httpAnswer.parse(await response.json());
}

export async function lookupHealthCloud(s: Services, input: ParsedInput<'healthCloud.lookup'>): Promise<HealthCloudLookup> {
  const { healthCloudUrl, healthCloudTimeoutMs } = getSettings(s);
  let note = '';
  if (healthCloudUrl) {
    try {
      const answer = await askEndpoint(healthCloudUrl, healthCloudTimeoutMs, input.idNumber, input.name);
      const { found, name, phone, ...record } = answer;
      if (found && name && name !== input.name) return { found: false, message: NAME_MISMATCH_MESSAGE, provider: 'http', name: input.name, phone: '', record: null };
      // Not found there: a record this site imported (or received in a bundle) may still answer.
      if (!found) return lookupLocal(s, input, '');
      const row = { id: newId(), idNumber: input.idNumber, name: input.name, phone: isMobilePhone(phone) ? phone : '', ...record, source: 'http', importedAt: isoNow(s.clock) };
      s.db.insert(healthCloudRecords).values(row)
        .onConflictDoUpdate({ target: [healthCloudRecords.idNumber, healthCloudRecords.reportTime], set: { ...row, id: undefined } }).run();
      return { found: true, message: '', provider: 'http', name: input.name, phone: row.phone, record: snapshotOf(row) };
    } catch {
      // Offline, slow or broken endpoint: the records on this machine still answer.
      note = '健康云接口暂时无法连接,已使用本机导入的健康云记录。';
    }
  }
  return lookupLocal(s, input, note);
}

function lookupLocal(s: Services, input: ParsedInput<'healthCloud.lookup'>, note: string): HealthCloudLookup {
  const local = findLocalRecord(s, input.idNumber, input.name);
  if ('message' in local) return { found: false, message: `${note}${local.message}`, provider: 'local', name: input.name, phone: '', record: null };
  return { found: true, message: note, provider: 'local', name: local.row.name, phone: local.row.phone, record: snapshotOf(local.row) };
}

const yesNoColumns = [['fromHubei', '是否湖北出发'], ['fromWuhan', '是否武汉出发'], ['stopover', '是否经停']] as const;

export function importHealthCloud(s: Services, actor: ProjectActor, input: ParsedInput<'healthCloud.import'>): Promise<ImportReport> {
  const at = isoNow(s.clock);
  type Row = Omit<RecordRow, 'id' | 'source' | 'importedAt'>;
  return importTable<Row>(input, [
      { key: 'idNumber', label: '身份证号', aliases: ['身份证号码', '证件号码'], required: true },
      { key: 'name', label: '姓名', required: true },
      { key: 'phone', label: '手机号', aliases: ['手机号码', '联系电话'] },
      { key: 'reportAddress', label: '上报地址' },
      { key: 'reportTime', label: '上报时间', required: true },
      { key: 'temperature', label: '体温' },
      { key: 'healthStatus', label: '健康状况' },
      { key: 'travelTime', label: '出行时间' },
      { key: 'travelMode', label: '出行方式' },
      { key: 'fromHubei', label: '是否湖北出发' },
      { key: 'fromWuhan', label: '是否武汉出发' },
      { key: 'stopover', label: '是否经停' },
      { key: 'stayPlace', label: '停留地点' },
      { key: 'homeAddress', label: '居住地址' },
  ], () => ({
    check(row, accepted) {
      const v = row.values;
      const issues: RowIssue[] = [];
      const id = parseIdNumber(v.idNumber ?? '');
      if (!id.ok) issues.push({ column: '身份证号', message: id.error.message });
      if (!v.name) issues.push({ column: '姓名', message: '不能为空' });
      if (v.phone && !isMobilePhone(v.phone)) issues.push({ column: '手机号', message: '不是有效的手机号' });
      if (!v.reportTime) issues.push({ column: '上报时间', message: '不能为空' });
      if (v.temperature && !/^\d{2}(\.\d)?$/.test(v.temperature)) issues.push({ column: '体温', message: `“${v.temperature}”不是有效的体温` });
      const flags: Record<string, boolean> = {};
      for (const [key, label] of yesNoColumns) {
        const raw = v[key] ?? '';
        if (raw !== '' && raw !== '是' && raw !== '否') issues.push({ column: label, message: '应为“是”或“否”' });
        flags[key] = raw === '是';
      }
      if (id.ok && accepted.some((a) => a.idNumber === id.value.idNumber && a.reportTime === v.reportTime)) {
        issues.push({ column: '身份证号', message: '文件中重复(同一人同一上报时间)' });
      }
      if (issues.length > 0 || !id.ok) return { ok: false, issues };
      return {
        ok: true,
        value: {
          idNumber: id.value.idNumber,
          name: v.name!,
          phone: v.phone ?? '',
          reportAddress: v.reportAddress ?? '',
          reportTime: v.reportTime!,
          temperature: v.temperature ?? '',
          healthStatus: v.healthStatus ?? '',
          travelTime: v.travelTime ?? '',
          travelMode: v.travelMode ?? '',
          fromHubei: flags.fromHubei!,
          fromWuhan: flags.fromWuhan!,
          stopover: flags.stopover!,
          stayPlace: v.stayPlace ?? '',
          homeAddress: v.homeAddress ?? '',
        },
      };
    },
    write(rows) {
      for (const r of rows) {
        // The same export imported twice replaces, rather than repeats, its records.
        const row = { id: newId(), ...r, source: input.fileName, importedAt: at };
        s.db.insert(healthCloudRecords).values(row)
          .onConflictDoUpdate({ target: [healthCloudRecords.idNumber, healthCloudRecords.reportTime], set: { ...r, source: input.fileName, importedAt: at } }).run();
      }
      // Its 出行时间 starts a person's isolation period (entries.ts): who brought which dates is on record.
      recordAudit(s.db, authorOf(actor, at), {
        action: 'import', tableName: 'health_cloud_records',
        after: { fileName: input.fileName, records: rows.length, travelTimes: rows.map((r) => ({ idNumber: maskIdNumber(r.idNumber), travelTime: r.travelTime })) },
      });
      return rows.length;
    },
    preview: (r) => ({ 身份证号: maskIdNumber(r.idNumber), 姓名: r.name, 手机号: r.phone, 上报时间: r.reportTime, 体温: r.temperature, 健康状况: r.healthStatus }),
  }), (fn) => s.db.transaction(fn));
}
