// 导出Excel of every labour list (the screen's columns and filters, ID and card numbers masked as on
// screen), and the two CSV files of the command line (花名册 and 考勤), whose columns are fixed:
// checks outside the test suite read them. A file with full ID numbers is written to the audit trail.
import { participantTypes, workTypes } from '../../common/codes';
import {
  anomalyLabels, deviceVendorLabels, directionLabels, makeupStateLabels, payMethodLabels, punchSourceLabels, workerStatusLabels, type PayMethod,
} from '../../common/codes-labour';
import { fenToYuanText } from '../../common/money';
import { maskIdNumber } from '../../common/idnumber';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import type { Services, ProjectActor } from '../context';
import { writeCsv, writeXlsx, type OutValue } from '../tabular';
import { fileName, fileOf, projectOf, XLSX_MIME } from '../reports/output';
import { siteDate } from '../../common/site-time';
import { allWorkers } from './workers';
import { listParticipants } from './participants';
import { listTeams } from './teams';
import { listDevices } from './devices';
import { allPunches } from './punches';
import { listMakeups } from './makeups';
import { anomalies, monthRows } from './attendance';
import { daysOfMonth } from './dates';
import { formatTenths, hoursTenths } from './interpret';
import { projectTeam } from './records';

type Column = { key: string; label: string; width?: number };

/** The columns' values of each row, as a file holds them (the rows carry more than the columns show). */
function cellsOf(columns: Column[], rows: object[]): Record<string, OutValue>[] {
  return rows.map((r) => Object.fromEntries(columns.map((c) => {
    const v = (r as Record<string, unknown>)[c.key];
    return [c.key, typeof v === 'string' || typeof v === 'number' ? v : null];
  })));
}

async function xlsx(s: Services, actor: ProjectActor, title: string, columns: Column[], rows: object[], suffix: string[] = []): Promise<GeneratedFile> {
  const project = projectOf(s, actor);
  return fileOf(fileName([title, ...suffix, project.name, siteDate(s.clock.now())], 'xlsx'), XLSX_MIME, await writeXlsx(title, columns, cellsOf(columns, rows)));
}

function csv(columns: Column[], rows: object[]): Buffer {
  return writeCsv(columns, cellsOf(columns, rows));
}

const numbered = <T>(rows: T[]) => rows.map((r, i) => ({ ...r, n: i + 1 }));

/** 工资标准 in words: 350.00 元/日, 6500.00 元/月, 12.50 元/平方米. */
export function wageText(payMethod: PayMethod | null, wageFen: number | null, pieceUnit: string): string {
  if (payMethod === null || wageFen === null) return '';
  const unit = payMethod === 'daily' ? '元/日' : payMethod === 'monthly' ? '元/月' : `元/${pieceUnit}`;
  return `${fenToYuanText(wageFen)} ${unit}`;
}

export function participantsXlsx(s: Services, actor: ProjectActor): Promise<GeneratedFile> {
  return xlsx(s, actor, '参建单位', [
    { key: 'n', label: '序号', width: 6 }, { key: 'name', label: '单位名称', width: 34 }, { key: 'creditCode', label: '统一社会信用代码', width: 22 },
    { key: 'type', label: '参建类型', width: 12 }, { key: 'contractNo', label: '合同报送编号', width: 18 }, { key: 'leaderName', label: '负责人', width: 10 },
    { key: 'leaderPhone', label: '联系电话', width: 15 }, { key: 'labourOfficerName', label: '劳资专管员', width: 10 }, { key: 'labourOfficerPhone', label: '劳资专管员电话', width: 15 },
    { key: 'teams', label: '班组数' }, { key: 'workers', label: '人数' }, { key: 'onSite', label: '在场' },
  ], numbered(listParticipants(s, actor)).map((p) => ({ ...p, type: participantTypes[p.participantType] ?? p.participantType })));
}

export function teamsXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'teams.xlsx'>): Promise<GeneratedFile> {
  return xlsx(s, actor, '班组', [
    { key: 'n', label: '序号', width: 6 }, { key: 'name', label: '班组名称', width: 16 }, { key: 'employerName', label: '参建单位', width: 34 },
    { key: 'workTypeName', label: '工种', width: 14 }, { key: 'leaderName', label: '班组长', width: 10 }, { key: 'members', label: '人数' },
    { key: 'onSite', label: '在场' }, { key: 'disbandedOn', label: '解散日期', width: 12 },
  ], numbered(listTeams(s, actor, input)));
}

