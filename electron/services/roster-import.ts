// 进场预登记名册导入: a site's roster from an .xlsx or .csv file, checked row by row with the rules
// of 进场预登记 (persons.create), previewed, and imported only when the user confirms: then every
// valid row in one transaction, each person written with its change record as createPerson does.
import { eq } from 'drizzle-orm';
import { employers, healthCloudRecords, persons, type HealthCloudSnapshot } from '../../db/schema';
import { maskIdNumber, mobilePhoneError, parseIdNumber } from '../common/idnumber';
import { isRealDate, siteDate } from '../common/site-time';
import type { ImportReport, ParsedInput } from '../common/contract';
import { isoNow, type ProjectActor, type Services } from './context';
import { areas, type Area, type Origin } from './areas';
import { snapshotOf } from './health-cloud';
import { newId } from './ids';
import { authorOf, ChangeRecorder } from './outbox';
import { pinyinKeys } from './pre-registration';
import { importTable, type RowIssue } from './table-import';
import type { TableColumn } from './tabular';

export interface DocumentedColumn extends TableColumn {
  /** What the template's 填写说明 sheet says about the column. */
  help: string;
  /** Cells the template formats as text, so Excel keeps an 18-digit number or a leading zero as typed. */
  text?: boolean;
}

export const personImportColumns: DocumentedColumn[] = [
  { key: 'idNumber', label: '身份证号', aliases: ['身份证号码', '证件号码', '身份证'], required: true, text: true, help: '18位居民身份证号,按校验位检查;15位旧号码自动转换为18位' },
  { key: 'name', label: '姓名', required: true, help: '不超过50个字' },
  { key: 'category', label: '人员类别', aliases: ['类别'], help: '作业人员 或 现场管理人员;不填为作业人员' },
  { key: 'province', label: '出发地省份', aliases: ['省份', '出发省份'], required: true, help: '如 江苏省(“省”“市”“自治区”可省略),也可填6位行政区划代码' },
  { key: 'city', label: '出发地城市', aliases: ['城市', '出发城市'], required: true, help: '如 苏州市;直辖市填区,如 北京市 的 朝阳区' },
  { key: 'employer', label: '用人单位', aliases: ['用人单位名称', '统一社会信用代码'], required: true, help: '用人单位名称或统一社会信用代码,须已在“用人单位”中导入或添加' },
  { key: 'phone', label: '手机号', aliases: ['手机号码', '联系电话'], required: true, text: true, help: '11位手机号' },
  { key: 'preRegisteredOn', label: '预登记日期', aliases: ['登记日期'], text: true, help: 'YYYY-MM-DD,不能晚于今天;不填为导入当天' },
];

export const categoryByLabel: Record<string, 'worker' | 'manager'> = { 作业人员: 'worker', 现场管理人员: 'manager', 管理人员: 'manager' };

interface PersonImport {
  rowNumber: number;
  category: 'worker' | 'manager';
  idNumber: string;
  name: string;
  sex: string;
  birthDate: string;
  phone: string;
  origin: Origin;
  employerId: string;
  employerName: string;
  preRegisteredOn: string;
  healthCloud: HealthCloudSnapshot | null;
}

/** 江苏 and 江苏省, 广西 and 广西壮族自治区, 苏州 and 苏州市 name the same place. */
function shortAreaName(name: string): string {
  return name.replace(/\s/g, '').replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|省|市|盟)$/, '');
}

function findArea<T extends { code: string; name: string }>(list: T[], raw: string): T | undefined {
  const wanted = raw.replace(/\s/g, '');
  if (/^\d{2,6}$/.test(wanted)) return list.find((a) => a.code === wanted.padEnd(6, '0'));
  return list.find((a) => a.name === wanted) ?? list.find((a) => shortAreaName(a.name) === shortAreaName(wanted));
}

/** 2020-02-17, 2020/2/17, 2020.2.17 and 2020年2月17日 as YYYY-MM-DD; null when it is none of them. */
export function parseImportDate(raw: string): string | null {
  const m = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isRealDate(date) ? date : null;
}

