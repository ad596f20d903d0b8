// The central store: rows of many sites side by side without colliding, the same contract or
// person recorded by two installations merged, a row a store rule refuses kept as a conflict, a
// site unable to overwrite another's rows, and 实名制作业人员信息查询 with its filters, counts and 详情.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, PROJECT } from '../support/app';
import { importAck } from '../../electron/services/sync/ack';
import { registrationOf, trustRegistration } from '../../electron/services/sync/identity';
import {
  bundleDir, cleanupBundleDirs, enter, exportTo, fillOutbox, freshId, healthCheck, importInto, openCentral, openSiteApp, preRegister,
  PROJECT_B, STATION_HUANGPU, STATION_PUDONG, tablesCount, trustBoth, type Central, type SiteApp,
} from './sync-support';

let central: Central;
let dir: string;
const sites: SiteApp[] = [];

async function site(project = PROJECT): Promise<SiteApp> {
  const s = await openSiteApp(project);
  sites.push(s);
  trustBoth(s.t, central.t);
  return s;
}

async function ship(s: SiteApp, name: string) {
  const file = path.join(dir, name);
  await exportTo(s.t, file);
  const result = importInto(central.t, file);
  importAck(s.t.app.services, result.ack, 'file', '测试');
  return result;
}

beforeEach(async () => {
  central = await openCentral();
  dir = bundleDir();
});

afterEach(() => {
  for (const s of sites.splice(0)) s.t.close();
  central.t.close();
  cleanupBundleDirs();
});

