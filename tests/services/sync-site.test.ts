// The site's side of sync: its identity made once, registration files and trust, acknowledgements
// (the only thing that moves the watermark, and only when genuine), reference bundles from the
// central system, and the 同步 commands as the screen calls them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, PROJECT } from '../support/app';
import { operatorToken } from '../support/prereg-helpers';
import { openApp } from '../../electron/node/app';
import { importAck } from '../../electron/services/sync/ack';
import { siteState } from '../../electron/services/sync/export';
import { canonicalJson, ensureInstallation, parseRegistration, registrationOf, trustRegistration } from '../../electron/services/sync/identity';
import { applyReference, publishReference } from '../../electron/services/sync/reference';
import {
  bundleDir, cleanupBundleDirs, dump, exportTo, importInto, openCentral, openSiteApp, preRegister, trustBoth, type Central, type SiteApp,
} from './sync-support';

let site: SiteApp;
let central: Central;
let dir: string;

beforeEach(async () => {
  site = await openSiteApp();
  central = await openCentral();
  dir = bundleDir();
});

afterEach(() => {
  site.t.close();
  central.t.close();
  cleanupBundleDirs();
});

const upload = (fileName: string, content: string | Buffer) => ({ fileName, dataBase64: Buffer.from(content).toString('base64') });

describe('the installation identity', () => {
  it('is made on first open and stays the same when the folder is opened again', () => {
    const first = ensureInstallation(site.t.app.services);
    expect(first.role).toBe('site');
    const rows = site.t.app.services.sqlite.prepare('select id from installation').all();
    expect(rows).toEqual([{ id: first.installationId }]);
    const dataDir = path.join(dir, 'again');
    const a = openApp(dataDir, { log: () => {} });
    const id = ensureInstallation(a.services).installationId;
    const key = ensureInstallation(a.services).publicKey;
    a.close();
    const b = openApp(dataDir, { log: () => {} });
    try {
      expect(ensureInstallation(b.services)).toMatchObject({ installationId: id, publicKey: key });
    } finally {
      b.close();
    }
  });

  it('writes a registration file whose self-signature catches any change', () => {
    const r = registrationOf(site.t.app.services);
    expect(r).toMatchObject({ role: 'site', projects: [{ contractNo: PROJECT.contractNo, name: PROJECT.name, supervisionStation: PROJECT.supervisionStation }] });
    expect(parseRegistration(JSON.stringify(r)).installationId).toBe(r.installationId);
    expect(() => parseRegistration(JSON.stringify({ ...r, name: '别的工地' }))).toThrow('注册文件的签名无效');
    expect(() => parseRegistration('not json')).toThrow('不是有效的 JSON');
    expect(() => parseRegistration(JSON.stringify({ ...r, formatVersion: 9 }))).toThrow('不支持的注册文件版本 9');
  });

  it('lets a site trust one central system only, and never another site', async () => {
    const other = await openSiteApp();
    try {
      expect(() => trustRegistration(site.t.app.services, registrationOf(other.t.app.services), '测试')).toThrow('工地只能导入中心系统的注册文件');
      trustRegistration(site.t.app.services, registrationOf(central.t.app.services), '测试');
      const second = await openCentral();
      try {
        expect(() => trustRegistration(site.t.app.services, registrationOf(second.t.app.services), '测试')).toThrow('不能再登记另一个');
      } finally {
        second.t.close();
      }
    } finally {
      other.t.close();
    }
  });
});

