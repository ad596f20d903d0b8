// Opening a data folder: take its lock, open SQLite with the durability we chose on purpose, and
// apply the committed migrations in one transaction before anything else touches the database.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { withStatementCache } from './statement-cache';
import { ApiError } from '../electron/common/errors';
import { backupFileName } from '../electron/common/backup-names';
import { findFolder } from './find-folder';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedStore {
  dataDir: string;
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

export const DATABASE_FILE = 'siteoffice.sqlite';
const LOCK_FILE = 'siteoffice.lock';

/** The migrations folder, wherever this module runs from (sources under vitest, or dist/ bundles). */
export function migrationsFolder(): string {
  const candidates = [
    path.resolve(__dirname, 'migrations'),
    path.resolve(__dirname, '../../db/migrations'),
    path.resolve(__dirname, '../db/migrations'),
    path.resolve(process.cwd(), 'db/migrations'),
  ];
  return findFolder('migrations folder', candidates, path.join('meta', '_journal.json'));
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process at a time may own a data folder: two writers on one SQLite file through different
 * processes would work, but two app instances would each believe their caches and sessions.
 */
export function acquireLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processIsAlive(owner)) {
        throw new ApiError('DATA_DIR_IN_USE', `数据文件夹 ${dataDir} 正被另一个程序(进程 ${owner})使用,请先关闭它`);
      }
      // A lock left by a process that died (power cut, kill -9): take it over.
      fs.unlinkSync(lockPath);
    }
  }
  throw new ApiError('DATA_DIR_IN_USE', `无法锁定数据文件夹 ${dataDir}`);
}

/** How many committed migrations this database has not had yet. */
function pendingMigrations(sqlite: Database.Database): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const table = sqlite.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  const applied = table ? (sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n : 0;
  return journal.entries.length - applied;
}

function hasUserTables(sqlite: Database.Database): boolean {
  return !!sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'users'").get();
}

export const BACKUP_DIR = 'backups';

/** A path in `dir` for a backup made now for `reason` that no other backup has taken. */
export function freeBackupPath(dir: string, reason: string, at = new Date()): string {
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, backupFileName(reason, at, n));
    if (!fs.existsSync(candidate)) return candidate;
  }
}

export function applyMigrations(sqlite: Database.Database, db: Db): void {
  // A table rebuild inside a migration would otherwise fire ON DELETE CASCADE and drop child rows.
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: migrationsFolder() });
    const violations = sqlite.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) throw new Error(`foreign key violations after migration: ${JSON.stringify(violations.slice(0, 5))}`);
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

export interface OpenOptions {
  /** better-sqlite3 compiled for another runtime (Electron's ABI): see build/scripts/electron-native.cjs. */
  nativeBinding?: string;
}

function isCorruption(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_IOERR_SHORT_READ');
}

/** How a connection writes, read back from SQLite itself (not what we asked for). */
export interface Durability {
  journalMode: string;
  synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
}

const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;

export function durabilityOf(sqlite: Database.Database): Durability {
  const journalMode = String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase();
  const level = Number(sqlite.pragma('synchronous', { simple: true }));
  return { journalMode, synchronous: SYNCHRONOUS[level] ?? 'OFF' };
}

/**
 * A connection that would not run WAL with synchronous = FULL (a file system without shared
 * memory, a read-only folder) is refused: 已保存 must mean on disk, even after a power cut.
 */
export function requireDurable(sqlite: Database.Database): void {
  const d = durabilityOf(sqlite);
  if (d.journalMode !== 'wal' || d.synchronous !== 'FULL') {
    throw new ApiError('STORAGE', `数据库无法以断电安全的方式写入(日志模式 ${d.journalMode},同步 ${d.synchronous}),数据未保存:请把数据文件夹放在本机硬盘上`);
  }
}

/**
 * Opens the database file of a data folder: durability settings, an integrity check, a backup
 * before any migration, then the migrations. A database that fails its check is never written to:
 * the caller is told (CORRUPT) and offers the latest good backup.
 */
export function openDatabase(dataDir: string, options: OpenOptions = {}): { sqlite: Database.Database; db: Db } {
  const file = path.join(dataDir, DATABASE_FILE);
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    const check = sqlite.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new ApiError('CORRUPT', `数据库文件已损坏(${String(check).slice(0, 80)}),请从备份恢复`);
    sqlite.pragma('journal_mode = WAL');
    // FULL: a transaction the UI reported as saved survives a power cut, not only a crash.
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 5000');
    requireDurable(sqlite);
    const db = drizzle(withStatementCache(sqlite), { schema });
    if (hasUserTables(sqlite) && pendingMigrations(sqlite) > 0) {
      // A migration that goes wrong must not cost the data: copy it first, consistently, in one
      // statement (the online backup API is asynchronous and opening is not).
      fs.mkdirSync(path.join(dataDir, BACKUP_DIR), { recursive: true });
      sqlite.prepare('vacuum into ?').run(freeBackupPath(path.join(dataDir, BACKUP_DIR), 'pre-migration'));
    }
    applyMigrations(sqlite, db);
    return { sqlite, db };
  } catch (e) {
    sqlite?.close();
    if (isCorruption(e)) throw new ApiError('CORRUPT', '数据库文件已损坏,请从备份恢复');
    throw e;
  }
}

export function openStore(dataDir: string, options: OpenOptions = {}): OpenedStore {
  fs.mkdirSync(dataDir, { recursive: true });
  const release = acquireLock(dataDir);
  try {
    const { sqlite, db } = openDatabase(dataDir, options);
    return {
      dataDir,
      sqlite,
      db,
      close() {
        if (this.sqlite.open) this.sqlite.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
