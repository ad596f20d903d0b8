// Issue 20, Done when (b): the PostgreSQL executor takes the same bundle pushed from two
// connections at the same moment, and a bundle with a gap at the same time: the central store
// holds each record once, the gap is refused with a signed acknowledgement of what is held, and
// nothing is half-applied. The same bundles then apply in order and leave PostgreSQL holding what
// the SQLite executor holds of them (both stores of one central system, on a private cluster).
// A reference bundle published from the PostgreSQL store carries what the one published from
// SQLite carries (contracts, 用人单位, 健康云 records, a correction of a merged row, the records a
// restore lost), and the site takes it.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MANAGER } from '../support/app';
import { importAck } from '../../electron/services/sync/ack';
import { useCentralPg } from '../../electron/services/sync/central-store';
import { openBundle, readRecordsPart, recordLines } from '../../electron/services/sync/container';
import { applyReference, publishReference } from '../../electron/services/sync/reference';
import { unsealFor } from '../../electron/services/sync/seal';
import { GapError, importBundle, type ImportResult } from '../../electron/services/sync/apply';
import { importBundlePg } from '../../electron/services/sync/central-pg/apply';
import { trustRegistrationPg } from '../../electron/services/sync/central-pg/peers';
import { openCentralPg, type CentralPg } from '../../electron/services/sync/central-pg/store';
import { ensureInstallation, registrationOf, requireRole, trustRegistration } from '../../electron/services/sync/identity';
import { syncedTables } from '../../electron/services/sync/tables';
import { detail, searchPersons, sources } from '../../electron/services/sync/supervision';
import { detailPg, searchPersonsPg, sourcesPg } from '../../electron/services/sync/central-pg/supervision';
import { siteDate } from '../../electron/common/site-time';
import { createDatabase, startPgCluster, type PgCluster } from '../support/pg-cluster';
import {
  bundleDir, cleanupBundleDirs, enter, freshId, exportTo, healthCheck, openCentral, openSiteApp, preRegister, tablesCount, type Central, type SiteApp,
} from './sync-support';

let cluster: PgCluster;
const closers: (() => unknown)[] = [];
beforeAll(async () => {
  cluster = await startPgCluster();
}, 60000);
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  cleanupBundleDirs();
});
afterAll(() => cluster?.stop());

async function pgCount(store: CentralPg, table: string): Promise<number> {
  return Number((await store.pool.query<{ n: string }>(`select count(*) as n from "${table}"`)).rows[0]!.n);
}

/** Some people with a health check each and an 进场 for the first: one bundle's worth of records. */
async function record(site: SiteApp, names: string[]): Promise<void> {
  for (const [i, name] of names.entries()) {
    const person = await preRegister(site, name);
    await healthCheck(site, person.id);
    if (i === 0) await enter(site, person.id);
  }
}

