// 导出Excel of every list screen: the screen's columns, with the filters it had, read through the
// same services the screen calls (so ID numbers are masked as in the lists). The one exception is
// the 进场预登记 export in the import's columns, with full numbers, made to be imported elsewhere:
// only the 项目负责人 may make it, and each one is written to the audit trail.
import { eq } from 'drizzle-orm';
import { employers, persons } from '../../../db/schema';
import { NO_SYMPTOMS, stateLabels } from '../../common/codes';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/time';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import { isoNow, type ProjectActor, type Services } from '../context';
import { writeXlsx } from '../tabular';
import { listEmployers } from '../employers';
import { listFamily, mayExportFullIdNumbers } from '../pre-registration';
import { listChecks } from '../health';
import { listOperators } from '../operators';
import { todayBoard } from '../board';
import { authorOf, recordAudit } from '../outbox';
import { personImportColumns } from '../roster-import';
import { allRows, fileName, fileOf, projectOf, XLSX_MIME } from './output';
import { categoryLabels, preRegisteredPeople, rosterPeople, rosterScreens, rosterTitles } from './roster-pdf';
import { dailyRows, isFever } from './daily-health-pdf';
import { importWorkbook } from './templates';

type Cell = string | number | null;
type Column = { key: string; label: string; width?: number };

async function xlsx(parts: string[], sheet: string, columns: Column[], rows: Record<string, Cell>[]): Promise<GeneratedFile> {
  return fileOf(fileName(parts, 'xlsx'), XLSX_MIME, await writeXlsx(sheet, columns, rows));
}

function today(s: Services): string {
  return siteDate(s.clock.now());
}

export async function preRegistrationXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'reports.preRegistrationXlsx'>): Promise<GeneratedFile> {
  const rows = preRegisteredPeople(s, actor, input);
  const project = projectOf(s, actor);
  const suffix = input.category ? categoryLabels[input.category] : '';
  if (input.format === 'import') return preRegistrationForImport(s, actor, rows.map((r) => r.id), [project.name, suffix, today(s)]);
  return xlsx(['进场预登记', suffix, project.name, today(s)], '进场预登记', [
    { key: 'n', label: '序号', width: 8 },
    { key: 'employerName', label: '用人单位', width: 34 },
    { key: 'name', label: '姓名', width: 12 },
    { key: 'idNumberMasked', label: '身份证', width: 22 },
    { key: 'category', label: '人员类别', width: 14 },
    { key: 'phone', label: '联系电话', width: 15 },
    { key: 'preRegisteredOn', label: '预登记日期', width: 13 },
    { key: 'familyCount', label: '携带家属', width: 10 },
  ], rows.map((r, i) => ({ ...r, n: i + 1, category: categoryLabels[r.category] })));
}

/** The listed people in the columns of the 进场预登记名册 import, with full ID numbers. */
async function preRegistrationForImport(s: Services, actor: ProjectActor, ids: string[], nameParts: string[]): Promise<GeneratedFile> {
  if (!mayExportFullIdNumbers(actor)) throw new ApiError('FORBIDDEN', '只有项目负责人可以导出完整身份证号;现场操作用户导出的名单中身份证号已隐去部分数字');
  const full = new Map(s.db.select({ p: persons, employerName: employers.name, creditCode: employers.creditCode }).from(persons)
    .innerJoin(employers, eq(employers.id, persons.employerId))
    .where(eq(persons.projectId, actor.projectId)).all().map((r) => [r.p.id, r]));
  // A name names the employer unless two employers share it: then only the credit code does.
  const nameCount = new Map<string, number>();
  for (const e of listEmployers(s, actor)) nameCount.set(e.name, (nameCount.get(e.name) ?? 0) + 1);
  const rows = ids.map((id) => full.get(id)).filter((r) => r !== undefined).map(({ p, employerName, creditCode }) => ({
    idNumber: p.idNumber,
    name: p.name,
    category: categoryLabels[p.category],
    province: p.originProvince,
    city: p.originCity,
    employer: (nameCount.get(employerName) ?? 0) > 1 ? creditCode : employerName,
    phone: p.phone,
    preRegisteredOn: p.preRegisteredOn,
  }));
  const name = fileName(['进场预登记名册', ...nameParts], 'xlsx');
  const at = isoNow(s.clock);
  s.db.transaction((tx) => recordAudit(tx, authorOf(actor, at), { action: 'export', tableName: 'persons', after: { fileName: name, rows: rows.length, fullIdNumbers: true } }));
  return fileOf(name, XLSX_MIME, await importWorkbook('进场预登记名册', personImportColumns, rows));
}