export function workersXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'workers.xlsx'>): Promise<GeneratedFile> {
  const title = input.category === 'manager' ? '现场管理人员' : '作业人员';
  return xlsx(s, actor, title, [
    { key: 'n', label: '序号', width: 6 }, { key: 'workerNo', label: '工号', width: 8 }, { key: 'name', label: '姓名', width: 10 },
    { key: 'idNumberMasked', label: '身份证号', width: 22 }, { key: 'phone', label: '手机号', width: 14 }, { key: 'employerName', label: '参建单位', width: 30 },
    { key: 'teamName', label: '班组', width: 14 }, { key: 'workTypeName', label: '工种', width: 14 }, { key: 'leader', label: '班组长' },
    { key: 'payMethodName', label: '计薪方式' }, { key: 'wage', label: '工资标准', width: 16 }, { key: 'card', label: '工资卡' },
    { key: 'safetyTrainingOn', label: '安全教育日期', width: 13 }, { key: 'statusName', label: '状态' }, { key: 'enteredOn', label: '进场日期', width: 12 }, { key: 'exitedOn', label: '退场日期', width: 12 },
  ], numbered(allWorkers(s, actor, input)).map((w) => ({
    ...w, leader: w.isTeamLeader ? '是' : '', payMethodName: w.payMethod ? payMethodLabels[w.payMethod] : '', wage: wageText(w.payMethod, w.wageFen, w.pieceUnit),
    card: w.hasWageCard ? '已登记' : '未登记', statusName: workerStatusLabels[w.status],
  })), [workerStatusFilter(input.status)]);
}

function workerStatusFilter(status: ParsedInput<'workers.xlsx'>['status']): string {
  return status === 'all' ? '' : workerStatusLabels[status];
}

export function devicesXlsx(s: Services, actor: ProjectActor): Promise<GeneratedFile> {
  return xlsx(s, actor, '考勤设备', [
    { key: 'n', label: '序号', width: 6 }, { key: 'vendorName', label: '厂商', width: 26 }, { key: 'serial', label: '序列号', width: 24 },
    { key: 'directionName', label: '方向' }, { key: 'name', label: '名称', width: 14 }, { key: 'location', label: '安装位置', width: 20 },
    { key: 'state', label: '状态' }, { key: 'lastSeenAt', label: '最近通讯', width: 22 }, { key: 'clockOffsetSec', label: '时钟偏差(秒)' }, { key: 'punchesToday', label: '今日记录' },
  ], numbered(listDevices(s, actor)).map((d) => ({ ...d, vendorName: deviceVendorLabels[d.vendor], directionName: directionLabels[d.direction], state: d.disabled ? '已停用' : '启用' })));
}

export function punchesXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.punchesXlsx'>): Promise<GeneratedFile> {
  return xlsx(s, actor, '考勤记录', [
    { key: 'n', label: '序号', width: 7 }, { key: 'punchedAt', label: '打卡时间', width: 20 }, { key: 'directionName', label: '进出' },
    { key: 'workerNo', label: '工号' }, { key: 'name', label: '姓名', width: 10 }, { key: 'teamName', label: '班组', width: 14 },
    { key: 'sourceName', label: '来源', width: 12 }, { key: 'deviceSerial', label: '设备序列号', width: 22 }, { key: 'personRef', label: '设备人员编号', width: 20 },
    { key: 'receivedAt', label: '接收时间', width: 26 }, { key: 'clockOffsetSec', label: '时钟偏差(秒)' }, { key: 'payloadSha256', label: '原始记录摘要(SHA-256)', width: 66 },
  ], numbered(allPunches(s, actor, input)).map((p) => ({ ...p, directionName: directionLabels[p.direction], sourceName: punchSourceLabels[p.source], name: p.name || '未匹配' })), [`${input.from}至${input.to}`]);
}

export function makeupsXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.makeupsXlsx'>): Promise<GeneratedFile> {
  const rows = listMakeups(s, actor, { page: 1, pageSize: 1_000_000, state: input.state }).rows;
  return xlsx(s, actor, '补卡', [
    { key: 'n', label: '序号', width: 6 }, { key: 'workerNo', label: '工号' }, { key: 'name', label: '姓名', width: 10 }, { key: 'teamName', label: '班组', width: 14 },
    { key: 'punchedAt', label: '补卡时间', width: 20 }, { key: 'directionName', label: '进出' }, { key: 'reason', label: '补卡原因', width: 30 },
    { key: 'requestedByName', label: '申请人', width: 10 }, { key: 'requestedAt', label: '申请时间', width: 26 }, { key: 'stateName', label: '状态' },
    { key: 'decidedByName', label: '审批人', width: 10 }, { key: 'decidedAt', label: '审批时间', width: 26 }, { key: 'decisionNote', label: '审批意见', width: 24 },
  ], numbered(rows).map((m) => ({ ...m, directionName: directionLabels[m.direction], stateName: makeupStateLabels[m.state] })));
}

export function anomaliesXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.anomaliesXlsx'>): Promise<GeneratedFile> {
  return xlsx(s, actor, '考勤异常', [
    { key: 'n', label: '序号', width: 6 }, { key: 'date', label: '日期', width: 12 }, { key: 'kindName', label: '异常类型', width: 14 },
    { key: 'workerNo', label: '工号' }, { key: 'name', label: '姓名', width: 10 }, { key: 'teamName', label: '班组', width: 14 }, { key: 'detail', label: '说明', width: 60 },
  ], numbered(anomalies(s, actor.projectId, input.from, input.to, input.kind)).map((a) => ({ ...a, kindName: anomalyLabels[a.kind] })), [`${input.from}至${input.to}`]);
}

