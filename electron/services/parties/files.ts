// The files of the site modules' records, for every account of the project: a 监理 or 建设 account
// reads a test report or a reply's photos here, never a health form or a checklist (files.get).
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { attachments, siteRecordPurposes } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ProjectActor, Services } from '../context';

const readable = [...siteRecordPurposes, 'rectification'] as const;

export function readRecordFile(s: Services, actor: ProjectActor, id: string): GeneratedFile {
  const row = s.db.select().from(attachments).where(and(eq(attachments.id, id), eq(attachments.projectId, actor.projectId), inArray(attachments.purpose, [...readable]), isNull(attachments.deletedAt))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该文件');
  return { fileName: row.fileName, mime: row.mime, dataBase64: s.files.read(row.sha256).toString('base64') };
}

/** The files of owners (records) of one purpose, by owner. */
export function filesOf(s: Services, purpose: (typeof readable)[number], ownerIds: string[]) {
  const map = new Map<string, { id: string; fileName: string; mime: string; size: number; sha256: string; createdAt: string }[]>();
  if (ownerIds.length === 0) return map;
  const rows = s.db.select().from(attachments).where(and(eq(attachments.purpose, purpose), inArray(attachments.ownerId, ownerIds), isNull(attachments.deletedAt))).orderBy(attachments.createdAt).all();
  for (const r of rows) map.set(r.ownerId, [...(map.get(r.ownerId) ?? []), { id: r.id, fileName: r.fileName, mime: r.mime, size: r.size, sha256: r.sha256, createdAt: r.createdAt }]);
  return map;
}