export function importPersons(s: Services, actor: ProjectActor, input: ParsedInput<'persons.import'>): Promise<ImportReport> {
  const at = isoNow(s.clock);
  const today = siteDate(s.clock.now());
  return importTable<PersonImport>(input, personImportColumns, () => {
    // Read once, after the file: checking and writing then run without a pause, so none of this goes stale.
    const projectEmployers = s.db.select({ id: employers.id, name: employers.name, creditCode: employers.creditCode })
      .from(employers).where(eq(employers.projectId, actor.projectId)).all();
    const employerByCode = new Map(projectEmployers.map((e) => [e.creditCode, e]));
    const employersByName = new Map<string, typeof projectEmployers>();
    for (const e of projectEmployers) employersByName.set(e.name, [...(employersByName.get(e.name) ?? []), e]);
    const registered = new Map(s.db.select({ idNumber: persons.idNumber, name: persons.name }).from(persons)
      .where(eq(persons.projectId, actor.projectId)).all().map((p) => [p.idNumber, p.name]));
    // The newest 健康云 record of each number, attached as 获取健康云信息 would when the names agree.
    const cloud = new Map<string, typeof healthCloudRecords.$inferSelect>();
    for (const r of s.db.select().from(healthCloudRecords).orderBy(healthCloudRecords.reportTime).all()) cloud.set(r.idNumber, r);
    const inFile = new Map<string, number>();
    const provinces: Area[] = areas();

    return {
      check(row) {
        const v = row.values;
        const issues: RowIssue[] = [];
        const need = (key: string, column: string): string => {
          const value = v[key] ?? '';
          if (value === '') issues.push({ column, message: '不能为空' });
          return value;
        };

        const rawId = need('idNumber', '身份证号');
        const id = rawId ? parseIdNumber(rawId, { today }) : null;
        if (id && !id.ok) issues.push({ column: '身份证号', message: id.error.message });
        const idNumber = id?.ok ? id.value.idNumber : '';
        if (idNumber) {
          const earlier = inFile.get(idNumber);
          const existing = registered.get(idNumber);
          if (existing !== undefined) issues.push({ column: '身份证号', message: `该人员(${existing})已在本项目预登记,不能重复登记` });
          else if (earlier !== undefined) issues.push({ column: '身份证号', message: `与第 ${earlier} 行的身份证号重复` });
        }

        const name = need('name', '姓名');
        if (name.length > 50) issues.push({ column: '姓名', message: '姓名不能超过50个字' });

        const rawCategory = v.category ?? '';
        const category = rawCategory === '' ? 'worker' : categoryByLabel[rawCategory.replace(/\s/g, '')];
        if (!category) issues.push({ column: '人员类别', message: `“${rawCategory}”不是有效的人员类别(应为“作业人员”或“现场管理人员”)` });

        const rawProvince = need('province', '出发地省份');
        const rawCity = need('city', '出发地城市');
        const province = rawProvince ? findArea(provinces, rawProvince) : undefined;
        if (rawProvince && !province) issues.push({ column: '出发地省份', message: `未找到省份“${rawProvince}”` });
        const city = province && rawCity ? findArea(province.cities, rawCity) : undefined;
        if (province && rawCity && !city) issues.push({ column: '出发地城市', message: `“${rawCity}”不是${province.name}的城市` });

        const rawEmployer = need('employer', '用人单位');
        let employer = rawEmployer ? employerByCode.get(rawEmployer.toUpperCase()) : undefined;
        if (rawEmployer && !employer) {
          const named = employersByName.get(rawEmployer) ?? [];
          if (named.length > 1) issues.push({ column: '用人单位', message: `有 ${named.length} 个名为“${rawEmployer}”的用人单位,请填写统一社会信用代码` });
          else if (named.length === 0) issues.push({ column: '用人单位', message: `未找到用人单位“${rawEmployer}”,请先在“用人单位”中导入或添加` });
          else employer = named[0];
        }

        const phone = need('phone', '手机号');
        const phoneError = phone ? mobilePhoneError(phone) : null;
        if (phoneError) issues.push({ column: '手机号', message: phoneError });

        const rawDate = v.preRegisteredOn ?? '';
        let preRegisteredOn = today;
        if (rawDate !== '') {
          const date = parseImportDate(rawDate);
          if (!date) issues.push({ column: '预登记日期', message: `“${rawDate}”不是有效的日期(应为 YYYY-MM-DD)` });
          else if (date > today) issues.push({ column: '预登记日期', message: `预登记日期 ${date} 不能晚于今天(${today})` });
          else preRegisteredOn = date;
        }

        if (issues.length > 0 || !id?.ok || !category || !province || !city || !employer) return { ok: false, issues };
        inFile.set(idNumber, row.rowNumber);
        const record = cloud.get(idNumber);
        return {
          ok: true,
          value: {
            rowNumber: row.rowNumber,
            category,
            idNumber,
            name,
            sex: id.value.sex,
            birthDate: id.value.birthDate,
            phone,
            origin: { originProvinceCode: province.code, originProvince: province.name, originCityCode: city.code, originCity: city.name },
            employerId: employer.id,
            employerName: employer.name,
            preRegisteredOn,
            healthCloud: record && record.name === name ? snapshotOf(record) : null,
          },
        };
      },
      write(rows) {
        const author = authorOf(actor, at);
        const recorder = new ChangeRecorder(s.db); // write() runs inside the import's one transaction
        for (const r of rows) {
          const keys = pinyinKeys(r.name);
          // The same row createPerson writes, field for field, so an imported person is like a typed one.
          const row = {
            id: newId(),
            projectId: actor.projectId,
            category: r.category,
            idNumber: r.idNumber,
            name: r.name,
            sex: r.sex,
            birthDate: r.birthDate,
            phone: r.phone,
            ...r.origin,
            employerId: r.employerId,
            healthCloud: r.healthCloud,
            pinyinInitials: keys.initials,
            pinyinFull: keys.full,
            preRegisteredOn: r.preRegisteredOn,
            createdAt: at,
            createdBy: actor.userId,
          };
          s.db.insert(persons).values(row).run();
          recorder.change(author, 'persons', row.id, 'insert', row);
        }
        return rows.length;
      },
      preview: (r) => ({
        身份证号: maskIdNumber(r.idNumber),
        姓名: r.name,
        人员类别: r.category === 'manager' ? '现场管理人员' : '作业人员',
        出发地: `${r.origin.originProvince} ${r.origin.originCity}`,
        用人单位: r.employerName,
        手机号: r.phone,
        预登记日期: r.preRegisteredOn,
        健康云: r.healthCloud ? '已匹配' : '—',
      }),
    };
  }, (fn) => s.db.transaction(fn));
}