describe('the PostgreSQL executor under concurrent pushes', () => {
  it('applies a bundle pushed twice at once exactly once, refuses a gap meanwhile, and ends where SQLite does', async () => {
    const site = await openSiteApp();
    const central: Central = await openCentral();
    closers.push(() => site.t.close(), () => central.t.close());
    const s = central.t.app.services;
    const centralId = requireRole(s, 'central').installationId;
    // Two connections, as two central processes would have: each its own pool.
    const one = await openCentralPg(cluster.url, centralId);
    const two = await openCentralPg(cluster.url, centralId);
    closers.push(() => one.close(), () => two.close());
    const siteReg = registrationOf(site.t.app.services);
    trustRegistration(site.t.app.services, registrationOf(s), '测试');
    trustRegistration(s, siteReg, '测试'); // the SQLite store of the same central system, for comparison
    await trustRegistrationPg(s, one, siteReg, '测试');

    // Three bundles in a row; each acknowledged by the SQLite store so that the next starts after it.
    const dir = bundleDir();
    const files: string[] = [];
    const sqliteResults: ImportResult[] = [];
    for (const [n, names] of [['张三', '李四'], ['王五', '赵六', '钱七'], ['孙八']].entries()) {
      await record(site, names);
      const file = `${dir}/b${n + 1}.sobundle`;
      await exportTo(site.t, file);
      const applied = importBundle(s, file, { source: 'cli' });
      importAck(site.t.app.services, applied.ack, 'file', '测试');
      files.push(file);
      sqliteResults.push(applied);
    }
    const [b1, b2, b3] = files as [string, string, string];

    // b1 from both connections at the same moment, and b3 (a gap: b2 never arrived) meanwhile.
    const outcomes = await Promise.allSettled([
      importBundlePg(s, one, b1, { source: 'http' }),
      importBundlePg(s, two, b1, { source: 'http' }),
      importBundlePg(s, two, b3, { source: 'http' }),
    ]);
    const [first, second, gap] = outcomes;
    expect(first.status, String((first as PromiseRejectedResult).reason)).toBe('fulfilled');
    expect(second.status, String((second as PromiseRejectedResult).reason)).toBe('fulfilled');
    const answers = [(first as PromiseFulfilledResult<ImportResult>).value, (second as PromiseFulfilledResult<ImportResult>).value];
    expect(answers.map((a) => a.status).sort()).toEqual(['applied', 'duplicate']);
    const applied = answers.find((a) => a.status === 'applied')!;
    const duplicate = answers.find((a) => a.status === 'duplicate')!;
    expect(applied.applied).toBe(sqliteResults[0]!.applied);
    // The duplicate is answered with the acknowledgement stored when the bundle applied.
    expect(duplicate.ack).toEqual(applied.ack);
    expect(gap.status).toBe('rejected');
    const refusal = (gap as PromiseRejectedResult).reason as GapError;
    expect(refusal).toBeInstanceOf(GapError);
    expect(refusal.message).toContain('同步包不连续');
    expect([0, sqliteResults[0]!.ack.lastSeq]).toContain(refusal.ack.lastSeq);
    expect(refusal.ack.status).toBe('gap');

    // Each record once, nothing of b3.
    expect(await pgCount(one, 'persons')).toBe(2);
    expect(await pgCount(one, 'health_checks')).toBe(2);
    expect(await pgCount(one, 'entries')).toBe(1);
    expect(await pgCount(one, 'sync_applied_bundles')).toBe(1);
    expect(await pgCount(one, 'sync_conflicts')).toBe(0);
    const watermark = await one.pool.query<{ n: string }>('select last_applied_seq as n from sync_peers where installation_id = $1', [siteReg.installationId]);
    expect(Number(watermark.rows[0]!.n)).toBe(sqliteResults[0]!.ack.lastSeq);

    // The rest, in order, from either connection: PostgreSQL then holds what SQLite holds.
    expect((await importBundlePg(s, one, b2, { source: 'cli' })).status).toBe('applied');
    expect((await importBundlePg(s, two, b3, { source: 'cli' })).status).toBe('applied');
    expect((await importBundlePg(s, one, b3, { source: 'cli' })).status).toBe('duplicate');
    for (const [name] of syncedTables) expect(await pgCount(one, name), name).toBe(tablesCount(central.t, name));
    const names = await one.pool.query<{ name: string }>('select name from persons order by name');
    expect(names.rows.map((r) => r.name)).toEqual(['孙八', '张三', '李四', '王五', '赵六', '钱七'].sort());
    expect(await pgCount(one, 'sync_applied_bundles')).toBe(3);

    // 详情 of the contract reads the same from both stores: a disposition and an exit included.
    const people = await site.t.call('persons.list', { page: 1, pageSize: 20 }, site.token);
    const sun = people.rows.find((p) => p.name === '孙八')!;
    await site.t.call('dispositions.set', { personId: sun.id, state: 'isolate', startedAt: '2020-02-17 10:00:00', method: '居家隔离' }, site.token);
    const entry = site.t.app.services.sqlite.prepare('select id, entered_on as enteredOn from entries where exited_on is null limit 1').get() as { id: string; enteredOn: string };
    await site.t.call('entries.exit', { entryId: entry.id, exitedOn: entry.enteredOn }, site.token);
    const b4 = `${dir}/b4.sobundle`;
    await exportTo(site.t, b4);
    importBundle(s, b4, { source: 'cli' });
    expect((await importBundlePg(s, one, b4, { source: 'cli' })).status).toBe('applied');
    const projectId = site.t.app.services.sqlite.prepare('select id from projects').pluck().get() as string;
    const today = siteDate(s.clock.now());
    const onPg = await detailPg(one, projectId, today);
    expect(onPg.dispositions).toEqual([expect.objectContaining({ name: '孙八', state: '需隔离', method: '居家隔离' })]);
    expect(onPg.healthToday.length).toBeGreaterThan(0);
    expect(onPg.sources.map((x) => x.installationId)).toEqual([siteReg.installationId]);
    expect(onPg).toEqual(detail(s, projectId));

    // 数据来源: the same site, and the same bundles received (each store took b1 by its own way).
    const pgSources = await sourcesPg(s, one);
    const sqliteSources = sources(s);
    expect(pgSources.sites).toEqual(sqliteSources.sites);
    const received = (r: typeof pgSources) => r.received.map((b) => [b.fileName, b.siteName, b.firstSeq, b.lastSeq, b.changesApplied, b.conflicts]);
    expect(received(pgSources)).toEqual(received(sqliteSources));
    expect(pgSources.received).toHaveLength(4);
  }, 120000);

  it('人员查询 on PostgreSQL finds by two characters, pinyin initials and an ID fragment through the term array, as SQLite does', async () => {
    const site = await openSiteApp();
    const central: Central = await openCentral();
    closers.push(() => site.t.close(), () => central.t.close());
    const s = central.t.app.services;
    const db = await createDatabase(cluster, 'search');
    const store = await openCentralPg(db, requireRole(s, 'central').installationId);
    closers.push(() => store.close());
    const siteReg = registrationOf(site.t.app.services);
    trustRegistration(site.t.app.services, registrationOf(s), '测试');
    trustRegistration(s, siteReg, '测试');
    await trustRegistrationPg(s, store, siteReg, '测试');
    const ids = new Map<string, string>();
    for (const name of ['张三丰', '李四光', '张三', '王小明', '欧阳三丰']) {
      ids.set(name, freshId());
      await preRegister(site, name, ids.get(name));
    }
    const file = `${bundleDir()}/people.sobundle`;
    await exportTo(site.t, file);
    importBundle(s, file, { source: 'cli' });
    await importBundlePg(s, store, file, { source: 'cli' });

    const idNumber = ids.get('李四光')!;
    const cases: [string, string[]][] = [
      ['张三', ['张三', '张三丰']],
      ['三丰', ['欧阳三丰', '张三丰']],
      ['张三丰', ['张三丰']],
      ['zs', ['张三', '张三丰']],
      ['lisiguang', ['李四光']],
      [idNumber.slice(6, 14), ['李四光']],
      [idNumber.slice(-4), ['李四光']],
      ['9', []], // one digit: read by LIKE, not the index
      ['', ['欧阳三丰', '王小明', '张三', '李四光', '张三丰']],
    ];
    for (const [search, expected] of cases) {
      const input = { search, station: '', page: 1, pageSize: 20 as const };
      const onPg = await searchPersonsPg(store, input);
      const onSqlite = searchPersons(s, input);
      if (search !== '9') expect(onPg.rows.map((r) => r.name), search).toEqual(expected);
      expect(onPg, search).toEqual(onSqlite);
      expect(onPg.total).toBe(onPg.rows.length);
    }
    // The index is there and is the one a term query can use.
    const explained = await store.pool.connect();
    try {
      await explained.query('set enable_seqscan = off');
      const r = await explained.query<{ 'QUERY PLAN': string }>("explain select person_id from person_search_terms where terms @> array['n:张三']");
      expect(r.rows.map((x) => x['QUERY PLAN']).join('\n')).toContain('person_search_terms_gin');
    } finally {
      explained.release();
    }
  }, 120000);

  it('merges the same contract and person sent by two sites as the SQLite executor does (the batch a unique index refuses, row by row)', async () => {
    const a = await openSiteApp();
    const b = await openSiteApp();
    const central: Central = await openCentral();
    closers.push(() => a.t.close(), () => b.t.close(), () => central.t.close());
    const s = central.t.app.services;
    const store = await openCentralPg(await createDatabase(cluster, 'merge'), requireRole(s, 'central').installationId);
    closers.push(() => store.close());
    const shared = freshId();
    const files: string[] = [];
    for (const [n, site] of [a, b].entries()) {
      const reg = registrationOf(site.t.app.services);
      trustRegistration(site.t.app.services, registrationOf(s), '测试');
      trustRegistration(s, reg, '测试');
      await trustRegistrationPg(s, store, reg, '测试');
      const person = await preRegister(site, '周同人', shared);
      await healthCheck(site, person.id);
      await record(site, [`独${n}甲`, `独${n}乙`]);
      const file = `${bundleDir()}/site${n}.sobundle`;
      await exportTo(site.t, file);
      files.push(file);
    }
    for (const file of files) {
      const onSqlite = importBundle(s, file, { source: 'cli' });
      const onPg = await importBundlePg(s, store, file, { source: 'cli' });
      expect({ applied: onPg.applied, conflicts: onPg.conflicts }).toEqual({ applied: onSqlite.applied, conflicts: onSqlite.conflicts });
    }
    for (const name of [...syncedTables.keys(), 'sync_id_aliases', 'sync_conflicts', 'sync_row_owners']) expect(await pgCount(store, name), name).toBe(tablesCount(central.t, name));
    // One contract and one 周同人 for both sites; the second site's health check points at the merged person.
    expect(await pgCount(store, 'projects')).toBe(1);
    const same = await store.pool.query<{ n: string }>("select count(*) as n from health_checks h join persons p on p.project_id = h.project_id and p.id = h.person_id where p.name = '周同人'");
    expect(Number(same.rows[0]!.n)).toBe(2);
  }, 120000);
});

