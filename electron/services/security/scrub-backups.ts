// Older versions kept the signing key in the database, so every backup made by them holds it. When
// the key moves to the secret store (sync/identity.ts), the copies in the data folder go too: the
// backups in backups/ and the files kept aside by a restore or a recovery. secure_delete makes
// SQLite overwrite the freed bytes, so the key does not linger in a free page of the file.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BACKUP_DIR, DATABASE_FILE } from '../../../db/open';

function databaseCopies(dataDir: string): string[] {
  const backups = path.join(dataDir, BACKUP_DIR);
  const inBackups = fs.existsSync(backups)
    ? fs.readdirSync(backups).filter((f) => f.endsWith('.sqlite')).map((f) => path.join(backups, f))
    : [];
  // siteoffice.sqlite.before-restore-…, siteoffice.sqlite.corrupt-… (not their -wal / -shm).
  const aside = fs.readdirSync(dataDir)
    .filter((f) => f.startsWith(`${DATABASE_FILE}.`) && !/-(wal|shm)$/.test(f) && !f.endsWith('.restoring'))
    .map((f) => path.join(dataDir, f));
  return [...inBackups, ...aside];
}

/** Blanks the private keys in one database file; returns whether it held one. */
export function scrubKeysIn(file: string, nativeBinding?: string): boolean {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'sync_identity'").get();
    if (!table) return false;
    db.pragma('secure_delete = on');
    const changed = db.prepare("update sync_identity set private_key = '' where private_key <> ''").run().changes > 0;
    if (changed && (db.pragma('journal_mode', { simple: true }) as string) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
    return changed;
  } catch {
    // A damaged copy (kept aside as corrupt) cannot be opened: it is left as it is.
    return false;
  } finally {
    db?.close();
  }
}

/** Every copy of the database in the data folder, scrubbed; returns the files that held a key. */
export function scrubKeysFromCopies(dataDir: string, nativeBinding?: string): string[] {
  return databaseCopies(dataDir).filter((file) => scrubKeysIn(file, nativeBinding)).map((f) => path.basename(f));
}
