// 备份与恢复: a backup at start (at most once a day) and on demand with SQLite's online backup,
// kept for 30 days; restoring one keeps a copy of the current state first. The live database is
// swapped under the same Services object, so every later call reads the restored data.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BACKUP_DIR, DATABASE_FILE, backupFileName, durabilityOf, openDatabase } from '../../db/open';
import { ApiError } from '../common/errors';
import { siteDate } from '../common/time';
import type { StorageInfo } from '../common/contract';
import type { Services } from './context';

export const KEEP_DAYS = 30;
const NAME = /^siteoffice-(\d{8})-(\d{6})-([a-z-]+)\.sqlite$/;

export interface BackupInfo {
  fileName: string;
  reason: string;
  createdAt: string;
  size: number;
}

function backupDir(s: { dataDir: string }): string {
  return path.join(s.dataDir, BACKUP_DIR);
}

function infoOf(dir: string, fileName: string): BackupInfo | null {
  const m = NAME.exec(fileName);
  if (!m) return null;
  const [, d, t, reason] = m;
  const createdAt = new Date(`${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6, 8)}T${t!.slice(0, 2)}:${t!.slice(2, 4)}:${t!.slice(4, 6)}Z`).toISOString();
  return { fileName, reason: reason!, createdAt, size: fs.statSync(path.join(dir, fileName)).size };
}

/** Newest first. */
export function listBackups(s: { dataDir: string }): BackupInfo[] {
  const dir = backupDir(s);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((f) => infoOf(dir, f)).filter((b): b is BackupInfo => b !== null)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.fileName.localeCompare(a.fileName));
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** An online backup (the app keeps working while it runs), written under a temporary name first. */
export async function backupNow(s: Services, reason: 'daily' | 'manual' | 'pre-restore'): Promise<BackupInfo> {
  const dir = backupDir(s);
  fs.mkdirSync(dir, { recursive: true });
  const fileName = backupFileName(reason, s.clock.now());
  const target = path.join(dir, fileName);
  const tmp = `${target}.partial`;
  try {
    await s.sqlite.backup(tmp);
    fsyncFile(tmp);
    fs.renameSync(tmp, target);
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

/** Drops backups older than 30 days, always keeping the newest one. */
export function pruneBackups(s: Services): string[] {
  const cutoff = s.clock.now().getTime() - KEEP_DAYS * 86400000;
  const [newest, ...rest] = listBackups(s);
  const dropped = rest.filter((b) => new Date(b.createdAt).getTime() < cutoff).map((b) => b.fileName);
  for (const f of dropped) fs.rmSync(path.join(backupDir(s), f), { force: true });
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
  if (!NAME.test(fileName)) throw new ApiError('VALIDATION', '备份文件名无效');
  const file = path.join(backupDir(s), fileName);
  if (!fs.existsSync(file)) throw new ApiError('NOT_FOUND', '未找到该备份');
  return file;
}

/**
 * Puts a backup in place of the live database file. The file it replaces is moved aside, never
 * overwritten. Used by restore (with the app open) and by recovery (when the database would not open).
 */
export function installBackup(dataDir: string, fileName: string, asideSuffix: string, at: Date): string {
  const source = backupPath({ dataDir }, fileName);
  checkBackupFile(source);
  const live = path.join(dataDir, DATABASE_FILE);
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const aside = `${live}.${asideSuffix}-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(live + suffix)) fs.renameSync(live + suffix, aside + suffix);
  }
  fs.copyFileSync(source, `${live}.restoring`);
  // Sessions in a backup belong to the past: after a restore everyone signs in again.
  const restored = new Database(`${live}.restoring`);
  try {
    restored.prepare('delete from sessions').run();
  } finally {
    restored.close();
  }
  fsyncFile(`${live}.restoring`);
  fs.renameSync(`${live}.restoring`, live);
  return path.basename(aside);
}

/** 恢复: a backup of the current state first, then the chosen backup in its place, reopened. */
export async function restoreBackup(s: Services, fileName: string): Promise<{ restored: string; keptAs: string; safetyBackup: string }> {
  checkBackupFile(backupPath(s, fileName));
  const safety = await backupNow(s, 'pre-restore');
  s.sqlite.close();
  let keptAs: string;
  try {
    keptAs = installBackup(s.dataDir, fileName, 'before-restore', s.clock.now());
  } finally {
    // Whatever happened, the services get a working connection again.
    const reopened = openDatabase(s.dataDir, { nativeBinding: s.nativeBinding });
    s.sqlite = reopened.sqlite;
    s.db = reopened.db;
  }
  return { restored: fileName, keptAs, safetyBackup: safety.fileName };
}
