// Issue 16, item 5: two backups in the same second are two files, and a restore that fails half way
// leaves the database it was replacing in place (the replacement is made whole beside the live file
// and put in place by one rename).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, openTestApp, MANAGER, type TestApp } from '../support/app';
import { completeCreditCode } from '../../electron/common/credit-code';
import { backupNow, listBackups } from '../../electron/services/backups';
import { openApp } from '../../electron/node/app';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const employer = (n: number) => ({ name: `单位${n}`, creditCode: completeCreditCode(`91310115MA1K3${String(n).padStart(4, '0')}`), participantType: '006', contractNo: `W${n}` });
const employersIn = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from employers').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('backup names', () => {
  it('gives two backups made in the same second two names, and keeps both', async () => {
    t = openTestApp(); // the clock stands still: both backups are made at the same instant
    const token = await t.signedInManager();
    await t.call('employers.create', employer(1), token);
    const first = await t.call('backups.create', {}, token);
    await t.call('employers.create', employer(2), token);
    const second = await backupNow(t.app.services, 'manual');
    expect(second.fileName).not.toBe(first.fileName);
    expect(second.createdAt).toBe(first.createdAt);
    const listed = await t.call('backups.list', {}, token);
    expect(listed.map((b) => b.fileName)).toEqual([second.fileName, first.fileName]);
    expect(employersIn(path.join(t.dataDir, 'backups', first.fileName))).toBe(1);
    expect(employersIn(path.join(t.dataDir, 'backups', second.fileName))).toBe(2);
    // The second name restores like any other.
    const done = await t.call('backups.restore', { fileName: first.fileName, confirm: true }, token);
    expect(done.restored).toBe(first.fileName);
    expect(new Set(listBackups(t.app.services).map((b) => b.fileName)).size).toBe(3);
  });
});

describe('restoring', () => {
  it('leaves the current database in place when the restore cannot write its copy', async () => {
    t = openTestApp();
    const token = await t.signedInManager();
    await t.call('employers.create', employer(1), token);
    const backup = await t.call('backups.create', {}, token);
    await t.call('employers.create', employer(2), token);
    // The name the restore copies the backup to is taken by something it cannot overwrite: the copy
    // fails, as it would on a full disk or a read error, after the checks have passed.
    const live = path.join(t.dataDir, 'siteoffice.sqlite');
    fs.mkdirSync(`${live}.restoring`);
    fs.writeFileSync(path.join(`${live}.restoring`, 'x'), 'x');
    const refused = await errorOf(() => t!.call('backups.restore', { fileName: backup.fileName, confirm: true }, token));
    expect(refused.code).toBe('STORAGE');
    expect(refused.message).toContain('现有数据未改动');
    // Whatever the error, the data recorded after the backup is still the live database.
    const again = await t.signIn(MANAGER.idNumber, MANAGER.password).catch(() => null);
    expect(again, 'the accounts are still there').not.toBeNull();
    expect((t.app.services.sqlite.prepare('select count(*) as n from employers').get() as { n: number }).n).toBe(2);
    // And on disk, for the next start.
    const { dataDir } = t;
    t.close = () => fs.rmSync(dataDir, { recursive: true, force: true });
    t.app.close();
    fs.rmSync(`${live}.restoring`, { recursive: true });
    expect(employersIn(live)).toBe(2);
    const reopened = openApp(dataDir, { log: () => {} });
    expect((reopened.services.sqlite.prepare('select count(*) as n from employers').get() as { n: number }).n).toBe(2);
    reopened.close();
  });

  it('puts the backup in place with nothing of the restore left beside it', async () => {
    t = openTestApp();
    const token = await t.signedInManager();
    await t.call('employers.create', employer(1), token);
    const backup = await t.call('backups.create', {}, token);
    await t.call('employers.create', employer(2), token);
    const done = await t.call('backups.restore', { fileName: backup.fileName, confirm: true }, token);
    const names = fs.readdirSync(t.dataDir);
    expect(names.filter((n) => n.includes('restoring'))).toEqual([]);
    expect(employersIn(path.join(t.dataDir, done.keptAs))).toBe(2);
    expect((t.app.services.sqlite.prepare('select count(*) as n from employers').get() as { n: number }).n).toBe(1);
  });
});
