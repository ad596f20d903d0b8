// Issue 16, item 3: a site writes only to the projects it was registered for. The central side
// trusted each site's registration file, which names the site's contracts (合同报送编号); a bundle
// that carries another contract is refused whole, and a row of a contract the site was not
// registered for is never written, however the site's program or outbox was changed.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MANAGER, openTestApp, PROJECT } from '../support/app';
import { registrationOf, trustRegistration } from '../../electron/services/sync/identity';
import {
  bundleDir, cleanupBundleDirs, dump, exportTo, freshId, importInto, openCentral, openSiteApp, preRegister, PROJECT_B, trustBoth, type Central, type SiteApp,
} from './sync-support';

const PROJECT_C = { ...PROJECT_B, contractNo: 'W2018060100021', buildNo: '18ZJPD0021', name: '浦东新区川沙新镇C地块' };

let central: Central;
let a: SiteApp;
let b: SiteApp;
let dir: string;

beforeEach(async () => {
  central = await openCentral();
  a = await openSiteApp(PROJECT);
  b = await openSiteApp(PROJECT_B);
  trustBoth(a.t, central.t);
  trustBoth(b.t, central.t);
  dir = bundleDir();
});

afterEach(() => {
  a.t.close();
  b.t.close();
  central.t.close();
  cleanupBundleDirs();
});

/** Appends a change to a site's outbox by hand: what a changed program (or a forger with its key) would send. */
function append(site: SiteApp, table: string, rowId: string, op: string, data: unknown): void {
  const sqlite = site.t.app.services.sqlite;
  const seq = (sqlite.prepare('select coalesce(max(seq), 0) + 1 from changes').pluck().get() as number);
  sqlite.prepare('insert into changes (seq, table_name, row_id, op, data, at) values (?, ?, ?, ?, ?, ?)').run(seq, table, rowId, op, JSON.stringify(data), '2020-02-17T01:00:00.000Z');
}

describe('a site writes only to the contracts it was registered for', () => {
  it('refuses a bundle of a trusted site that carries another site\'s contract, and changes nothing', async () => {
    await preRegister(a, '王晓东', freshId());
    importInto(central.t, (await exportTo(a.t, path.join(dir, 'a.sobundle'))).path);
    // B, registered for PROJECT_B only, sends a contract of its own making with A's 合同报送编号 and a
    // person in it: before, the contract was merged into A's and the person written there.
    const projectId = '01900000-0000-7000-8000-00000000abcd';
    const at = '2020-02-17T01:00:00.000Z';
    append(b, 'projects', projectId, 'insert', { id: projectId, ...PROJECT, createdAt: at });
    const person = (await preRegister(b, '混进来的人', freshId()));
    const row = b.t.app.services.sqlite.prepare('select * from changes where row_id = ? and table_name = ?').get(person.id, 'persons') as { data: string };
    append(b, 'persons', person.id, 'update', { ...JSON.parse(row.data), projectId });
    const file = path.join(dir, 'b.sobundle');
    await exportTo(b.t, file);
    const before = dump(central.t);
    const error = await errorOf(() => importInto(central.t, file));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain(`未登记的合同 ${PROJECT.contractNo}`);
    expect(dump(central.t)).toBe(before);
    const inA = central.t.app.services.sqlite.prepare('select count(*) from persons p join projects j on j.id = p.project_id where j.contract_no = ?').pluck().get(PROJECT.contractNo);
    expect(inA).toBe(1);
  });

  it('refuses a contract added after the registration until the site is registered again, then applies the same bundle', async () => {
    // A site whose registration file was made before its 初始化: it names no contract yet.
    const late = openTestApp();
    try {
      const early = registrationOf(late.app.services);
      expect(early.projects).toEqual([]);
      trustRegistration(central.t.app.services, early, '测试');
      trustRegistration(late.app.services, registrationOf(central.t.app.services), '测试');
      await late.call('setup.initialize', { project: PROJECT_C, manager: MANAGER });
      const file = path.join(dir, 'late.sobundle');
      await exportTo(late, file);
      const before = dump(central.t);
      const refused = await errorOf(() => importInto(central.t, file));
      expect(refused.message).toContain(`未登记的合同 ${PROJECT_C.contractNo}`);
      expect(refused.message).toContain('重新导出注册文件');
      expect(dump(central.t)).toBe(before);
      // Registered again (same key: the entry is refreshed, contracts included): the bundle applies.
      trustRegistration(central.t.app.services, registrationOf(late.app.services), '测试');
      expect(importInto(central.t, file).status).toBe('applied');
      expect(central.t.app.services.sqlite.prepare('select count(*) from projects where contract_no = ?').pluck().get(PROJECT_C.contractNo)).toBe(1);
    } finally {
      late.close();
    }
  });
});