/** Every record line of a reference bundle, opened with the site's own key. */
function referenceLines(site: SiteApp, file: string): unknown[] {
  const bundle = openBundle(file);
  try {
    const m = bundle.manifest;
    if (m.encryption) bundle.keys = unsealFor(ensureInstallation(site.t.app.services), m.encryption, m.installationId);
    return m.parts.flatMap((part) => (part.type === 'records' ? [...recordLines(readRecordsPart(bundle, part))] : []));
  } finally {
    bundle.close();
  }
}

describe('a reference bundle published from the PostgreSQL store', () => {
  it('carries what the one from SQLite carries, record for record, and the site takes it', async () => {
    const a = await openSiteApp();
    const b = await openSiteApp();
    const central: Central = await openCentral();
    closers.push(() => a.t.close(), () => b.t.close(), () => central.t.close());
    const s = central.t.app.services;
    const store = await openCentralPg(await createDatabase(cluster, 'publish'), requireRole(s, 'central').installationId);
    closers.push(() => store.close());
    for (const site of [a, b]) {
      const reg = registrationOf(site.t.app.services);
      trustRegistration(site.t.app.services, registrationOf(s), '测试');
      trustRegistration(s, reg, '测试');
      await trustRegistrationPg(s, store, reg, '测试');
    }
    const dir = bundleDir();
    let n = 0;
    /** A bundle of the site into both stores, acknowledged by the SQLite one. */
    const ship = async (site: SiteApp) => {
      const file = path.join(dir, `ship-${++n}.sobundle`);
      await exportTo(site.t, file);
      const onSqlite = importBundle(s, file, { source: 'cli' });
      expect((await importBundlePg(s, store, file, { source: 'cli' })).applied).toBe(onSqlite.applied);
      importAck(site.t.app.services, onSqlite.ack, 'file', '测试');
    };
    // The same contract from both sites: B's contract, 用人单位 and 周同人 merge into A's rows.
    const shared = freshId();
    const own = await preRegister(a, '周同人', shared);
    await ship(a);
    const theirs = await preRegister(b, '周同人', shared);
    await preRegister(b, '吴守一', freshId());
    await ship(b);
    // B restores an older backup: what it recorded after it exists only at the central side.
    const backup = await b.t.call('backups.create', {}, b.token);
    b.t.clock.advanceMinutes(5);
    const lost = await preRegister(b, '郑失而复得', freshId());
    await ship(b);
    await b.t.call('backups.restore', { fileName: backup.fileName, confirm: true }, b.token);
    b.token = await b.t.signIn(MANAGER.idNumber, MANAGER.password);
    await b.t.call('projects.enter', { projectId: b.projectId }, b.token);
    b.t.clock.advanceMinutes(5);
    await preRegister(b, '王恢复后', freshId());
    await ship(b);
    // A 健康云 record of the shared person (the office's own, in its folder), and one of nobody on a site.
    for (const [idNumber, name] of [[shared, '周同人'], [freshId(), '不在工地的人']] as const) {
      s.sqlite.prepare(`insert into health_cloud_records (id, id_number, name, phone, report_address, report_time, temperature, health_status, travel_time, travel_mode, from_hubei, from_wuhan, stopover, stay_place, home_address, source, imported_at)
        values (?, ?, ?, '13900001111', '上海市', '2020-02-16 08:00', '36.5', '健康', '2020-02-15', '火车', 0, 0, 0, '', '上海市', '健康云', 'x')`).run(`h-${idNumber}`, idNumber, name);
    }
    // The supervisor corrects the merged person by its central id (A's row); B knows it by its own.
    const corrections = [{ table: 'persons' as const, rowId: own.id, reason: '姓名录错', set: { name: '周通人' } }];
    const options = { siteId: ensureInstallation(b.t.app.services).installationId, includeHealthCloud: true, corrections, actorName: '李监督' };

    const fromSqlite = await publishReference(s, { ...options, outPath: path.join(dir, 'ref-sqlite.sobundle') });
    useCentralPg(s, store);
    const fromPg = await publishReference(s, { ...options, outPath: path.join(dir, 'ref-pg.sobundle') });
    expect(fromPg.referenceSeq).toBe(fromSqlite.referenceSeq + 1); // one numbering: the office's
    expect(fromPg.counts).toEqual(fromSqlite.counts);
    expect(fromPg.counts).toMatchObject({ contract: 1, employer: 1, healthCloud: 1, correction: 1 });
    expect(fromPg.counts.returned).toBeGreaterThanOrEqual(1);
    const lines = referenceLines(b, fromPg.path);
    expect(lines).toEqual(referenceLines(b, fromSqlite.path));
    expect(lines).toContainEqual({ type: 'correction', data: { ...corrections[0], rowId: theirs.id } });

    // B takes the one from PostgreSQL: the lost person back, the correction on its own row.
    const result = applyReference(b.t.app.services, fromPg.path, '测试');
    expect(result).toMatchObject({ status: 'applied', healthCloudRecords: 1, corrections: 1 });
    expect(result.returned).toBeGreaterThanOrEqual(1);
    const rows = b.t.app.services.sqlite;
    expect(rows.prepare('select name from persons where id = ?').pluck().get(lost.id)).toBe('郑失而复得');
    expect(rows.prepare('select name from persons where id = ?').pluck().get(theirs.id)).toBe('周通人');
    expect(rows.prepare('select id_number from health_cloud_records').pluck().all()).toEqual([shared]);
    // The older one from SQLite changes nothing after it.
    expect(applyReference(b.t.app.services, fromSqlite.path, '测试').status).toBe('duplicate');
  }, 120000);
});
