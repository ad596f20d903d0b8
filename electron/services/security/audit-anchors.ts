// Where the audit trail's head (its last row's number and hash) is written down outside the live
// chain, so that cutting the tail off the log shows: in a manifest beside every backup (under the
// audit key), and in every sync bundle's signed manifest, which the central system signs back in
// its acknowledgement. 校验审计记录 checks the live chain against each of them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { desc } from 'drizzle-orm';
import { auditLog, syncAcks } from '../../../db/schema';
import { BACKUP_DIR } from '../../../db/open';
import { canonicalJson } from '../sync/identity';
import { isoNow, type Services } from '../context';
import { auditKeyOf, recordAudit } from '../outbox';

export interface AuditHead {
  seq: number;
  hash: string;
}

export const BACKUP_MANIFEST_SUFFIX = '.manifest.json';
const MANIFEST_FORMAT = 'siteoffice-backup-manifest';

export function auditHead(s: Services): AuditHead | null {
  const row = s.db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
  return row ?? null;
}

interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  fileName: string;
  size: number;
  sha256: string;
  createdAt: string;
  auditHead: AuditHead | null;
  mac: string;
}

function macOf(key: Buffer, body: Omit<BackupManifest, 'mac'>): string {
  return crypto.createHmac('sha256', key).update(canonicalJson(body)).digest('hex');
}

/**
 * Writes <backup>.manifest.json: the backup's size and SHA-256 and the audit head it holds (read
 * from the backup itself: an online backup may take in rows written while it ran), under the key.
 */
export function writeBackupManifest(s: Services, backupFile: string): void {
  const copy = new Database(backupFile, { readonly: true, fileMustExist: true, ...(s.nativeBinding ? { nativeBinding: s.nativeBinding } : {}) });
  let head: AuditHead | null;
  try {
    head = (copy.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as AuditHead | undefined) ?? null;
  } finally {
    copy.close();
  }
  const bytes = fs.readFileSync(backupFile);
  const body = {
    format: MANIFEST_FORMAT,
    fileName: path.basename(backupFile),
    size: bytes.length,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    createdAt: isoNow(s.clock),
    auditHead: head,
  } as const;
  const manifest: BackupManifest = { ...body, mac: macOf(auditKeyOf(s.db), body) };
  const target = `${backupFile}${BACKUP_MANIFEST_SUFFIX}`;
  fs.writeFileSync(`${target}.tmp`, JSON.stringify(manifest, null, 2));
  fs.renameSync(`${target}.tmp`, target);
}

/** A recorded head, and where it was recorded, in the user's words. */
export interface Anchor {
  head: AuditHead;
  where: string;
  at: string;
  /** A manifest whose own MAC fails: someone edited it. */
  forged: boolean;
}

function backupAnchors(s: Services): Anchor[] {
  const dir = path.join(s.dataDir, BACKUP_DIR);
  if (!fs.existsSync(dir)) return [];
  const key = auditKeyOf(s.db);
  const anchors: Anchor[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(BACKUP_MANIFEST_SUFFIX))) {
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as BackupManifest;
    } catch {
      continue;
    }
    if (manifest.format !== MANIFEST_FORMAT || !manifest.auditHead) continue;
    const { mac, ...body } = manifest;
    anchors.push({ head: manifest.auditHead, where: `备份 ${manifest.fileName} 的清单`, at: manifest.createdAt, forged: macOf(key, body) !== mac });
  }
  return anchors;
}

function ackAnchors(s: Services): Anchor[] {
  return s.db.select({ ack: syncAcks.ack, at: syncAcks.receivedAt }).from(syncAcks).all().flatMap((r) => {
    const head = (JSON.parse(r.ack) as { auditHead?: AuditHead | null }).auditHead;
    // Acknowledgements are checked (signed by the registered central system) before they are stored.
    return head ? [{ head, where: `中心系统 ${r.at.slice(0, 10)} 的回执`, at: r.at, forged: false }] : [];
  });
}

export function anchorsOf(s: Services): Anchor[] {
  return [...backupAnchors(s), ...ackAnchors(s)].sort((a, b) => a.at.localeCompare(b.at));
}

export const RESTORE_ACTION = 'backup_restore';

/**
 * Written into the restored chain after a backup is put in place: the heads recorded after that
 * backup belong to the timeline the restore left, and 校验审计记录 says so instead of crying
 * truncation. Being an audit row, it is under the key like any other.
 */
export function recordRestoreInAudit(s: Services, fileName: string, actorName: string): void {
  recordAudit(s.db, { at: isoNow(s.clock), actorId: null, actorName, projectId: null }, { action: RESTORE_ACTION, after: { fileName } });
}
