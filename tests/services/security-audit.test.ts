// Item 15 of issue 16: the audit chain is keyed (HMAC under a key outside the database), and its head
// is written down where cutting the tail shows: beside every backup, and in the central system's
// signed acknowledgement. 校验审计记录 finds a re-chained forgery and a cut tail; a restore is not one.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApp } from '../../electron/node/app';
import { backupCli } from '../../electron/cli/backup';
import { verifyAudit } from '../../electron/services/audit';
import { legacyAuditDigest, GENESIS_HASH } from '../../electron/services/outbox';
import { importAck } from '../../electron/services/sync/ack';
import { AUDIT_KEY_SECRET } from '../../electron/services/security/audit-key';
import { KEYS_DIR } from '../../electron/services/security/secret-store';
import { ManualClock, openTestApp, TEST_PASSWORD_COST, type TestApp } from '../support/app';
import { bundleDir, cleanupBundleDirs, exportTo, importInto, openCentral, openSiteApp, preRegister, trustBoth, type SiteApp } from './sync-support';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const o of open.splice(0)) o.close();
  cleanupBundleDirs();
});

async function site(): Promise<SiteApp> {
  const s = await openSiteApp();
  open.push(s.t);
  return s;
}

type Row = { seq: number; at: string; actor_id: string | null; actor_name: string; project_id: string | null; action: string; table_name: string | null; row_id: string | null; before: string | null; after: string | null; prev_hash: string; hash: string };

/** What someone with the database file but not the key can do: edit a row and re-chain every hash as the old code did. */
function rechainWithoutKey(t: TestApp, edit: (rows: Row[]) => void): void {
  const db = t.app.services.sqlite;
  const rows = db.prepare('select * from audit_log order by seq').all() as Row[];
  edit(rows);
  let prev = GENESIS_HASH;
  const update = db.prepare('update audit_log set after = ?, prev_hash = ?, hash = ? where seq = ?');
  for (const r of rows) {
    const hash = legacyAuditDigest({ seq: r.seq, at: r.at, actorId: r.actor_id, actorName: r.actor_name, projectId: r.project_id, action: r.action, tableName: r.table_name, rowId: r.row_id, before: r.before, after: r.after, prevHash: prev });
    update.run(r.after, prev, hash, r.seq);
    prev = hash;
  }
}

function cutTail(t: TestApp, keep: number): void {
  t.app.services.sqlite.prepare('delete from audit_log where seq > ?').run(keep);
}

function lastSeq(t: TestApp): number {
  return (t.app.services.sqlite.prepare('select max(seq) as n from audit_log').get() as { n: number }).n;
}