export async function familyXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'reports.familyXlsx'>): Promise<GeneratedFile> {
  let person = '';
  const rows = allRows((page, pageSize) => {
    const result = listFamily(s, actor, { personId: input.personId, page, pageSize });
    person = result.person.name;
    return result;
  });
  return xlsx(['携带家属', person, today(s)], '携带家属', [
    { key: 'n', label: '序号', width: 8 },
    { key: 'name', label: '姓名', width: 12 },
    { key: 'idNumberMasked', label: '身份证', width: 22 },
    { key: 'phone', label: '联系电话', width: 15 },
    { key: 'preRegisteredOn', label: '预登记日期', width: 13 },
  ], rows.map((r, i) => ({ ...r, n: i + 1 })));
}

export async function healthChecksXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'reports.healthChecksXlsx'>): Promise<GeneratedFile> {
  let person = '';
  const rows = allRows((page, pageSize) => {
    const result = listChecks(s, actor, { personId: input.personId, page, pageSize });
    person = result.person.name;
    return result;
  });
  return xlsx(['每日健康', person, today(s)], '每日健康', [
    { key: 'n', label: '序号', width: 8 },
    { key: 'checkedAt', label: '日期', width: 21 },
    { key: 'symptoms', label: '健康状态', width: 30 },
    { key: 'temperature', label: '体温测量', width: 10 },
    { key: 'fever', label: '发热', width: 8 },
    { key: 'createdBy', label: '登记人', width: 12 },
  ], rows.map((r, i) => ({ n: i + 1, checkedAt: r.checkedAt, symptoms: r.symptoms.join(','), temperature: r.temperature, fever: r.fever ? '发热' : '', createdBy: r.createdBy })));
}

export async function rosterXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'reports.rosterXlsx'>): Promise<GeneratedFile> {
  const rows = rosterPeople(s, actor, input);
  const project = projectOf(s, actor);
  return xlsx([rosterScreens[input.category], rosterTitles[input.status], project.name, today(s)], rosterTitles[input.status], [
    { key: 'n', label: '序号', width: 8 },
    { key: 'employerName', label: '用人单位', width: 34 },
    { key: 'name', label: '姓名', width: 12 },
    { key: 'idNumberMasked', label: '身份证', width: 22 },
    { key: 'workTypeName', label: '工种', width: 16 },
    { key: 'team', label: '班组', width: 14 },
    { key: 'enteredOn', label: '进场日期', width: 13 },
    { key: 'exitedOn', label: '退场日期', width: 13 },
    { key: 'status', label: '状态', width: 14 },
  ], rows.map((r, i) => ({
    n: i + 1,
    employerName: r.employerName,
    name: r.name,
    idNumberMasked: r.idNumberMasked,
    workTypeName: r.workTypeName,
    team: r.team,
    enteredOn: r.enteredOn,
    exitedOn: r.exitedOn,
    status: [r.status === 'onSite' ? '在场' : '已退场', r.state === 'clear' ? '' : stateLabels[r.state]].filter((x) => x !== '').join(' '),
  })));
}

/** In the columns employers.import reads, so the file can be imported into another project. */
export async function employersXlsx(s: Services, actor: ProjectActor): Promise<GeneratedFile> {
  const project = projectOf(s, actor);
  return xlsx(['用人单位', project.name, today(s)], '用人单位', [
    { key: 'n', label: '序号', width: 8 },
    { key: 'name', label: '用人单位名称', width: 34 },
    { key: 'creditCode', label: '统一社会信用代码', width: 22 },
    { key: 'participantTypeName', label: '参建单位类型', width: 14 },
    { key: 'contractNo', label: '合同报送编号', width: 20 },
  ], listEmployers(s, actor).map((e, i) => ({ n: i + 1, name: e.name, creditCode: e.creditCode, participantTypeName: e.participantTypeName, contractNo: e.contractNo })));
}

