// 备份与恢复: a backup at start (at most once a day) and on demand with SQLite's online backup,
// kept for 30 days; restoring one keeps a copy of the current state first. The live database is
// swapped under the same Services object, so every later call reads the restored data.
//
// A restore never leaves the folder without a whole database under the live name: the backup is
// copied beside it, brought up to this program's schema, changed (sessions gone, a new outbox
// generation for sync) and flushed first; only then is the live file kept under another name (a
// hard link, so the live name never disappears) and replaced by one rename, and the folder flushed.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { BACKUP_DIR, DATABASE_FILE, applyMigrations, durabilityOf, openDatabase } from '../../db/open';
import * as schema from '../../db/schema';
import { backupFileName, backupFileNamePattern } from '../common/backup-names';
import { ApiError } from '../common/errors';
import { siteDate } from '../common/time';
import type { StorageInfo } from '../common/contract';
import type { Services } from './context';
import { replacedState, startGeneration, type ReplacedState } from './sync/generations';
import { BACKUP_MANIFEST_SUFFIX, recordRestoreInAudit, writeBackupManifest } from './security/audit-anchors';

export const KEEP_DAYS = 30;

export interface BackupInfo {
  fileName: string;
  reason: string;
  createdAt: string;
  size: number;
  /** 1, or 2 and on for a later backup of the same second. */
  n: number;
}

function backupDir(s: { dataDir: string }): string {
  return path.join(s.dataDir, BACKUP_DIR);
}

function infoOf(dir: string, fileName: string): BackupInfo | null {
  const m = backupFileNamePattern.exec(fileName);
  if (!m) return null;
  const [, d, t, reason, n] = m;
  const createdAt = new Date(`${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6, 8)}T${t!.slice(0, 2)}:${t!.slice(2, 4)}:${t!.slice(4, 6)}Z`).toISOString();
  return { fileName, reason: reason!, createdAt, size: fs.statSync(path.join(dir, fileName)).size, n: n ? Number(n) : 1 };
}

/** Newest first; of one second, the later (higher number) first. */
export function listBackups(s: { dataDir: string }): BackupInfo[] {
  const dir = backupDir(s);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((f) => infoOf(dir, f)).filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.n - a.n || b.fileName.localeCompare(a.fileName));
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries (a rename is durable only once its folder is), where the system allows it. */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (e) {
    // Windows cannot open a folder for flushing; NTFS journals its renames itself.
    if (process.platform !== 'win32') throw e;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Gives a finished file its backup name without ever replacing another backup: a hard link fails
 * when the name exists, so a second backup of the same second takes the next number.
 */
function publishBackup(tmp: string, dir: string, reason: string, at: Date): string {
  for (let n = 1; n < 10000; n++) {
    const fileName = backupFileName(reason, at, n);
    try {
      fs.linkSync(tmp, path.join(dir, fileName));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw e;
      // A file system without hard links: the folder lock keeps other processes out, so the check holds.
      if (fs.existsSync(path.join(dir, fileName))) continue;
      fs.renameSync(tmp, path.join(dir, fileName));
      fsyncDir(dir);
      return fileName;
    }
    fs.rmSync(tmp, { force: true });
    fsyncDir(dir);
    return fileName;
  }
  throw new ApiError('STORAGE', '同一秒内的备份过多,请稍后再试');
}

/**
 * A copy whole in itself: SQLite's backup keeps the live file's write-ahead-log mode, and a WAL file
 * cannot even be read without a -wal and -shm beside it (every read-only look at it would leave
 * them, and a USB stick mounted read-only could not open it). In a rollback journal it needs nothing.
 */
function selfContained(file: string, nativeBinding?: string): void {
  const db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** An online backup (the app keeps working while it runs), written under a temporary name first. */
export async function backupNow(s: Services, reason: 'daily' | 'manual' | 'pre-restore'): Promise<BackupInfo> {
  const dir = backupDir(s);
  fs.mkdirSync(dir, { recursive: true });
  const at = s.clock.now();
  const tmp = path.join(dir, `.${backupFileName(reason, at)}.${process.pid}.partial`);
  let fileName: string;
  try {
    await s.sqlite.backup(tmp);
    selfContained(tmp, s.nativeBinding);
    fsyncFile(tmp);
    fileName = publishBackup(tmp, dir, reason, at);
    // The audit head this backup holds, under the key, beside it: a later cut of the log shows.
    writeBackupManifest(s, path.join(dir, fileName));
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC' || (e as { code?: string }).code === 'SQLITE_FULL') {
      throw new ApiError('STORAGE', '磁盘空间不足,备份未完成');
    }
    throw e;
  }
  pruneBackups(s);
  return infoOf(dir, fileName)!;
}

/**
 * A backup file from elsewhere (another folder, a USB stick), checked and copied into the backups
 * folder under a backup name of its own (reason 'imported'), so that it can be restored like any.
 */
export function adoptBackupFile(s: Services, file: string): BackupInfo {
  checkBackupFile(file);
  const dir = backupDir(s);
  fs.mkdirSync(dir, { recursive: true });
  const at = s.clock.now();
  const tmp = path.join(dir, `.${backupFileName('imported', at)}.${process.pid}.partial`);
  try {
    fs.copyFileSync(file, tmp);
    fsyncFile(tmp);
    return infoOf(dir, publishBackup(tmp, dir, 'imported', at))!;
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC') throw new ApiError('STORAGE', '磁盘空间不足,备份文件未能复制');
    throw e;
  }
}

/** Drops backups older than 30 days, always keeping the newest one. */
export function pruneBackups(s: Services): string[] {
  const cutoff = s.clock.now().getTime() - KEEP_DAYS * 86400000;
  const [newest, ...rest] = listBackups(s);
  const dropped = rest.filter((b) => new Date(b.createdAt).getTime() < cutoff).map((b) => b.fileName);
  for (const f of dropped) {
    // With its manifest, and what a look at a WAL-mode backup of an older version left beside it.
    for (const suffix of ['', BACKUP_MANIFEST_SUFFIX, '-wal', '-shm']) fs.rmSync(path.join(backupDir(s), f + suffix), { force: true });
  }
  void newest;
  return dropped;
}

/** How the live connection writes (read back from SQLite), for 备份与恢复 and the durability test. */
export function storageStatus(s: Services): StorageInfo {
  return { ...durabilityOf(s.sqlite), databaseBytes: fs.statSync(path.join(s.dataDir, DATABASE_FILE)).size };
}

/** The start-up backup: once a (site) day. */
export async function dailyBackupIfDue(s: Services): Promise<BackupInfo | null> {
  const today = siteDate(s.clock.now());
  const done = listBackups(s).some((b) => b.reason === 'daily' && siteDate(new Date(b.createdAt)) === today);
  return done ? null : backupNow(s, 'daily');
}

function checkBackupFile(file: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new ApiError('CORRUPT', '该备份文件已损坏,不能用于恢复');
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('CORRUPT', '该备份文件无法读取,不能用于恢复');
  } finally {
    db?.close();
  }
}

