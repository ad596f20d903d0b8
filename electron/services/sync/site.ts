// The 同步 screen of a site: what is waiting, what was exported and acknowledged, the push queue,
// and the settings (central URL, the central system's registration). Files the user brings in
// (回执, 参考数据, 注册文件) arrive as uploads and are handled here.
import fs from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { syncAcks, syncExports, syncSiteState } from '../../../db/schema';
import type { ParsedInput } from '../../common/contract';
import type { AckInfo, ExportInfo, SyncStatus } from '../../common/contract-sync';
import { ApiError } from '../../common/errors';
import type { Actor, Services } from '../context';
import { newId } from '../ids';
import { importAck, parseAckText, type AckResult } from './ack';
import { exportBundle, lastSeq, pendingCount, siteState } from './export';
import { centralPeer, ensureInstallation, parseRegistration, registrationFileName, registrationOf, requireRole, trustRegistration, type PeerView, type Registration } from './identity';
import { checkCentralUrl, kickPushQueue, listPushes } from './push';
import { applyReference, type ReferenceResult } from './reference';
import { lastRestore } from './generations';

function toExport(row: typeof syncExports.$inferSelect): ExportInfo {
  return { id: row.id, firstSeq: row.firstSeq, lastSeq: row.lastSeq, changes: row.changes, files: row.files, size: row.size, path: row.path, channel: row.channel, createdAt: row.createdAt };
}

function toAck(row: typeof syncAcks.$inferSelect): AckInfo {
  return { id: row.id, lastSeq: row.lastSeq, previousSeq: row.previousSeq, status: row.status, via: row.via, receivedAt: row.receivedAt };
}

export function status(s: Services): SyncStatus {
  const identity = requireRole(s, 'site');
  const state = siteState(s);
  const exports = s.db.select().from(syncExports).orderBy(desc(syncExports.createdAt), desc(syncExports.id)).limit(20).all().map(toExport);
  const acks = s.db.select().from(syncAcks).orderBy(desc(syncAcks.receivedAt), desc(syncAcks.id)).limit(20).all().map(toAck);
  const central = centralPeer(s);
  const queue = listPushes(s, 20);
  // A screen that shows the queue also keeps it moving (after a restart, say).
  if (queue.some((p) => p.status === 'queued' || p.status === 'retrying' || p.status === 'sending')) kickPushQueue(s);
  return {
    installation: { id: identity.installationId, fingerprint: identity.fingerprint, createdAt: identity.createdAt },
    pending: pendingCount(s),
    ackedSeq: state.ackedSeq,
    ackedAt: state.ackedAt,
    lastSeq: lastSeq(s),
    lastExport: exports[0] ?? null,
    lastAck: acks[0] ?? null,
    central: central ? {
      installationId: central.installationId, role: central.role, name: central.name, fingerprint: central.fingerprint,
      trustedAt: central.trustedAt, lastAppliedSeq: central.lastAppliedSeq, lastBundleAt: central.lastBundleAt,
    } : null,
    centralUrl: state.centralUrl,
    exportFolder: state.exportFolder || path.join(s.dataDir, 'sync', 'export'),
    referenceSeq: state.referenceSeq,
    queue,
    exports,
    acks,
    restore: restoreView(s),
  };
}

function restoreView(s: Services): SyncStatus['restore'] {
  const r = lastRestore(s);
  if (!r) return null;
  // What reference bundles applied since brought back (their summaries count it).
  let returned = 0;
  for (const summary of s.sqlite.prepare("select summary from sync_reference_bundles where direction = 'applied' and at >= ?").pluck().all(r.restoredAt) as string[]) {
    returned += (JSON.parse(summary) as { returned?: number }).returned ?? 0;
  }
  return {
    backupFile: r.backupFile, restoredAt: r.restoredAt, firstSeq: r.firstSeq, generations: r.generations,
    previousLastSeq: r.previousLastSeq, previousAckedSeq: r.previousAckedSeq, keptAs: r.keptAs, returned, announced: r.announced,
  };
}

export async function exportToFolder(s: Services, folder: string) {
  if (!path.isAbsolute(folder)) throw new ApiError('VALIDATION', '请填写完整的文件夹路径(例如 E:\\ 或 /media/usb)', [{ path: 'folder', message: '请填写完整路径' }]);
  const r = await exportBundle(s, { folder, channel: 'folder' });
  return { path: r.path, fileName: r.fileName, firstSeq: r.firstSeq, lastSeq: r.lastSeq, changes: r.changes, files: r.files, size: r.size };
}

function decode(input: { dataBase64: string }): string {
  return Buffer.from(input.dataBase64, 'base64').toString('utf8');
}

export function importAckUpload(s: Services, actor: Actor, input: ParsedInput<'sync.importAck'>): AckResult {
  return importAck(s, parseAckText(decode(input)), 'file', actor.name);
}

/** The upload goes to a temporary file: the bundle reader works on files, part by part. */
export function importReferenceUpload(s: Services, actor: Actor, input: ParsedInput<'sync.importReference'>): ReferenceResult {
  const dir = path.join(s.dataDir, 'sync', 'incoming');
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `${newId()}-${input.fileName}`);
  fs.writeFileSync(tmp, Buffer.from(input.dataBase64, 'base64'));
  try {
    return applyReference(s, tmp, actor.name);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export function registrationDownload(s: Services) {
  const r = registrationOf(s);
  return { fileName: registrationFileName(r), mime: 'application/json', dataBase64: Buffer.from(JSON.stringify(r, null, 2)).toString('base64') };
}

export function trustUpload(s: Services, actor: Actor, input: { dataBase64: string }): PeerView {
  return trustRegistration(s, uploadedRegistration(input), actor.name);
}

/** An uploaded registration file, parsed and checked. */
export function uploadedRegistration(input: { dataBase64: string }): Registration {
  return parseRegistration(decode(input));
}

export function saveSettings(s: Services, input: ParsedInput<'sync.saveSettings'>): { centralUrl: string } {
  ensureInstallation(s);
  const centralUrl = input.centralUrl.replace(/\/+$/, '');
  if (centralUrl) checkCentralUrl(centralUrl);
  s.db.update(syncSiteState).set({ centralUrl }).where(eq(syncSiteState.id, 1)).run();
  return { centralUrl: siteState(s).centralUrl };
}
