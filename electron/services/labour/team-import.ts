// 导入班组: a whole team's workers from a filled template (.xlsx or .csv), each hired (劳动合同,
// 工资卡) and dispatched into the team. Every row is checked by the same rules as 聘用登记 (the
// contract's own schema, then the register's); a team goes in whole or not at all: one bad row and
// nothing is imported, every problem reported by row and column.
import { payMethodLabels, type PayMethod } from '../../common/codes-labour';
import { workTypes } from '../../common/codes';
import { labourCommands } from '../../common/contract-labour';
import type { ImportReport, ParsedInput } from '../../common/contract';
import type { GeneratedFile } from '../../common/contract-reports';
import { ApiError } from '../../common/errors';
import { maskIdNumber } from '../../common/idnumber';
import { isoNow, type ProjectActor, type Services } from '../context';
import { authorOf, ChangeRecorder } from '../outbox';
import type { DocumentedColumn } from '../roster-import';
import { readTable, TableFileError } from '../tabular';
import { importWorkbook } from '../reports/templates';
import { fileName, fileOf, XLSX_MIME } from '../reports/output';
import { siteDate } from '../../common/site-time';
import { fenToYuanText } from '../../common/money';
import { projectTeam } from './records';
import { eq } from 'drizzle-orm';
import { teams, workers } from '../../../db/schema';
import { checkHireDates, writeHire, type HireInput } from './workers';
import { dispatchRefusal, recordConfirmed, warningsOrRefuse, writeDispatch } from './chain';

export const teamImportColumns: DocumentedColumn[] = [
  { key: 'idNumber', label: '身份证号', required: true, text: true, help: '18位居民身份证号,按校验位检查' },
  { key: 'name', label: '姓名', required: true, help: '与身份证一致' },
  { key: 'phone', label: '手机号', required: true, text: true, help: '11位手机号' },
  { key: 'workType', label: '工种', text: true, help: '工种代码或名称,如 020 或 钢筋工;不填为班组的工种' },
  { key: 'payMethod', label: '计薪方式', required: true, help: '按日、按月 或 计件' },
  { key: 'wage', label: '工资标准', required: true, text: true, help: '元,最多两位小数:按日为日工资,按月为月工资,计件为单价' },
  { key: 'pieceUnit', label: '计件单位', help: '计件工资填写,如 平方米、吨' },
  { key: 'payDay', label: '工资支付日', required: true, text: true, help: '每月几日发工资,1至31' },
  { key: 'signedOn', label: '合同签订日期', required: true, text: true, help: '如 2024-03-01' },
  { key: 'startsOn', label: '合同开始日期', required: true, text: true, help: '不早于签订日期' },
  { key: 'endsOn', label: '合同结束日期', text: true, help: '不填为“以完成一定工作任务为期限”' },
  { key: 'bankName', label: '开户银行', help: '如 中国工商银行' },
  { key: 'bankCode', label: '银行代码', text: true, help: '3位行别代码(如 102)或12位联行号' },
  { key: 'cardNo', label: '工资卡号', text: true, help: '12至19位数字;未通过银联卡号校验的会提示,仍可导入' },
  { key: 'safetyTrainingOn', label: '安全教育日期', text: true, help: '三级安全教育日期,可不填' },
  { key: 'emergencyName', label: '紧急联系人', help: '' },
  { key: 'emergencyPhone', label: '紧急联系电话', text: true, help: '' },
  { key: 'leader', label: '是否班组长', help: '是 或 否;只能有一人' },
];

const columnOfPath: Record<string, string> = {
  idNumber: '身份证号', name: '姓名', phone: '手机号', workType: '工种', hiredOn: '聘用日期', safetyTrainingOn: '安全教育日期',
  'emergency.name': '紧急联系人', 'emergency.phone': '紧急联系电话', 'contract.payMethod': '计薪方式', 'contract.wage': '工资标准',
  'contract.pieceUnit': '计件单位', 'contract.payDay': '工资支付日', 'contract.signedOn': '合同签订日期', 'contract.startsOn': '合同开始日期',
  'contract.endsOn': '合同结束日期', 'wageCard.bankName': '开户银行', 'wageCard.bankCode': '银行代码', 'wageCard.cardNo': '工资卡号',
};

const payMethodByName = new Map(Object.entries(payMethodLabels).map(([k, v]) => [v, k as PayMethod]));
const workTypeByName = new Map(Object.entries(workTypes).map(([code, name]) => [name, code]));

interface Checked {
  input: HireInput;
  leader: boolean;
  rowNumber: number;
}

