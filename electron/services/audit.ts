// The audit trail screen: browse the rows of this project, check the hash chain, export.
import { and, asc, count, desc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { auditLog, userProjects } from '../../db/schema';
import { redact } from '../common/redact';
import type { ParsedInput } from '../common/contract';
import type { ProjectActor, Services } from './context';
import { auditDigest, GENESIS_HASH } from './outbox';
import { writeXlsx } from './tabular';

export interface AuditRow {
  seq: number;
  at: string;
  actorName: string;
  action: string;
  tableName: string | null;
  rowId: string | null;
  before: string | null;
  after: string | null;
}

/** This project's rows, and the sign-ins of the accounts that work on it. */
function scoped(s: Services, actor: ProjectActor) {
  const members = s.db.select({ id: userProjects.userId }).from(userProjects).where(eq(userProjects.projectId, actor.projectId));
  return or(eq(auditLog.projectId, actor.projectId), and(isNull(auditLog.projectId), inArray(auditLog.actorId, members)));
}

/** Full ID numbers never leave through this screen: the JSON is masked like every list. */
function toRow(r: typeof auditLog.$inferSelect): AuditRow {
  return {
    seq: r.seq,
    at: r.at,
    actorName: redact(r.actorName),
    action: r.action,
    tableName: r.tableName,
    rowId: r.rowId,
    before: r.before === null ? null : redact(r.before),
    after: r.after === null ? null : redact(r.after),
  };
}

export function listAudit(s: Services, actor: ProjectActor, input: ParsedInput<'audit.list'>): { rows: AuditRow[]; total: number } {
  const where = and(scoped(s, actor), input.tableName ? eq(auditLog.tableName, input.tableName) : undefined, input.rowId ? eq(auditLog.rowId, input.rowId) : undefined);
  const total = s.db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const rows = s.db.select().from(auditLog).where(where).orderBy(desc(auditLog.seq))
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: rows.map(toRow), total };
}

/**
 * Walks the whole chain: every row's hash must match its content, link to the row before, and the
 * sequence must have no holes. An edited row breaks its hash; a deleted one, the link or the sequence.
 */
export function verifyAudit(s: Services): { ok: boolean; checked: number; brokenAt: number | null; message: string } {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const pageSize = 5000;
  let after = 0;
  for (;;) {
    const rows = s.db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(pageSize).all();
    if (rows.length === 0) break;
    for (const row of rows) {
      const { hash, ...content } = row;
      const fail = (why: string) => ({ ok: false, checked, brokenAt: row.seq, message: `审计记录第 ${row.seq} 条${why}:审计记录可能被修改或删除` });
      if (row.seq !== expectedSeq) return { ...fail(`之前缺少第 ${expectedSeq} 条`), brokenAt: expectedSeq };
      if (row.prevHash !== prevHash) return fail('与前一条记录不衔接');
      if (auditDigest(content) !== hash) return fail('内容与校验值不符');
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    after = rows[rows.length - 1]!.seq;
  }
  return { ok: true, checked, brokenAt: null, message: `审计记录完整,共 ${checked} 条` };
}

const actionLabels: Record<string, string> = {
  insert: '新增', update: '修改', delete: '删除', sign_in: '登录', sign_in_failed: '登录失败', sign_out: '退出', export: '导出',
};

export async function exportAudit(s: Services, actor: ProjectActor): Promise<{ fileName: string; mime: string; dataBase64: string }> {
  const rows = s.db.select().from(auditLog).where(scoped(s, actor)).orderBy(asc(auditLog.seq)).all().map(toRow);
  const bytes = await writeXlsx('审计记录', [
    { key: 'seq', label: '序号', width: 8 },
    { key: 'at', label: '时间', width: 22 },
    { key: 'actorName', label: '操作人', width: 12 },
    { key: 'action', label: '操作', width: 10 },
    { key: 'tableName', label: '数据表', width: 16 },
    { key: 'rowId', label: '记录', width: 38 },
    { key: 'before', label: '修改前', width: 60 },
    { key: 'after', label: '修改后', width: 60 },
  ], rows.map((r) => ({ ...r, action: actionLabels[r.action] ?? r.action })));
  return { fileName: '审计记录.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', dataBase64: bytes.toString('base64') };
}
