// The audit trail screen: browse the rows of this project, check the hash chain, export.
import { and, asc, count, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import { auditLog, userProjects } from '../../db/schema';
import { redact } from '../common/redact';
import type { ParsedInput } from '../common/contract';
import type { ProjectActor, Services } from './context';
import { auditDigest, auditKeyOf, GENESIS_HASH, legacyAuditDigest } from './outbox';
import { auditRows, readAuditKey } from './security/audit-key';
import { anchorsOf, RESTORE_ACTION } from './security/audit-anchors';
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
 * Walks the whole chain: every row's MAC must match its content under the audit key, link to the
 * row before, and the sequence must have no holes. An edited row breaks its MAC; a deleted one, the
 * link or the sequence. A cut tail leaves a whole chain, so the heads written down elsewhere (backup
 * manifests, the central system's acknowledgements) must each still be in it, unchanged.
 */
export function verifyAudit(s: Services): { ok: boolean; checked: number; brokenAt: number | null; message: string } {
  const { key, legacyUntil } = readAuditKey(s.secrets) ?? { key: auditKeyOf(s.db), legacyUntil: 0 };
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let lastRestoreAt = '';
  const hashes = new Map<number, string>();
  const anchors = anchorsOf(s);
  const wanted = new Set(anchors.map((a) => a.head.seq));
  for (const row of auditRows(s)) {
    const { hash, ...content } = row;
    const fail = (why: string) => ({ ok: false, checked, brokenAt: row.seq, message: `审计记录第 ${row.seq} 条${why}:审计记录可能被修改或删除` });
    if (row.seq !== expectedSeq) return { ...fail(`之前缺少第 ${expectedSeq} 条`), brokenAt: expectedSeq };
    if (row.prevHash !== prevHash) return fail('与前一条记录不衔接');
    // Rows of older versions that could not be re-chained under the key (security/audit-key.ts).
    const macOk = auditDigest(content, key) === hash || (row.seq <= legacyUntil && legacyAuditDigest(content) === hash);
    if (!macOk) return fail('内容与校验值不符');
    if (wanted.has(row.seq)) hashes.set(row.seq, hash);
    if (row.action === RESTORE_ACTION) lastRestoreAt = row.at;
    prevHash = hash;
    expectedSeq++;
    checked++;
  }
  for (const anchor of anchors) {
    const fail = (message: string) => ({ ok: false, checked, brokenAt: anchor.head.seq, message });
    if (anchor.forged) return fail(`${anchor.where}的校验值不符:清单被改动过`);
    const found = hashes.get(anchor.head.seq);
    if (found === anchor.head.hash) continue;
    // A head written before the last restore belongs to the timeline the restore left behind.
    if (anchor.at <= lastRestoreAt) continue;
    if (found === undefined) {
      return fail(`审计记录末尾缺失:${anchor.where}记录到第 ${anchor.head.seq} 条,现在只有 ${checked} 条,之后的记录被删除`);
    }
    return fail(`审计记录第 ${anchor.head.seq} 条与${anchor.where}记录的不同:审计记录可能被修改或删除`);
  }
  return { ok: true, checked, brokenAt: null, message: `审计记录完整,共 ${checked} 条${anchors.length > 0 ? `(已与 ${anchors.length} 处备份清单和回执核对)` : ''}` };
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