export function backupPath(s: { dataDir: string }, fileName: string): string {
  if (!backupFileNamePattern.test(fileName)) throw new ApiError('VALIDATION', '备份文件名无效');
  const file = path.join(backupDir(s), fileName);
  if (!fs.existsSync(file)) throw new ApiError('NOT_FOUND', '未找到该备份');
  return file;
}

/** A name for the replaced file that no earlier restore has taken. */
function asideName(live: string, suffix: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  for (let n = 1; ; n++) {
    const candidate = `${live}.${suffix}-${stamp}${n > 1 ? `-${n}` : ''}`;
    if (!fs.existsSync(candidate)) return candidate;
  }
}

/**
 * Puts a backup in place of the live database file, which is kept under another name, never
 * overwritten. Used by restore (with the app's connection closed) and by recovery (when the
 * database would not open). At every moment the live name holds a whole database: the old one
 * until the final rename, the restored one after it.
 */
export function installBackup(dataDir: string, fileName: string, asideSuffix: string, at: Date, replaced: ReplacedState | null = null): string {
  const source = backupPath({ dataDir }, fileName);
  checkBackupFile(source);
  const live = path.join(dataDir, DATABASE_FILE);
  const staged = `${live}.restoring`;
  const aside = asideName(live, asideSuffix, at);
  // 1. The replacement, whole, beside the live file. A copy left by an interrupted restore goes first.
  try {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(staged + suffix, { force: true });
    fs.copyFileSync(source, staged);
    const restored = new Database(staged);
    try {
      // In itself complete: no write-ahead log beside it that the rename would leave behind.
      restored.pragma('journal_mode = DELETE');
      applyMigrations(restored, drizzle(restored, { schema }));
      restored.transaction(() => {
        // Sessions in a backup belong to the past: after a restore everyone signs in again.
        restored.prepare('delete from sessions').run();
        // Changes recorded from now on must not pass for those made after the backup (sync).
        startGeneration(restored, { backupFile: fileName, at: at.toISOString(), keptAs: path.basename(aside), replaced });
      })();
    } finally {
      restored.close();
    }
    fsyncFile(staged);
    fsyncDir(dataDir);
  } catch (e) {
    for (const suffix of ['', '-journal']) {
      try {
        fs.rmSync(staged + suffix, { force: true });
      } catch {
        // what stands in the way is reported below
      }
    }
    if (e instanceof ApiError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC' || (e as { code?: string }).code === 'SQLITE_FULL') {
      throw new ApiError('STORAGE', '磁盘空间不足,恢复未进行,现有数据未改动');
    }
    throw new ApiError('STORAGE', `无法在数据文件夹中写入恢复用的副本(${path.basename(staged)}),恢复未进行,现有数据未改动`);
  }
  // 2. The current file is kept under another name, while it stays the live one too.
  if (fs.existsSync(live)) {
    try {
      fs.linkSync(live, aside);
    } catch {
      fs.copyFileSync(live, aside); // no hard links here: a copy, still before anything is replaced
    }
  }
  // Its write-ahead log belongs to it alone: left beside the restored file, SQLite would replay it
  // into that file. (After a clean close there is none; a damaged database may have one.)
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(live + suffix)) fs.renameSync(live + suffix, aside + suffix);
  }
  // 3. One rename replaces it.
  fs.renameSync(staged, live);
  fsyncDir(dataDir);
  return path.basename(aside);
}

/** 恢复: a backup of the current state first, then the chosen backup in its place, reopened, and who did it written to the restored audit trail. */
export async function restoreBackup(s: Services, fileName: string, actorName: string): Promise<{ restored: string; keptAs: string; safetyBackup: string }> {
  checkBackupFile(backupPath(s, fileName));
  const safety = await backupNow(s, 'pre-restore');
  const replaced = replacedState(s.sqlite);
  s.sqlite.close();
  let keptAs: string;
  try {
    keptAs = installBackup(s.dataDir, fileName, 'before-restore', s.clock.now(), replaced);
  } finally {
    // Whatever happened, the services get a working connection again.
    const reopened = openDatabase(s.dataDir, { nativeBinding: s.nativeBinding });
    s.sqlite = reopened.sqlite;
    s.db = reopened.db;
  }
  recordRestoreInAudit(s, fileName, actorName);
  return { restored: fileName, keptAs, safetyBackup: safety.fileName };
}