describe('many sites in one store', () => {
  it('keeps two sites with two contracts apart, and counts each contract for 实名制作业人员信息查询', async () => {
    const a = await site(PROJECT);
    const b = await site(PROJECT_B);
    const a1 = await preRegister(a, '赵建军');
    const a2 = await preRegister(a, '钱志强');
    await preRegister(a, '孙丽');
    await healthCheck(a, a1.id);
    const e1 = await enter(a, a1.id);
    await enter(a, a2.id);
    await a.t.call('entries.exit', { entryId: e1, exitedOn: '2020-02-17' }, a.token);
    const b1 = await preRegister(b, '周国庆');
    await enter(b, b1.id);
    await ship(a, 'a.sobundle');
    await ship(b, 'b.sobundle');

    const all = await central.t.call('supervision.query', {}, central.token);
    expect(all.total).toBe(2);
    expect(all.rows.map((r) => [r.contractNo, r.buildNo, r.name, r.generalContractor, r.contractorType, r.employers, r.preRegistered, r.onSite, r.entered])).toEqual([
      [PROJECT_B.contractNo, PROJECT_B.buildNo, PROJECT_B.name, PROJECT_B.generalContractor, '施工企业', 1, 1, 1, 1],
      [PROJECT.contractNo, PROJECT.buildNo, PROJECT.name, PROJECT.generalContractor, '施工企业', 1, 3, 1, 2],
    ]);
    const huangpu = await central.t.call('supervision.query', { station: STATION_HUANGPU }, central.token);
    expect(huangpu.rows.map((r) => r.contractNo)).toEqual([PROJECT.contractNo]);
    expect((await central.t.call('supervision.query', { station: STATION_PUDONG }, central.token)).rows.map((r) => r.contractNo)).toEqual([PROJECT_B.contractNo]);
    expect((await central.t.call('supervision.query', { station: '全部' }, central.token)).total).toBe(2);
    expect((await central.t.call('supervision.query', { name: '御桥' }, central.token)).rows.map((r) => r.name)).toEqual([PROJECT_B.name]);
    expect((await central.t.call('supervision.query', { contractNo: '0100011' }, central.token)).total).toBe(1);
    expect((await central.t.call('supervision.query', { generalContractor: '南通三建' }, central.token)).total).toBe(1);
    expect((await central.t.call('supervision.query', { generalContractor: '%' }, central.token)).total).toBe(0);
    expect(await central.t.call('supervision.stations', {}, central.token)).toEqual([STATION_PUDONG, STATION_HUANGPU].sort());

    const detail = await central.t.call('supervision.detail', { projectId: a.projectId }, central.token);
    expect(detail.employers).toEqual([expect.objectContaining({ name: '上海申江建筑劳务有限公司', persons: 3 })]);
    expect(detail.persons.map((p) => [p.name, p.onSite]).sort()).toEqual([['孙丽', false], ['赵建军', false], ['钱志强', true]]);
    expect(detail.persons.every((p) => p.idNumberMasked.includes('*'))).toBe(true);
    expect(detail.healthToday.map((h) => [h.name, h.temperature])).toEqual([['赵建军', 36.5]]);
    expect(detail.sources).toEqual([expect.objectContaining({ installationId: registrationOf(a.t.app.services).installationId })]);
  });

  it('shows 处置方式 of the people who are not 可进场 in 详情', async () => {
    const a = await site();
    const p = await preRegister(a, '李秀英');
    await a.t.call('dispositions.set', { personId: p.id, state: 'isolate', startedAt: '2020-02-17 10:00:00', method: '居家隔离' }, a.token);
    await ship(a, 'a.sobundle');
    const detail = await central.t.call('supervision.detail', { projectId: a.projectId }, central.token);
    expect(detail.dispositions).toEqual([expect.objectContaining({ name: '李秀英', state: '需隔离', method: '居家隔离', startedAt: '2020-02-17 10:00:00' })]);
  });

  it('merges one contract recorded by two installations, and the same person pre-registered by both', async () => {
    const a = await site(PROJECT);
    const b = await site(PROJECT); // the 监理 office, say: same 合同报送编号, its own installation and ids
    const same = freshId();
    await preRegister(a, '赵建军', same);
    await preRegister(a, '钱志强');
    await preRegister(b, '赵建军', same);
    const onlyB = await preRegister(b, '孙丽');
    await healthCheck(b, onlyB.id);
    await ship(a, 'a.sobundle');
    const result = await ship(b, 'b.sobundle');
    expect(result.conflicts).toBe(0);
    const rows = (await central.t.call('supervision.query', {}, central.token)).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ contractNo: PROJECT.contractNo, preRegistered: 3, employers: 1 });
    // B's rows point at the merged contract and person.
    const aliases = central.t.app.services.sqlite.prepare('select table_name from sync_id_aliases order by table_name').all();
    expect(aliases).toEqual([{ table_name: 'employers' }, { table_name: 'persons' }, { table_name: 'projects' }]);
    const check = central.t.app.services.sqlite.prepare('select project_id from health_checks').get() as { project_id: string };
    expect(check.project_id).toBe(a.projectId);
  });

  it('keeps a row a store rule refuses as a conflict, and still applies the rest of the bundle', async () => {
    const a = await site(PROJECT);
    const b = await site(PROJECT_B);
    const who = freshId();
    const pa = await preRegister(a, '吴海燕', who);
    const pb = await preRegister(b, '吴海燕', who);
    await enter(a, pa.id);
    await enter(b, pb.id); // offline, neither office knew of the other's open entry
    await preRegister(b, '郑春花');
    await ship(a, 'a.sobundle');
    const result = await ship(b, 'b.sobundle');
    expect(result.status).toBe('applied');
    expect(result.conflicts).toBe(1);
    const conflict = central.t.app.services.sqlite.prepare('select table_name, reason, data from sync_conflicts').get() as { table_name: string; reason: string; data: string };
    expect(conflict.table_name).toBe('entries');
    expect(conflict.reason).toContain('重复');
    expect(JSON.parse(conflict.data)).toMatchObject({ personId: pb.id });
    expect(tablesCount(central.t, 'persons')).toBe(3);
    const sources = await central.t.call('supervision.sources', {}, central.token);
    expect(sources.sites.find((x) => x.installationId === result.installationId)?.conflicts).toBe(1);
  });

  it('does not let one site overwrite a row another site wrote', async () => {
    const a = await site(PROJECT);
    const b = await site(PROJECT_B);
    const victim = await preRegister(a, '王晓东');
    await ship(a, 'a.sobundle');
    // B's outbox carries an update of A's person, by id (a bug or a forger with B's key).
    const sqlite = b.t.app.services.sqlite;
    const row = central.t.app.services.sqlite.prepare('select * from persons where id = ?').get(victim.id) as Record<string, unknown>;
    const next = (sqlite.prepare('select max(seq) as n from changes').get() as { n: number }).n + 1;
    const data = { id: victim.id, projectId: row.project_id, category: 'worker', idNumber: row.id_number, name: '被改掉的名字', sex: row.sex, birthDate: row.birth_date, phone: row.phone, originProvinceCode: row.origin_province_code, originProvince: row.origin_province, originCityCode: row.origin_city_code, originCity: row.origin_city, employerId: row.employer_id, healthCloud: null, pinyinInitials: 'x', pinyinFull: 'x', preRegisteredOn: row.pre_registered_on, state: 'clear', createdAt: row.created_at, createdBy: 'x' };
    sqlite.prepare('insert into changes (seq, table_name, row_id, op, data, at) values (?, ?, ?, ?, ?, ?)').run(next, 'persons', victim.id, 'update', JSON.stringify(data), '2020-02-17T01:00:00.000Z');
    // And again under B's own contract: the stored row belongs to A's, so it is not overwritten either.
    sqlite.prepare('insert into changes (seq, table_name, row_id, op, data, at) values (?, ?, ?, ?, ?, ?)')
      .run(next + 1, 'persons', victim.id, 'update', JSON.stringify({ ...data, projectId: b.projectId, employerId: b.employer.id }), '2020-02-17T01:00:00.000Z');
    const result = await ship(b, 'b.sobundle');
    expect(result.conflicts).toBe(2);
    const reasons = central.t.app.services.sqlite.prepare('select reason from sync_conflicts order by seq').all() as { reason: string }[];
    expect(reasons.map((r) => r.reason)).toEqual(['该记录所属的合同不是该工地的,未予写入', '该记录属于另一个合同,未予覆盖']);
    expect(central.t.app.services.sqlite.prepare('select name, project_id from persons where id = ?').get(victim.id)).toEqual({ name: '王晓东', project_id: a.projectId });
  });

  it('refuses a change to a table or a column that is not synced, and applies nothing of that bundle', async () => {
    const a = await site();
    await preRegister(a, '冯鹏飞');
    const sqlite = a.t.app.services.sqlite;
    const next = (sqlite.prepare('select max(seq) as n from changes').get() as { n: number }).n + 1;
    sqlite.prepare('insert into changes (seq, table_name, row_id, op, data, at) values (?, ?, ?, ?, ?, ?)').run(next, 'users', 'u1', 'insert', JSON.stringify({ id: 'u1', role: 'supervisor' }), 'x');
    const file = path.join(dir, 'bad.sobundle');
    await exportTo(a.t, file);
    const before = tablesCount(central.t, 'persons');
    const error = await errorOf(() => importInto(central.t, file));
    expect(error.message).toContain('不能同步的表 users');
    expect(tablesCount(central.t, 'persons')).toBe(before);

    sqlite.prepare('update changes set table_name = ?, data = ? where seq = ?').run('persons', JSON.stringify({ id: 'u1', "name\" = 'x'; --": 1 }), next);
    await exportTo(a.t, file);
    expect((await errorOf(() => importInto(central.t, file))).message).toContain('未知字段');
    expect(tablesCount(central.t, 'persons')).toBe(before);
  });

  it('applies a large bundle of health checks in one go', async () => {
    const a = await site();
    fillOutbox(a.t.app.services.sqlite, 20000, { contractNo: 'W2020020200001' });
    trustRegistration(central.t.app.services, registrationOf(a.t.app.services), '测试'); // now with the second contract
    const result = await ship(a, 'big.sobundle');
    expect(result.conflicts).toBe(0);
    expect(tablesCount(central.t, 'health_checks')).toBe(20000 - 3);
  }, 60000);
});

