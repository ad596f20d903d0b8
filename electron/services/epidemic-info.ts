// 工地疫情防控信息: the site's team, hospital and supplies, and the scanned 建筑工地复工检查表.
import { and, eq, isNull } from 'drizzle-orm';
import { attachments, epidemicInfo, users } from '../../db/schema';
import { ApiError } from '../common/errors';
import type { EpidemicInfo, ParsedInput, StoredFile } from '../common/contract';
import { isoNow, type ProjectActor, type Services } from './context';
import { sniffMime } from './files';
import { newId } from './ids';
import { authorOf, recordChange } from './outbox';

export function getEpidemicInfo(s: Services, actor: ProjectActor): EpidemicInfo | null {
  const row = s.db.select({ info: epidemicInfo, by: users.name }).from(epidemicInfo)
    .innerJoin(users, eq(users.id, epidemicInfo.updatedBy))
    .where(eq(epidemicInfo.projectId, actor.projectId)).get();
  if (!row) return null;
  const { projectId: _projectId, ...info } = row.info;
  return { ...info, updatedBy: row.by };
}

export function saveEpidemicInfo(s: Services, actor: ProjectActor, input: ParsedInput<'epidemicInfo.save'>): EpidemicInfo {
  const at = isoNow(s.clock);
  const row = { projectId: actor.projectId, ...input, updatedAt: at, updatedBy: actor.userId };
  s.db.transaction((tx) => {
    const before = tx.select().from(epidemicInfo).where(eq(epidemicInfo.projectId, actor.projectId)).get();
    tx.insert(epidemicInfo).values(row).onConflictDoUpdate({ target: epidemicInfo.projectId, set: row }).run();
    recordChange(tx, authorOf(actor, at), 'epidemic_info', actor.projectId, before ? 'update' : 'insert', row, before);
  });
  return { ...input, updatedAt: at, updatedBy: actor.name };
}

function toStoredFile(row: typeof attachments.$inferSelect): StoredFile {
  return { id: row.id, fileName: row.fileName, mime: row.mime, size: row.size, sha256: row.sha256, createdAt: row.createdAt };
}

export function listChecklists(s: Services, actor: ProjectActor): StoredFile[] {
  return s.db.select().from(attachments)
    .where(and(eq(attachments.projectId, actor.projectId), eq(attachments.purpose, 'resumption_checklist'), isNull(attachments.deletedAt)))
    .orderBy(attachments.createdAt).all().map(toStoredFile);
}

export function uploadChecklist(s: Services, actor: ProjectActor, input: ParsedInput<'epidemicInfo.uploadChecklist'>): StoredFile {
  if (!s.db.select({ p: epidemicInfo.projectId }).from(epidemicInfo).where(eq(epidemicInfo.projectId, actor.projectId)).get()) {
    throw new ApiError('CONFLICT', '请先保存工地疫情防控信息记录,再上传建筑工地复工检查表!');
  }
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length === 0) throw new ApiError('VALIDATION', '文件为空');
  const actual = sniffMime(bytes);
  if (actual !== input.mime) throw new ApiError('VALIDATION', '文件内容不是有效的 jpg、png 或 pdf 文件');
  // The bytes go to disk first: a row never points at a file that is not there.
  const sha256 = s.files.put(bytes);
  const at = isoNow(s.clock);
  const row = {
    id: newId(),
    projectId: actor.projectId,
    purpose: 'resumption_checklist' as const,
    ownerId: actor.projectId,
    sha256,
    fileName: input.fileName,
    mime: actual,
    size: bytes.length,
    createdAt: at,
    createdBy: actor.userId,
    deletedAt: null,
  };
  s.db.transaction((tx) => {
    tx.insert(attachments).values(row).run();
    recordChange(tx, authorOf(actor, at), 'attachments', row.id, 'insert', row);
  });
  return toStoredFile(row);
}

export function deleteChecklist(s: Services, actor: ProjectActor, id: string): void {
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const row = tx.select().from(attachments)
      .where(and(eq(attachments.id, id), eq(attachments.projectId, actor.projectId), isNull(attachments.deletedAt))).get();
    if (!row) throw new ApiError('NOT_FOUND', '未找到该文件');
    // Kept as a tombstone: the file stays on disk and in the history, only hidden from the list.
    tx.update(attachments).set({ deletedAt: at }).where(eq(attachments.id, id)).run();
    recordChange(tx, authorOf(actor, at), 'attachments', id, 'update', { ...row, deletedAt: at }, row);
  });
}

export function readFile(s: Services, actor: ProjectActor, id: string): { fileName: string; mime: string; dataBase64: string } {
  const row = s.db.select().from(attachments).where(and(eq(attachments.id, id), eq(attachments.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该文件');
  return { fileName: row.fileName, mime: row.mime, dataBase64: s.files.read(row.sha256).toString('base64') };
}
