// 用人单位: the project's contract reference data, imported from a file or added by hand.
import { and, eq } from 'drizzle-orm';
import { employers, projects } from '../../db/schema';
import { ApiError } from '../common/errors';
import { participantTypes } from '../common/codes';
import { creditCodeError } from '../common/credit-code';
import type { Employer, ImportReport, ParsedInput } from '../common/contract';
import { isoNow, type ProjectActor, type Services } from './context';
import { newId } from './ids';
import { importTable, type RowIssue } from './table-import';
import { authorOf, ChangeRecorder, recordChange } from './outbox';

type EmployerRow = typeof employers.$inferSelect;

function toEmployer(row: EmployerRow, projectName: string): Employer {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    participantType: row.participantType,
    participantTypeName: participantTypes[row.participantType] ?? row.participantType,
    contractNo: row.contractNo,
    projectName,
  };
}

export function listEmployers(s: Services, actor: ProjectActor): Employer[] {
  return s.db.select({ e: employers, projectName: projects.name }).from(employers)
    .innerJoin(projects, eq(projects.id, employers.projectId))
    .where(eq(employers.projectId, actor.projectId)).orderBy(employers.name).all()
    .map((r) => toEmployer(r.e, r.projectName));
}

export function getEmployer(s: Services, actor: ProjectActor, id: string): Employer {
  const row = s.db.select({ e: employers, projectName: projects.name }).from(employers)
    .innerJoin(projects, eq(projects.id, employers.projectId))
    .where(and(eq(employers.id, id), eq(employers.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('VALIDATION', '请选择用人单位', [{ path: 'employerId', message: '请选择用人单位' }]);
  return toEmployer(row.e, row.projectName);
}

/** The contacts a 参建单位 has beside the seed's 用人单位 fields (services/labour/participants.ts). */
export type EmployerContacts = Pick<EmployerRow, 'leaderName' | 'leaderPhone' | 'labourOfficerName' | 'labourOfficerPhone'>;

export function createEmployer(s: Services, actor: ProjectActor, input: ParsedInput<'employers.create'> & Partial<EmployerContacts>): Employer {
  const exists = s.db.select().from(employers)
    .where(and(eq(employers.projectId, actor.projectId), eq(employers.creditCode, input.creditCode))).get();
  if (exists) throw new ApiError('CONFLICT', `统一社会信用代码 ${input.creditCode} 的用人单位已存在(${exists.name})`, [{ path: 'creditCode', message: '该用人单位已存在' }]);
  const row = { id: newId(), projectId: actor.projectId, ...input, createdAt: isoNow(s.clock) };
  s.db.transaction((tx) => {
    tx.insert(employers).values(row).run();
    recordChange(tx, authorOf(actor, row.createdAt), 'employers', row.id, 'insert', row);
  });
  return getEmployer(s, actor, row.id);
}

const typeByName = new Map(Object.entries(participantTypes).map(([code, name]) => [name, code]));

export function importEmployers(s: Services, actor: ProjectActor, input: ParsedInput<'employers.import'>): Promise<ImportReport> {
  const at = isoNow(s.clock);
  type Row = { name: string; creditCode: string; participantType: string; contractNo: string };
  const columns = [
    { key: 'name', label: '用人单位名称', aliases: ['用人单位', '单位名称'], required: true },
    { key: 'creditCode', label: '统一社会信用代码', aliases: ['信用代码'], required: true },
    { key: 'participantType', label: '参建单位类型', required: true },
    { key: 'contractNo', label: '合同报送编号', required: true },
  ];
  return importTable<Row>(input, columns, () => {
    const existing = new Set(s.db.select({ c: employers.creditCode }).from(employers).where(eq(employers.projectId, actor.projectId)).all().map((r) => r.c));
    return {
    check(row, accepted) {
      const v = row.values;
      const issues: RowIssue[] = [];
      if (!v.name) issues.push({ column: '用人单位名称', message: '不能为空' });
      else if (v.name.length > 100) issues.push({ column: '用人单位名称', message: '不能超过100个字' });
      const creditCode = (v.creditCode ?? '').toUpperCase();
      const codeError = creditCodeError(creditCode);
      if (codeError) issues.push({ column: '统一社会信用代码', message: codeError });
      else if (existing.has(creditCode)) issues.push({ column: '统一社会信用代码', message: '该用人单位已存在' });
      else if (accepted.some((a) => a.creditCode === creditCode)) issues.push({ column: '统一社会信用代码', message: '文件中重复' });
      const rawType = v.participantType ?? '';
      const participantType = participantTypes[rawType.padStart(3, '0')] ? rawType.padStart(3, '0') : typeByName.get(rawType);
      if (!participantType) issues.push({ column: '参建单位类型', message: `无效的参建单位类型“${rawType}”(应为 ${Object.entries(participantTypes).map(([c, n]) => `${c} ${n}`).join('、')})` });
      if (!/^[A-Za-z0-9-]{1,40}$/.test(v.contractNo ?? '')) issues.push({ column: '合同报送编号', message: '应为字母、数字和连字符' });
      if (issues.length > 0) return { ok: false, issues };
      return { ok: true, value: { name: v.name!, creditCode, participantType: participantType!, contractNo: v.contractNo! } };
    },
    write(rows) {
      const recorder = new ChangeRecorder(s.db); // write() runs inside the import's one transaction
      for (const r of rows) {
        const row = { id: newId(), projectId: actor.projectId, ...r, createdAt: at };
        s.db.insert(employers).values(row).run();
        recorder.change(authorOf(actor, at), 'employers', row.id, 'insert', row);
      }
      return rows.length;
    },
    preview: (r) => ({ 用人单位名称: r.name, 统一社会信用代码: r.creditCode, 参建单位类型: participantTypes[r.participantType] ?? r.participantType, 合同报送编号: r.contractNo }),
    };
  }, (fn) => s.db.transaction(fn));
}