/** The 月度考勤表 as a workbook: a row per worker, a column per day with its hours. */
export function monthSheetXlsx(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.monthSheetXlsx'>): Promise<GeneratedFile> {
  const team = input.teamId ? projectTeam(s.db, actor.projectId, input.teamId) : null;
  const rows = monthRows(s, actor.projectId, input.month, team?.id);
  const days = daysOfMonth(input.month);
  return xlsx(s, actor, '月度考勤表', [
    { key: 'n', label: '序号', width: 6 }, { key: 'workerNo', label: '工号', width: 8 }, { key: 'name', label: '姓名', width: 10 },
    { key: 'idNumber', label: '身份证号', width: 22 }, { key: 'teamName', label: '班组', width: 12 }, { key: 'workTypeName', label: '工种', width: 12 },
    ...days.map((d) => ({ key: d, label: String(Number(d.slice(8))), width: 5 })),
    { key: 'attendanceDays', label: '出勤天数' }, { key: 'hours', label: '工时' }, { key: 'anomalies', label: '异常' },
  ], numbered(rows).map((r) => ({
    n: r.n, workerNo: r.workerNo, name: r.name, idNumber: maskIdNumber(r.idNumber), teamName: r.teamName, workTypeName: workTypes[r.workType] ?? r.workType,
    ...Object.fromEntries(r.days.map((d) => [d.date, d.present ? formatTenths(hoursTenths(d.minutes)) : d.anomalies.length > 0 ? '△' : ''])),
    attendanceDays: r.attendanceDays, hours: formatTenths(r.hoursTenths), anomalies: r.anomalies,
  })), [team?.name ?? '全部班组', input.month]);
}

// ---- the command line's CSV files (electron/cli/labour.ts) ----

export function rosterCsv(s: Services, actor: ProjectActor): Buffer {
  const rows = [...allWorkers(s, actor, { category: 'worker', status: 'all', search: '' }), ...allWorkers(s, actor, { category: 'manager', status: 'all', search: '' })];
  const full = new Map(s.sqlite.prepare('select w.id, p.id_number from workers w join persons p on p.id = w.person_id where w.project_id = ?').raw().all(actor.projectId) as [string, string][]);
  return csv([
    { key: 'workerNo', label: '工号' }, { key: 'name', label: '姓名' }, { key: 'idNumber', label: '身份证号' }, { key: 'category', label: '人员类别' },
    { key: 'employerName', label: '参建单位' }, { key: 'teamName', label: '班组' }, { key: 'workTypeName', label: '工种' }, { key: 'payMethodName', label: '计薪方式' },
    { key: 'wage', label: '工资标准' }, { key: 'statusName', label: '状态' }, { key: 'phone', label: '手机号' }, { key: 'enteredOn', label: '进场日期' }, { key: 'exitedOn', label: '退场日期' },
  ], rows.map((w) => ({
    ...w, idNumber: full.get(w.id) ?? w.idNumberMasked, category: w.category === 'manager' ? '现场管理人员' : '作业人员',
    payMethodName: w.payMethod ? payMethodLabels[w.payMethod] : '', wage: w.wageFen === null ? '' : fenToYuanText(w.wageFen), statusName: workerStatusLabels[w.status],
  })));
}

/** One row per worker: 工号, 姓名, 身份证号, 班组, 出勤天数, 工时 (one decimal), 异常, then each day's hours ('' absent). */
export function attendanceCsv(s: Services, actor: ProjectActor, month: string): Buffer {
  const rows = monthRows(s, actor.projectId, month);
  const full = new Map(s.sqlite.prepare('select w.id, p.id_number from workers w join persons p on p.id = w.person_id where w.project_id = ?').raw().all(actor.projectId) as [string, string][]);
  const days = daysOfMonth(month);
  return csv([
    { key: 'workerNo', label: '工号' }, { key: 'name', label: '姓名' }, { key: 'idNumber', label: '身份证号' }, { key: 'teamName', label: '班组' },
    { key: 'attendanceDays', label: '出勤天数' }, { key: 'hours', label: '工时' }, { key: 'anomalies', label: '异常' },
    ...days.map((d) => ({ key: d, label: d })),
  ], rows.map((r) => ({
    workerNo: r.workerNo, name: r.name, idNumber: full.get(r.workerId) ?? '', teamName: r.teamName, attendanceDays: r.attendanceDays,
    hours: formatTenths(r.hoursTenths), anomalies: r.anomalies,
    ...Object.fromEntries(r.days.map((d) => [d.date, d.present ? formatTenths(hoursTenths(d.minutes)) : ''])),
  })));
}