describe('acknowledgements', () => {
  async function shipped() {
    await preRegister(site, '赵建军');
    trustBoth(site.t, central.t);
    const file = path.join(dir, 'b.sobundle');
    const exported = await exportTo(site.t, file);
    return { exported, ack: importInto(central.t, file).ack };
  }

  it('refuses a forged or altered acknowledgement and keeps the watermark', async () => {
    const { ack } = await shipped();
    const before = dump(site.t);
    // Altered after signing.
    const altered = await errorOf(() => importAck(site.t.app.services, { ...ack, lastSeq: ack.lastSeq - 1 }, 'file', '测试'));
    expect(altered.message).toContain('回执签名无效');
    // Signed by a key that is not the registered central system's.
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const { signature: _s, ...body } = ack;
    const forged = { ...body, signature: crypto.sign(null, Buffer.from(canonicalJson(body)), privateKey).toString('base64') };
    expect((await errorOf(() => importAck(site.t.app.services, forged, 'file', '测试'))).message).toContain('回执签名无效');
    expect((await errorOf(() => importAck(site.t.app.services, { ...ack, formatVersion: 2 }, 'file', '测试'))).message).toContain('不支持的回执版本 2');
    expect((await errorOf(() => importAck(site.t.app.services, { hello: 1 }, 'file', '测试'))).message).toBe('该文件不是同步回执');
    expect(dump(site.t)).toBe(before);
    expect(siteState(site.t.app.services).ackedSeq).toBe(0);
  });

  it('refuses an acknowledgement of another installation', async () => {
    const { ack } = await shipped();
    const other = await openSiteApp();
    try {
      trustRegistration(other.t.app.services, registrationOf(central.t.app.services), '测试');
      expect((await errorOf(() => importAck(other.t.app.services, ack, 'file', '测试'))).message).toContain('属于另一台电脑');
      expect(siteState(other.t.app.services).ackedSeq).toBe(0);
    } finally {
      other.t.close();
    }
  });

  it('imports an acknowledgement file through 导入回执 and shows it on the 同步 screen', async () => {
    const { exported, ack } = await shipped();
    let status = await site.t.call('sync.status', {}, site.token);
    expect(status).toMatchObject({ pending: exported.changes, ackedSeq: 0, lastAck: null });
    expect(status.lastExport).toMatchObject({ firstSeq: 1, lastSeq: exported.lastSeq });
    const result = await site.t.call('sync.importAck', upload('ack.json', JSON.stringify(ack)), site.token);
    expect(result).toMatchObject({ previousSeq: 0, ackedSeq: exported.lastSeq, moved: true });
    status = await site.t.call('sync.status', {}, site.token);
    expect(status).toMatchObject({ pending: 0, ackedSeq: exported.lastSeq, lastAck: { lastSeq: exported.lastSeq, via: 'file' } });
  });
});

describe('the 同步 commands', () => {
  it('exports to a chosen folder, remembers it, and refuses a relative path', async () => {
    await preRegister(site, '钱志强');
    trustBoth(site.t, central.t);
    const folder = path.join(dir, 'U盘');
    const r = await site.t.call('sync.exportBundle', { folder }, site.token);
    expect(path.dirname(r.path)).toBe(folder);
    expect(fs.existsSync(r.path)).toBe(true);
    expect((await site.t.call('sync.status', {}, site.token)).exportFolder).toBe(folder);
    expect((await errorOf(() => site.t.call('sync.exportBundle', { folder: 'relative/dir' }, site.token))).message).toContain('完整的文件夹路径');
  });

  it('keeps state changes to the 项目负责人: an operator may look, not export', async () => {
    const operator = await operatorToken(site.t, site.token);
    expect((await site.t.call('sync.status', {}, operator)).installation.id).toBeTruthy();
    expect((await errorOf(() => site.t.call('sync.exportBundle', { folder: dir }, operator))).code).toBe('FORBIDDEN');
    expect((await errorOf(() => site.t.call('sync.registration', {}, operator))).code).toBe('FORBIDDEN');
  });

  it('downloads the registration file and trusts the central one by upload; saves the central URL', async () => {
    const download = await site.t.call('sync.registration', {}, site.token);
    const r = parseRegistration(Buffer.from(download.dataBase64, 'base64').toString('utf8'));
    expect(download.fileName).toMatch(/^siteoffice-site-[0-9a-f]{10}\.registration\.json$/);
    expect(r.installationId).toBe(ensureInstallation(site.t.app.services).installationId);
    const centralFile = await central.t.call('supervision.registration', {}, central.token);
    const peer = await site.t.call('sync.trustCentral', { fileName: centralFile.fileName, dataBase64: centralFile.dataBase64 }, site.token);
    expect(peer.role).toBe('central');
    expect(await site.t.call('sync.saveSettings', { centralUrl: 'http://127.0.0.1:5790/' }, site.token)).toEqual({ centralUrl: 'http://127.0.0.1:5790' });
    expect((await errorOf(() => site.t.call('sync.saveSettings', { centralUrl: 'ftp://x' }, site.token))).code).toBe('VALIDATION');
    expect((await site.t.call('sync.status', {}, site.token)).central?.installationId).toBe(peer.installationId);
  });
});