describe('导入同步包 from a folder', () => {
  it('imports every bundle of a USB stick in order, refuses a bad one, and leaves an acknowledgement beside each', async () => {
    const a = await site(PROJECT);
    const b = await site(PROJECT_B);
    await preRegister(a, '赵建军');
    await preRegister(b, '钱志强');
    const usb = bundleDir();
    await a.t.call('sync.exportBundle', { folder: usb }, a.token);
    await b.t.call('sync.exportBundle', { folder: usb }, b.token);
    fs.writeFileSync(path.join(usb, 'zz-broken.sobundle'), 'not a bundle');
    const rows = await central.t.call('supervision.importFolder', { folder: usb }, central.token);
    expect(rows.map((r) => [r.status, r.ok])).toEqual([['applied', true], ['applied', true], ['refused', false]]);
    expect(rows[2]!.message).toContain('同步包');
    const acks = fs.readdirSync(usb).filter((f) => f.endsWith('.ack.json'));
    expect(acks).toHaveLength(2);
    // Each site takes its own acknowledgement from the stick; the other's is refused.
    const ackOf = (s: SiteApp) => acks.map((f) => JSON.parse(fs.readFileSync(path.join(usb, f), 'utf8')) as { installationId: string })
      .find((x) => x.installationId === registrationOf(s.t.app.services).installationId)!;
    expect(importAck(a.t.app.services, ackOf(a), 'file', '测试').moved).toBe(true);
    expect((await errorOf(() => importAck(a.t.app.services, ackOf(b), 'file', '测试'))).message).toContain('另一台电脑');
    // The same stick again: duplicates, nothing changes.
    const again = await central.t.call('supervision.importFolder', { folder: usb }, central.token);
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'refused']);
    expect((await errorOf(() => central.t.call('supervision.importFolder', { folder: path.join(usb, 'none') }, central.token))).message).toContain('无法读取文件夹');
  });
});

describe('who may do what', () => {
  it('lets only a 监督管理人员 query, and keeps a site account out of supervision commands', async () => {
    const a = await site();
    expect((await errorOf(() => a.t.call('supervision.query', {}, a.token))).code).toBe('FORBIDDEN');
    expect((await errorOf(() => central.t.call('supervision.query', {}, null))).code).toBe('UNAUTHENTICATED');
    expect((await errorOf(() => central.t.call('sync.status', {}, central.token))).code).toBe('FORBIDDEN');
  });

  it('registers a site by an uploaded registration file, and refuses a second key for the same installation', async () => {
    const a = await openSiteApp();
    sites.push(a);
    const reg = registrationOf(a.t.app.services);
    const upload = { fileName: 'site.json', dataBase64: Buffer.from(JSON.stringify(reg)).toString('base64') };
    const peer = await central.t.call('supervision.trustSite', upload, central.token);
    expect(peer).toMatchObject({ installationId: reg.installationId, role: 'site' });
    expect(await central.t.call('supervision.trustSite', upload, central.token)).toMatchObject({ installationId: reg.installationId });
    const { impostorRegistration } = await import('./sync-support');
    const impostor = impostorRegistration(reg.installationId);
    const error = await errorOf(() => trustRegistration(central.t.app.services, impostor, '测试'));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('已登记了另一个公钥');
  });
});