export async function batchHealthXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'reports.batchHealthXlsx'>): Promise<GeneratedFile> {
  const { date, rows } = dailyRows(s, actor, input.date);
  const project = projectOf(s, actor);
  return xlsx(['晨检', project.name, date], `晨检 ${date}`, [
    { key: 'n', label: '序号', width: 8 },
    { key: 'name', label: '姓名', width: 12 },
    { key: 'idNumberMasked', label: '身份证', width: 22 },
    { key: 'employerName', label: '用人单位', width: 34 },
    { key: 'status', label: '状态', width: 14 },
    { key: 'temperature', label: '今日体温', width: 10 },
    { key: 'symptoms', label: '健康状态', width: 26 },
    { key: 'mark', label: '标记', width: 8 },
  ], rows.map((r, i) => ({
    n: i + 1,
    name: r.name,
    idNumberMasked: r.idNumberMasked,
    employerName: r.employerName,
    status: `${r.onSite ? '在场' : '预登记'}${r.state === 'clear' ? '' : `·${stateLabels[r.state]}`}`,
    temperature: r.todayTemperature,
    symptoms: r.todaySymptoms.filter((x) => x !== NO_SYMPTOMS).join('、') || (r.todayTemperature === null ? '' : NO_SYMPTOMS),
    mark: isFever(r) ? '发热' : r.todayTemperature === null ? '未测' : '',
  })));
}

export async function boardXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'reports.boardXlsx'>): Promise<GeneratedFile> {
  const board = todayBoard(s, actor);
  const project = projectOf(s, actor);
  if (input.list === 'fevers') {
    return xlsx(['今日发热', project.name, board.date], '今日发热', [
      { key: 'name', label: '姓名', width: 12 },
      { key: 'temperature', label: '体温', width: 8 },
      { key: 'checkedAt', label: '测量时间', width: 21 },
      { key: 'symptoms', label: '健康状态', width: 30 },
    ], board.feversToday.map((f) => ({ name: f.name, temperature: f.temperature, checkedAt: f.checkedAt, symptoms: f.symptoms.join(',') })));
  }
  if (input.list === 'isolation') {
    return xlsx(['隔离就医中', project.name, board.date], '隔离就医中', [
      { key: 'name', label: '姓名', width: 12 },
      { key: 'state', label: '状态', width: 10 },
      { key: 'method', label: '隔离/就医方式', width: 16 },
      { key: 'startedAt', label: '开始时间', width: 21 },
      { key: 'endsOn', label: '预计结束', width: 13 },
      { key: 'onSite', label: '在场', width: 8 },
    ], board.inIsolation.map((p) => ({ name: p.name, state: stateLabels[p.state], method: p.method, startedAt: p.startedAt, endsOn: p.endsOn, onSite: p.onSite ? '在场' : '' })));
  }
  return xlsx(['即将可进场', project.name, board.date], '即将可进场', [
    { key: 'name', label: '姓名', width: 12 },
    { key: 'origin', label: '出发地', width: 24 },
    { key: 'availableFrom', label: '可进场日期', width: 13 },
  ], board.soonAvailable.map((p) => ({ name: p.name, origin: p.origin, availableFrom: p.availableFrom })));
}

export async function operatorsXlsx(s: Services, actor: ProjectActor): Promise<GeneratedFile> {
  const project = projectOf(s, actor);
  return xlsx(['现场操作用户', project.name, today(s)], '现场操作用户', [
    { key: 'n', label: '序号', width: 8 },
    { key: 'name', label: '姓名', width: 12 },
    { key: 'idNumberMasked', label: '身份证', width: 22 },
    { key: 'phone', label: '手机号', width: 15 },
    { key: 'permission', label: '实名制权限', width: 12 },
    { key: 'status', label: '状态', width: 10 },
  ], listOperators(s, actor).map((o, i) => ({
    n: i + 1, name: o.name, idNumberMasked: o.idNumberMasked, phone: o.phone, permission: o.realNamePermission ? '已分配' : '未分配', status: o.disabled ? '已停用' : '正常',
  })));
}