export async function importTeam(s: Services, actor: ProjectActor, input: ParsedInput<'teams.import'>): Promise<ImportReport> {
  const team = projectTeam(s.db, actor.projectId, input.teamId);
  if (team.disbandedOn) throw new ApiError('CONFLICT', `班组“${team.name}”已解散,不能导入`);
  let rows;
  try {
    ({ rows } = await readTable(input.fileName, Buffer.from(input.dataBase64, 'base64'), teamImportColumns));
  } catch (e) {
    if (e instanceof TableFileError) throw new ApiError('VALIDATION', e.message);
    throw e;
  }
  const schema = labourCommands['workers.hire'].input;
  const errors: ImportReport['errors'] = [];
  const accepted: Checked[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const issue = (column: string, message: string) => errors.push({ row: row.rowNumber, column, message });
    const before = errors.length;
    const workType = v.workType ? (workTypes[v.workType.padStart(3, '0')] ? v.workType.padStart(3, '0') : workTypeByName.get(v.workType) ?? v.workType) : team.workType;
    const payMethod = payMethodByName.get(v.payMethod ?? '') ?? v.payMethod;
    const hasCard = Boolean(v.cardNo || v.bankName || v.bankCode);
    const candidate = {
      category: 'worker', idNumber: v.idNumber ?? '', name: v.name ?? '', phone: v.phone ?? '', employerId: team.employerId, workType, hiredOn: input.hiredOn,
      safetyTrainingOn: v.safetyTrainingOn || null,
      emergency: { name: v.emergencyName ?? '', phone: v.emergencyPhone ?? '', relation: '' },
      contract: {
        signedOn: v.signedOn ?? '', startsOn: v.startsOn ?? '', endsOn: v.endsOn || null, termType: v.endsOn ? 'fixed' : 'task', payMethod,
        wage: v.wage ?? '', pieceUnit: v.pieceUnit ?? '', payDay: /^\d+$/.test(v.payDay ?? '') ? Number(v.payDay) : NaN,
      },
      wageCard: hasCard ? { bankName: v.bankName ?? '', bankCode: v.bankCode ?? '', cardNo: v.cardNo ?? '' } : null,
    };
    const parsed = schema.safeParse(candidate);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issue(columnOfPath[i.path.map(String).join('.')] ?? '', i.message);
      continue;
    }
    const hire = parsed.data;
    try {
      checkHireDates(s, hire);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      issue(columnOfPath[e.issues?.[0]?.path ?? ''] ?? '', e.message);
    }
    const earlier = seen.get(hire.idNumber);
    if (earlier !== undefined) issue('身份证号', `与第 ${earlier} 行重复`);
    seen.set(hire.idNumber, row.rowNumber);
    const leader = v.leader === '是';
    if (v.leader && v.leader !== '是' && v.leader !== '否') issue('是否班组长', '应为“是”或“否”');
    if (errors.length === before) accepted.push({ input: hire, leader, rowNumber: row.rowNumber });
  }
  const leaders = accepted.filter((a) => a.leader);
  if (leaders.length > 1) errors.push({ row: 0, column: '是否班组长', message: `一个班组只能有一名班组长,文件中有 ${leaders.length} 名` });
  const preview = accepted.slice(0, 20).map(({ input: h, leader }) => ({
    身份证号: maskIdNumber(h.idNumber), 姓名: h.name, 工种: workTypes[h.workType] ?? h.workType, 计薪方式: payMethodLabels[h.contract.payMethod],
    工资标准: fenToYuanText(h.contract.wage), 工资卡: h.wageCard ? '有' : '', 班组长: leader ? '是' : '',
  }));
  const report = (imported: number, committed: boolean): ImportReport => ({
    fileName: input.fileName, total: rows.length, valid: accepted.length, imported, committed, errors: errors.slice(0, 500), preview,
  });
  // The register's rules (already hired, not pre-registered …) are checked by writing: in one
  // transaction that rolls back at the first refusal, reported against its row.
  const at = isoNow(s.clock);
  const write = (): number => s.db.transaction((tx) => {
    const recorder = new ChangeRecorder(tx);
    const author = authorOf(actor, at);
    let leaderId: string | null = null;
    for (const { input: hire, leader, rowNumber } of accepted) {
      try {
        const { workerId } = writeHire(s, actor, recorder, author, hire, null);
        const worker = tx.select().from(workers).where(eq(workers.id, workerId)).get()!;
        const refusal = dispatchRefusal(worker, team, input.hiredOn, hire.name);
        if (refusal) throw refusal;
        const warnings = warningsOrRefuse(s, { projectId: actor.projectId, point: 'dispatch', workerIds: [workerId], date: input.hiredOn, teamId: team.id, workType: hire.workType }, input.confirmReason);
        const dispatchId = writeDispatch(s, actor, recorder, author, worker, team, input.hiredOn, hire.workType);
        recordConfirmed(recorder, author, 'dispatch', 'dispatches', dispatchId, warnings, input.confirmReason);
        if (leader) leaderId = workerId;
      } catch (e) {
        if (e instanceof ApiError) throw new RowRefused(rowNumber, columnOfPath[e.issues?.[0]?.path ?? ''] ?? '', e.message);
        throw e;
      }
    }
    if (leaderId) {
      const before = tx.select().from(teams).where(eq(teams.id, team.id)).get()!;
      const change = { leaderWorkerId: leaderId, updatedAt: at };
      tx.update(teams).set(change).where(eq(teams.id, team.id)).run();
      recorder.change(author, 'teams', team.id, 'update', { ...before, ...change }, before);
    }
    return accepted.length;
  });
  if (!input.commit || errors.length > 0) return report(0, false);
  try {
    return report(write(), true);
  } catch (e) {
    if (!(e instanceof RowRefused)) throw e;
    errors.push({ row: e.row, column: e.column, message: e.message });
    return report(0, false);
  }
}

class RowRefused extends Error {
  constructor(readonly row: number, readonly column: string, message: string) {
    super(message);
  }
}

export async function teamTemplate(s: Services): Promise<GeneratedFile> {
  const bytes = await importWorkbook('班组人员', teamImportColumns, []);
  return fileOf(fileName(['班组人员导入模板', siteDate(s.clock.now())], 'xlsx'), XLSX_MIME, bytes);
}