describe('a keyed audit chain', () => {
  it('refuses a row edited and re-chained by someone without the key', async () => {
    const s = await site();
    const person = await preRegister(s, '张三');
    expect((await s.t.call('audit.verify', {}, s.token)).ok).toBe(true);
    rechainWithoutKey(s.t, (rows) => {
      const insert = rows.find((r) => r.row_id === person.id && r.action === 'insert')!;
      insert.after = insert.after!.replace('张三', '李四');
    });
    const result = await s.t.call('audit.verify', {}, s.token);
    expect(result.ok).toBe(false);
    expect(result.message).toContain('内容与校验值不符');
  });

  it('re-chains the unkeyed log of an older version under a new key, once, when it is intact', async () => {
    const s = await site();
    await preRegister(s, '张三');
    const dataDir = s.t.dataDir;
    // As an older version left the folder: plain SHA-256 chain, no audit key.
    rechainWithoutKey(s.t, () => {});
    s.t.app.close();
    fs.rmSync(path.join(dataDir, KEYS_DIR, AUDIT_KEY_SECRET));
    const reopened = openApp(dataDir, { clock: new ManualClock(), log: () => {} });
    try {
      const stored = JSON.parse(fs.readFileSync(path.join(dataDir, KEYS_DIR, AUDIT_KEY_SECRET), 'utf8')) as { legacyUntil: number };
      expect(stored.legacyUntil).toBe(0);
      const rows = reopened.services.sqlite.prepare('select * from audit_log order by seq').all() as Row[];
      // No row's hash is the unkeyed one any more.
      expect(rows.some((r) => legacyAuditDigest({ seq: r.seq, at: r.at, actorId: r.actor_id, actorName: r.actor_name, projectId: r.project_id, action: r.action, tableName: r.table_name, rowId: r.row_id, before: r.before, after: r.after, prevHash: r.prev_hash }) === r.hash)).toBe(false);
      const { verifyAudit } = await import('../../electron/services/audit');
      expect(verifyAudit(reopened.services).ok).toBe(true);
    } finally {
      reopened.close();
      // The TestApp's own close would close the store a second time: only its folder is left to remove.
      open.splice(open.indexOf(s.t), 1);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a cut tail shows', () => {
  it('against the head in a backup manifest', async () => {
    const s = await site();
    await preRegister(s, '张三');
    await s.t.call('backups.create', {}, s.token);
    const backedUpTo = lastSeq(s.t);
    await preRegister(s, '李四');
    expect((await s.t.call('audit.verify', {}, s.token)).ok).toBe(true);
    cutTail(s.t, backedUpTo - 2);
    const result = await s.t.call('audit.verify', {}, s.token);
    expect(result.ok).toBe(false);
    expect(result.message).toContain('审计记录末尾缺失');
    expect(result.message).toContain(`记录到第 ${backedUpTo} 条`);
  });

  it('refuses a backup manifest edited to point lower', async () => {
    const s = await site();
    await preRegister(s, '张三');
    const backup = await s.t.call('backups.create', {}, s.token);
    const file = path.join(s.t.dataDir, 'backups', `${backup.fileName}.manifest.json`);
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { auditHead: { seq: number; hash: string } };
    manifest.auditHead = { seq: 1, hash: crypto.randomBytes(32).toString('hex') };
    fs.writeFileSync(file, JSON.stringify(manifest));
    const result = await s.t.call('audit.verify', {}, s.token);
    expect(result.ok).toBe(false);
    expect(result.message).toContain('清单被改动过');
  });

  it('against the head the central system signed back in its acknowledgement', async () => {
    const s = await site();
    const central = await openCentral();
    open.push(central.t);
    trustBoth(s.t, central.t);
    await preRegister(s, '张三');
    await preRegister(s, '李四');
    const exported = await exportTo(s.t, path.join(bundleDir(), 'b.sobundle'));
    const exportedAt = lastSeq(s.t);
    const imported = importInto(central.t, exported.path);
    expect(imported.ack.auditHead?.seq).toBeGreaterThan(0);
    importAck(s.t.app.services, imported.ack, 'file', '测试');
    expect((await s.t.call('audit.verify', {}, s.token)).ok).toBe(true);
    // No backup to give it away: only the acknowledgement knows.
    fs.rmSync(path.join(s.t.dataDir, 'backups'), { recursive: true, force: true });
    cutTail(s.t, imported.ack.auditHead!.seq - 1);
    expect(imported.ack.auditHead!.seq).toBeLessThanOrEqual(exportedAt);
    const result = await s.t.call('audit.verify', {}, s.token);
    expect(result.ok).toBe(false);
    expect(result.message).toContain('中心系统');
    expect(result.message).toContain('审计记录末尾缺失');
  });

  it('but a restore of an earlier backup is no cut: the heads after it belong to the timeline it left', async () => {
    const t = openTestApp();
    open.push(t);
    const token = await t.signedInManager();
    const first = await t.call('backups.create', {}, token);
    t.clock.advanceMinutes(5);
    await t.signIn('11010519491231002X', 'pw123456'); // an audit row after the first backup
    const second = await t.call('backups.create', {}, token);
    const headOf = (b: { fileName: string }) => (JSON.parse(fs.readFileSync(path.join(t.dataDir, 'backups', `${b.fileName}.manifest.json`), 'utf8')) as { auditHead: { seq: number } }).auditHead.seq;
    expect(headOf(second)).toBeGreaterThan(headOf(first));
    t.clock.advanceMinutes(5);
    await t.call('backups.restore', { fileName: first.fileName, confirm: true }, token);
    const again = await t.signIn('11010519491231002X', 'pw123456');
    const [project] = await t.call('projects.list', {}, again);
    await t.call('projects.enter', { projectId: project!.id }, again);
    const result = await t.call('audit.verify', {}, again);
    expect(result.message).toContain('审计记录完整');
    expect(result.ok).toBe(true);
  });

  it('nor is a restore from the command line (siteoffice backup restore), which writes the same row', async () => {
    // The command line runs on the system's clock: backups of an hour ago, not of 2020, which it
    // would prune as older than a month before restoring one.
    const t = openTestApp(new ManualClock(new Date(Date.now() - 3600_000).toISOString()));
    const token = await t.signedInManager();
    const first = await t.call('backups.create', {}, token);
    t.clock.advanceMinutes(5);
    await t.signIn('11010519491231002X', 'pw123456');
    await t.call('backups.create', {}, token);
    t.app.close(); // the folder stays, for the command line to open
    const said: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void said.push(line));
    try {
      expect(await backupCli(['restore', '--data-dir', t.dataDir, first.fileName])).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(said.join('\n')).toContain(`已恢复备份:${first.fileName}`);
    const reopened = openApp(t.dataDir, { log: () => {}, passwordCost: TEST_PASSWORD_COST });
    open.push(reopened, { close: () => fs.rmSync(t.dataDir, { recursive: true, force: true }) });
    const restoreRows = reopened.services.sqlite.prepare("select actor_name from audit_log where action = 'backup_restore'").all();
    expect(restoreRows).toEqual([{ actor_name: '命令行' }]);
    const result = verifyAudit(reopened.services);
    expect(result.message).toContain('审计记录完整');
    expect(result.ok).toBe(true);
  });
});
