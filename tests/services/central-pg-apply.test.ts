// Issue 20, Done when (b): the PostgreSQL executor takes the same bundle pushed from two
// connections at the same moment, and a bundle with a gap at the same time: the central store
// holds each record once, the gap is refused with a signed acknowledgement of what is held, and
// nothing is half-applied. The same bundles then apply in order and leave PostgreSQL holding what
// the SQLite executor holds of them (both stores of one central system, on a private cluster).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importAck } from '../../electron/services/sync/ack';
import { GapError, importBundle, type ImportResult } from '../../electron/services/sync/apply';
import { importBundlePg } from '../../electron/services/sync/central-pg/apply';
import { trustRegistrationPg } from '../../electron/services/sync/central-pg/peers';
import { openCentralPg, type CentralPg } from '../../electron/services/sync/central-pg/store';
import { registrationOf, requireRole, trustRegistration } from '../../electron/services/sync/identity';
import { syncedTables } from '../../electron/services/sync/tables';
import { searchPersons } from '../../electron/services/sync/supervision';
import { searchPersonsPg } from '../../electron/services/sync/central-pg/supervision';
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
