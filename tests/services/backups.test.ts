// 备份与恢复 and recovery at open, on real files: online backups, the daily one, pruning after 30
// days, restore with a safety copy, a backup before a migration, and a corrupt database that is
// never overwritten but offered its latest good backup.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, openTestApp, errorOf, tempDir, type TestApp, MANAGER, PROJECT } from '../support/app';
import { openApp, openRuntime } from '../../electron/node/app';
import { dailyBackupIfDue, listBackups, pruneBackups, backupNow } from '../../electron/services/backups';
import { completeCreditCode } from '../../electron/common/credit-code';
import { operatorToken } from '../support/prereg-helpers';
import { ApiError } from '../../electron/common/errors';
import { migrationsFolder } from '../../db/open';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

let t: TestApp | undefined;
const extra: string[] = [];
afterEach(() => {
  t?.close();
  t = undefined;
  for (const dir of extra.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const employer = (n: number) => ({ name: `单位${n}`, creditCode: completeCreditCode(`91310115MA1K3${String(n).padStart(4, '0')}`), participantType: '006', contractNo: `W${n}` });
const countEmployers = (app: { services: { sqlite: Database.Database } }) => (app.services.sqlite.prepare('select count(*) as n from employers').get() as { n: number }).n;

describe('backups', () => {
  it('makes an online backup that opens as a database with the same rows, newest listed first', async () => {
    t = openTestApp();
    const token = await t.signedInManager();
    await t.call('employers.create', employer(1), token);
    const first = await t.call('backups.create', {}, token);
    t.clock.advanceMinutes(1);
    await t.call('employers.create', employer(2), token);
    const second = await t.call('backups.create', {}, token);
    expect(second.reason).toBe('manual');
    expect((await t.call('backups.list', {}, token)).map((b) => b.fileName)).toEqual([second.fileName, first.fileName]);
    const copy = new Database(path.join(t.dataDir, 'backups', first.fileName), { readonly: true });
    expect((copy.prepare('select count(*) as n from employers').get() as { n: number }).n).toBe(1);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    // Whole in itself (a rollback journal): a look at it leaves nothing beside it.
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(fs.readdirSync(path.join(t.dataDir, 'backups')).sort()).toEqual([first.fileName, `${first.fileName}.manifest.json`, second.fileName, `${second.fileName}.manifest.json`].sort());
  });

  it('backs up at start at most once a (Shanghai) day', async () => {
    t = openTestApp(new ManualClock('2020-02-17T01:00:00Z'));
    await t.signedInManager();
    expect(await dailyBackupIfDue(t.app.services)).not.toBeNull();
    t.clock.set('2020-02-17T15:00:00Z'); // 23:00 the same day in Shanghai
    expect(await dailyBackupIfDue(t.app.services)).toBeNull();
    t.clock.set('2020-02-17T16:30:00Z'); // 00:30 the next day
    expect(await dailyBackupIfDue(t.app.services)).not.toBeNull();
    expect(listBackups(t.app.services).filter((b) => b.reason === 'daily')).toHaveLength(2);
  });

  it('keeps backups for 30 days, and always the newest one', async () => {
    t = openTestApp(new ManualClock('2020-01-01T01:00:00Z'));
    await t.signedInManager();
    await backupNow(t.app.services, 'manual');
    t.clock.set('2020-01-20T01:00:00Z');
    await backupNow(t.app.services, 'manual');
    t.clock.set('2020-02-15T01:00:00Z'); // the first is now 45 days old, the second 26
    const kept = await backupNow(t.app.services, 'manual');
    expect(listBackups(t.app.services).map((b) => b.createdAt.slice(0, 10))).toEqual(['2020-02-15', '2020-01-20']);
    t.clock.set('2020-06-01T01:00:00Z');
    pruneBackups(t.app.services);
    expect(listBackups(t.app.services).map((b) => b.fileName)).toEqual([kept.fileName]);
  });

  it('restores a backup after backing up the current state, keeps the replaced file, and asks to sign in again', async () => {
    t = openTestApp();
    const token = await t.signedInManager();
    await t.call('employers.create', employer(1), token);
    const backup = await t.call('backups.create', {}, token);
    t.clock.advanceMinutes(1);
    const later = await t.signIn(MANAGER.idNumber, MANAGER.password);
    await t.call('employers.create', employer(2), token);
    expect(countEmployers(t.app)).toBe(2);
    const done = await t.call('backups.restore', { fileName: backup.fileName, confirm: true }, token);
    expect(done.restored).toBe(backup.fileName);
    expect(countEmployers(t.app)).toBe(1);
    // The state before the restore is both a backup and the kept file.
    const safety = new Database(path.join(t.dataDir, 'backups', done.safetyBackup), { readonly: true });
    expect((safety.prepare('select count(*) as n from employers').get() as { n: number }).n).toBe(2);
    safety.close();
    expect(fs.existsSync(path.join(t.dataDir, done.keptAs))).toBe(true);
    // The app goes on working on the restored database; every session is gone, also the one that
    // the backup itself holds, so everyone signs in again.
    expect((await errorOf(() => t!.call('projects.list', {}, later))).code).toBe('UNAUTHENTICATED');
    expect((await errorOf(() => t!.call('projects.list', {}, token))).code).toBe('UNAUTHENTICATED');
    const again = await t.signIn(MANAGER.idNumber, MANAGER.password);
    const [project] = await t.call('projects.list', {}, again);
    await t.call('projects.enter', { projectId: project!.id }, again);
    expect(await t.call('employers.list', {}, again)).toHaveLength(1);
  });

  it('refuses to restore a damaged backup and changes nothing', async () => {
    t = openTestApp();
    const token = await t.signedInManager();
    const backup = await t.call('backups.create', {}, token);
    fs.writeFileSync(path.join(t.dataDir, 'backups', backup.fileName), 'not a database at all, just text'.repeat(200));
    await t.call('employers.create', employer(1), token);
    const e = await errorOf(() => t!.call('backups.restore', { fileName: backup.fileName, confirm: true }, token));
    expect(e.code).toBe('CORRUPT');
    expect(countEmployers(t.app)).toBe(1);
    expect(listBackups(t.app.services)).toHaveLength(1);
  });

  it('is for the 项目负责人 only, and needs a confirmation', async () => {
    t = openTestApp();
    const token = await t.signedInManager();
    const backup = await t.call('backups.create', {}, token);
    const operator = await operatorToken(t, token);
    for (const command of ['backups.list', 'backups.create', 'audit.list', 'audit.verify'] as const) {
      expect((await errorOf(() => t!.call(command, {}, operator))).code).toBe('FORBIDDEN');
    }
    expect((await errorOf(() => t!.call('backups.restore', { fileName: backup.fileName, confirm: true }, operator))).code).toBe('FORBIDDEN');
    const unconfirmed = await errorOf(() => t!.call('backups.restore', { fileName: backup.fileName, confirm: false as unknown as true }, token));
    expect(unconfirmed.code).toBe('VALIDATION');
    expect(unconfirmed.message).toBe('恢复前须确认');
  });
});

describe('opening a data folder', () => {
  it('backs the database up before applying a migration it has not had yet', async () => {
    // A data folder as the first release left it: only the first committed migration applied.
    const dir = tempDir();
    extra.push(dir);
    const firstOnly = tempDir('siteoffice-migrations-');
    extra.push(firstOnly);
    const source = migrationsFolder();
    const journal = JSON.parse(fs.readFileSync(path.join(source, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    expect(journal.entries.length).toBeGreaterThan(1);
    fs.mkdirSync(path.join(firstOnly, 'meta'));
    fs.writeFileSync(path.join(firstOnly, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
    fs.copyFileSync(path.join(source, `${journal.entries[0]!.tag}.sql`), path.join(firstOnly, `${journal.entries[0]!.tag}.sql`));
    const old = new Database(path.join(dir, 'siteoffice.sqlite'));
    migrate(drizzle(old), { migrationsFolder: firstOnly });
    old.prepare("insert into users (id, id_number, name, phone, role, real_name_permission, password_hash, disabled, created_at) values ('u1', ?, '王建国', '13800138000', 'manager', 1, 'x', 0, '2020-02-01T00:00:00Z')").run(MANAGER.idNumber);
    old.close();

    const app = openApp(dir, { log: () => {} });
    try {
      const backups = listBackups(app.services);
      expect(backups.map((b) => b.reason)).toEqual(['pre-migration']);
      const copy = new Database(path.join(dir, 'backups', backups[0]!.fileName), { readonly: true });
      expect(copy.prepare('select name from users').all()).toEqual([{ name: '王建国' }]);
      // The copy is the database as it was: without the later tables.
      expect(copy.prepare("select name from sqlite_master where name = 'persons'").get()).toBeUndefined();
      copy.close();
      expect(app.services.sqlite.prepare("select name from sqlite_master where name = 'persons'").get()).toBeTruthy();
      expect(app.services.sqlite.prepare('select name from users').all()).toEqual([{ name: '王建国' }]);
    } finally {
      app.close();
    }
    // Opening again has nothing to migrate, so no second backup.
    const again = openApp(dir, { log: () => {} });
    expect(listBackups(again.services)).toHaveLength(1);
    again.close();
  });

  it('never writes to a corrupt database: recovery mode lists the backups and restores one, keeping the damaged file', async () => {
    const dir = tempDir();
    extra.push(dir);
    const first = openApp(dir, { log: () => {} });
    const { token, recoveryCode } = await (async () => {
      const setup = await first.dispatch('setup.initialize', { project: PROJECT, manager: MANAGER }, null);
      const signIn = await first.dispatch('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null);
      return { token: signIn.token!, recoveryCode: (setup.result as { ok: true; value: { recoveryCode: string } }).value.recoveryCode };
    })();
    const [project] = ((await first.dispatch('projects.list', {}, token)).result as { ok: true; value: { id: string }[] }).value;
    await first.dispatch('projects.enter', { projectId: project!.id }, token);
    await first.dispatch('employers.create', employer(7), token);
    await backupNow(first.services, 'manual');
    first.close();

    const file = path.join(dir, 'siteoffice.sqlite');
    const damaged = Buffer.from(fs.readFileSync(file));
    damaged.fill(0x5a, 0, 100); // the header is gone
    fs.writeFileSync(file, damaged);
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });

    expect(() => openApp(dir, { log: () => {} })).toThrow(ApiError);
    const runtime = openRuntime(dir, { log: () => {} });
    try {
      expect(runtime.mode()).toBe('recovery');
      expect(fs.readFileSync(file).equals(damaged)).toBe(true);
      const status = await runtime.dispatch('setup.status', {}, null);
      expect(status.result).toMatchObject({ ok: false, error: { code: 'CORRUPT' } });
      const listed = await runtime.dispatch('recovery.status', {}, null);
      expect(listed.result).toMatchObject({ ok: true, value: { corrupt: true } });
      const backups = (listed.result as { ok: true; value: { backups: { fileName: string }[] } }).value.backups;
      expect(backups).toHaveLength(1);
      const restored = await runtime.dispatch('recovery.restore', { fileName: backups[0]!.fileName, confirm: true, recoveryCode }, null);
      expect(restored.result).toMatchObject({ ok: true });
      const keptAs = (restored.result as { ok: true; value: { keptAs: string } }).value.keptAs;
      expect(fs.readFileSync(path.join(dir, keptAs)).equals(damaged)).toBe(true);
      expect(runtime.mode()).toBe('normal');
      const signIn = await runtime.dispatch('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null);
      expect(signIn.result.ok).toBe(true);
      await runtime.ready;
    } finally {
      runtime.close();
    }
  });
});