describe('reference bundles from the central system', () => {
  it('brings contracts, 用人单位, 健康云 records and corrections, signed by the registered central key, once', async () => {
    trustBoth(site.t, central.t);
    const person = await preRegister(site, '孙丽');
    const file = path.join(dir, 'b.sobundle');
    await exportTo(site.t, file);
    importInto(central.t, file);
    // The central system knows more about the contract than the site typed.
    const c = central.t.app.services.sqlite;
    c.prepare('update projects set name = ? where contract_no = ?').run('测试4444(二期)', PROJECT.contractNo);
    c.prepare('insert into employers (id, project_id, name, credit_code, participant_type, contract_no, created_at) select ?, id, ?, ?, ?, ?, ? from projects where contract_no = ?')
      .run('01900000-0000-7000-8000-000000000001', '上海浦江劳务有限公司', '91310115MA1K30002X', '006', 'W2019010100012', '2020-02-17T01:00:00.000Z', PROJECT.contractNo);
    c.prepare(`insert into health_cloud_records (id, id_number, name, phone, report_address, report_time, temperature, health_status, travel_time, travel_mode, from_hubei, from_wuhan, stopover, stay_place, home_address, source, imported_at)
      values ('h1', ?, '孙丽', '13900001111', '上海市黄浦区', '2020-02-16 08:00', '36.5', '健康', '2020-02-15', '火车', 0, 0, 0, '', '上海市', '健康云', 'x')`).run(person.idNumber);
    const ref = await publishReference(central.t.app.services, {
      siteId: ensureInstallation(site.t.app.services).installationId, outPath: path.join(dir, 'ref.sobundle'), includeHealthCloud: true, actorName: '李监督',
      corrections: [{ table: 'persons', rowId: person.id, reason: '姓名录错', set: { name: '孙莉' } }],
    });
    expect(ref).toMatchObject({ referenceSeq: 1, counts: { contract: 1, employer: 2, healthCloud: 1, correction: 1 } });

    const result = await site.t.call('sync.importReference', upload('ref.sobundle', fs.readFileSync(ref.path)), site.token);
    expect(result).toMatchObject({ status: 'applied', referenceSeq: 1, contractsUpdated: 1, employersAdded: 1, employersUpdated: 0, healthCloudRecords: 1, corrections: 1 });
    const s = site.t.app.services.sqlite;
    expect((s.prepare('select name from projects').get() as { name: string }).name).toBe('测试4444(二期)');
    expect((s.prepare('select name, pinyin_initials from persons where id = ?').get(person.id) as { name: string; pinyin_initials: string })).toEqual({ name: '孙莉', pinyin_initials: 'sl' });
    expect((await site.t.call('employers.list', {}, site.token)).map((e) => e.name).sort()).toEqual(['上海浦江劳务有限公司', '上海申江建筑劳务有限公司']);
    const lookup = await site.t.call('healthCloud.lookup', { idNumber: person.idNumber, name: '孙丽' }, site.token);
    expect(lookup.found).toBe(true);
    // The writes went through the outbox: they travel back with the next bundle.
    const changes = s.prepare("select table_name, op from changes where seq > 0 order by seq desc limit 3").all();
    expect(changes).toEqual(expect.arrayContaining([{ table_name: 'persons', op: 'update' }, { table_name: 'employers', op: 'insert' }, { table_name: 'projects', op: 'update' }]));
    // Once only.
    const before = dump(site.t);
    expect(applyReference(site.t.app.services, ref.path, '测试')).toMatchObject({ status: 'duplicate' });
    expect(dump(site.t)).toBe(before);
  });

  it('refuses a reference bundle of a central system the site has not registered', async () => {
    // The central system knows the site (its bundle came in clear); the site has not registered the central system.
    trustRegistration(central.t.app.services, registrationOf(site.t.app.services), '测试');
    importInto(central.t, (await exportTo(site.t, path.join(dir, 'plain.sobundle'), { encrypt: false })).path);
    const ref = await publishReference(central.t.app.services, { siteId: ensureInstallation(site.t.app.services).installationId, outPath: path.join(dir, 'ref.sobundle'), includeHealthCloud: false, actorName: '测试' });
    const before = dump(site.t);
    expect((await errorOf(() => applyReference(site.t.app.services, ref.path, '测试'))).message).toContain('尚未登记中心系统');
    expect(dump(site.t)).toBe(before);
    const impostor = await openCentral();
    try {
      trustRegistration(site.t.app.services, registrationOf(impostor.t.app.services), '测试');
      const trusted = dump(site.t);
      expect((await errorOf(() => applyReference(site.t.app.services, ref.path, '测试'))).message).toContain('未登记的中心系统');
      expect(dump(site.t)).toBe(trusted);
    } finally {
      impostor.t.close();
    }
    expect(siteState(site.t.app.services).referenceSeq).toBe(0);
  });
});
