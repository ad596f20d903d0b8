// Bundles from a site to the central system, through the real services on real SQLite files: the
// round trip, deterministic export, and every refusal the format promises (a flipped byte anywhere,
// a truncated file, an unknown installation, a wrong key, a gap, an unsupported version) leaving the
// central store exactly as it was; a duplicate is a no-op, an overlap applies only its new records.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, PROJECT } from '../support/app';
import { PNG_BYTES, JPEG_BYTES } from '../support/fixtures';
import { HEADER_BYTES, openBundle } from '../../electron/services/sync/container';
import { verifyBundle } from '../../electron/services/sync/verify';
import { importAck } from '../../electron/services/sync/ack';
import { pendingCount, siteState } from '../../electron/services/sync/export';
import { trustRegistration, registrationOf } from '../../electron/services/sync/identity';
import { publishReference } from '../../electron/services/sync/reference';
import {
  bundleDir, cleanupBundleDirs, dump, enter, exportTo, healthCheck, impostorRegistration, importInto, openCentral, openSiteApp,
  preRegister, tablesCount, trustBoth, trustCentral, flip, type Central, type SiteApp,
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

async function recordSome(n: number, prefix = '工人'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = await preRegister(site, `${prefix}${i + 1}`);
    await healthCheck(site, p.id);
    ids.push(p.id);
  }
  return ids;
}

describe('a bundle, written and read back', () => {
  it('carries every change after the watermark in order, verifies, and applies them all in the central store', async () => {
    const [first] = await recordSome(3);
    await enter(site, first!);
    const { site: reg } = trustBoth(site.t, central.t);
    const file = path.join(dir, 'b1.sobundle');
    const exported = await exportTo(site.t, file);
    const total = (site.t.app.services.sqlite.prepare('select max(seq) as n from changes').get() as { n: number }).n;
    expect(exported).toMatchObject({ firstSeq: 1, lastSeq: total, changes: total, files: 0 });
    expect(exported.counts).toMatchObject({ projects: 1, employers: 1, persons: 3, health_checks: 3, entries: 1 });

    const opened = openBundle(file);
    try {
      const summary = verifyBundle(opened, reg.publicKey);
      expect(summary.manifest).toMatchObject({ kind: 'changes', formatVersion: 2, installationId: reg.installationId, firstSeq: 1, lastSeq: total, records: total });
      expect(summary.manifest.projects).toEqual([{ id: site.projectId, contractNo: PROJECT.contractNo, name: PROJECT.name }]);
      expect(summary.sha256).toBe(exported.sha256);
    } finally {
      opened.close();
    }

    const result = importInto(central.t, file);
    expect(result).toMatchObject({ status: 'applied', firstSeq: 1, lastSeq: total, applied: total, skipped: 0, conflicts: 0 });
    expect(result.ack).toMatchObject({ installationId: reg.installationId, lastSeq: total, status: 'applied' });
    // The rows are the site's rows, unaltered.
    for (const table of ['projects', 'employers', 'persons', 'health_checks', 'entries']) {
      const a = site.t.app.services.sqlite.prepare(`select * from "${table}" order by id`).all();
      const b = central.t.app.services.sqlite.prepare(`select * from "${table}" order by id`).all();
      expect(b, table).toEqual(a);
    }
  });

  it('exports the same range twice with the same bytes apart from creation time and signature', async () => {
    await recordSome(4);
    trustBoth(site.t, central.t); // sealed to the central system: deterministic all the same
    const a = path.join(dir, 'a.sobundle');
    const b = path.join(dir, 'b.sobundle');
    await exportTo(site.t, a);
    site.t.clock.advanceMinutes(90);
    await exportTo(site.t, b);
    const oa = openBundle(a);
    const ob = openBundle(b);
    try {
      expect(oa.manifest.createdAt).not.toBe(ob.manifest.createdAt);
      const { createdAt: _ca, ...ma } = oa.manifest;
      const { createdAt: _cb, ...mb } = ob.manifest;
      expect(mb).toEqual(ma);
      // Header and every part: byte for byte.
      expect(fs.readFileSync(b).subarray(0, ob.manifestOffset)).toEqual(fs.readFileSync(a).subarray(0, oa.manifestOffset));
    } finally {
      oa.close();
      ob.close();
    }
  });

  it('has nothing to export when every change is acknowledged, and says so', async () => {
    await recordSome(1);
    trustBoth(site.t, central.t);
    const file = path.join(dir, 'b1.sobundle');
    await exportTo(site.t, file);
    const { ack } = importInto(central.t, file);
    importAck(site.t.app.services, ack, 'file', '测试');
    expect(pendingCount(site.t.app.services)).toBe(0);
    const error = await errorOf(() => exportTo(site.t, path.join(dir, 'b2.sobundle')));
    expect(error.message).toContain('没有待同步的记录');
    expect(fs.existsSync(path.join(dir, 'b2.sobundle'))).toBe(false);
  });
});

describe('refusals leave the central store as it was', () => {
  it('refuses one flipped byte anywhere in the file', async () => {
    await recordSome(2);
    trustBoth(site.t, central.t);
    const file = path.join(dir, 'good.sobundle');
    await exportTo(site.t, file);
    const size = fs.statSync(file).size;
    const before = dump(central.t);
    const bad = path.join(dir, 'bad.sobundle');
    const messages = new Set<string>();
    for (let offset = 0; offset < size; offset++) {
      flip(file, offset, bad);
      const error = await errorOf(() => importInto(central.t, bad));
      expect(['BAD_REQUEST', 'FORBIDDEN'], `offset ${offset}: ${error.message}`).toContain(error.code);
      messages.add(error.message);
    }
    expect(dump(central.t)).toBe(before);
    // The reasons name what is wrong, in Chinese.
    expect([...messages].some((m) => m.includes('SHA-256'))).toBe(true);
    expect([...messages].some((m) => m.includes('签名'))).toBe(true);
    // And the good file still applies.
    expect(importInto(central.t, file).status).toBe('applied');
  }, 120000);

  it('refuses a truncated file at any length', async () => {
    await recordSome(2);
    trustBoth(site.t, central.t);
    const file = path.join(dir, 'good.sobundle');
    await exportTo(site.t, file);
    const bytes = fs.readFileSync(file);
    const before = dump(central.t);
    const cut = path.join(dir, 'cut.sobundle');
    for (let length = 0; length < bytes.length; length += length < 64 || length > bytes.length - 200 ? 1 : 37) {
      fs.writeFileSync(cut, bytes.subarray(0, length));
      const error = await errorOf(() => importInto(central.t, cut));
      expect(error.code, `length ${length}`).toBe('BAD_REQUEST');
    }
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 1));
    expect((await errorOf(() => importInto(central.t, cut))).message).toContain('截断');
    expect(dump(central.t)).toBe(before);
  });

  it('refuses a bundle of an installation the central system has not registered', async () => {
    await recordSome(1);
    trustCentral(site.t, central.t);
    const file = path.join(dir, 'b.sobundle');
    await exportTo(site.t, file);
    const before = dump(central.t);
    const error = await errorOf(() => importInto(central.t, file));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('未登记的安装');
    expect(dump(central.t)).toBe(before);
  });

  it('refuses a bundle signed with another key than the one registered for its installation', async () => {
    await recordSome(1);
    const siteReg = registrationOf(site.t.app.services);
    trustRegistration(central.t.app.services, impostorRegistration(siteReg.installationId), '测试');
    trustCentral(site.t, central.t);
    const file = path.join(dir, 'b.sobundle');
    await exportTo(site.t, file);
    const before = dump(central.t);
    const error = await errorOf(() => importInto(central.t, file));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('签名密钥与登记的公钥不符');
    expect(dump(central.t)).toBe(before);
  });

  it('refuses a gap: a bundle that starts after the last applied sequence number plus one', async () => {
    await recordSome(1);
    trustBoth(site.t, central.t);
    const b1 = path.join(dir, 'b1.sobundle');
    // In clear (exported so on purpose): a second central system below reads them too.
    const first = await exportTo(site.t, b1, { encrypt: false });
    importAck(site.t.app.services, importInto(central.t, b1).ack, 'file', '测试');
    await recordSome(1, '后来');
    const b2 = path.join(dir, 'b2.sobundle');
    const second = await exportTo(site.t, b2, { encrypt: false });
    expect(second.firstSeq).toBe(first.lastSeq + 1);
    // A second central system that trusts the site but never received the first bundle.
    const other = await openCentral();
    try {
      trustRegistration(other.t.app.services, registrationOf(site.t.app.services), '测试');
      const before = dump(other.t);
      const error = await errorOf(() => importInto(other.t, b2));
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toContain(`缺少第 1 至 ${first.lastSeq} 条`);
      expect(dump(other.t)).toBe(before);
      // In order, both apply.
      expect(importInto(other.t, b1).status).toBe('applied');
      expect(importInto(other.t, b2).status).toBe('applied');
    } finally {
      other.t.close();
    }
  });

  it('refuses an unsupported format version', async () => {
    await recordSome(1);
    trustBoth(site.t, central.t);
    const file = path.join(dir, 'b.sobundle');
    await exportTo(site.t, file);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32BE(3, HEADER_BYTES - 4);
    const v3 = path.join(dir, 'v3.sobundle');
    fs.writeFileSync(v3, bytes);
    const before = dump(central.t);
    const error = await errorOf(() => importInto(central.t, v3));
    expect(error.message).toBe('不支持的同步包格式版本 3(本程序支持 1、2),请升级程序');
    expect(dump(central.t)).toBe(before);
  });

  it('refuses a reference bundle given as a site bundle', async () => {
    await recordSome(1);
    trustBoth(site.t, central.t);
    importInto(central.t, await exportTo(site.t, path.join(dir, 'b.sobundle')).then((r) => r.path));
    const ref = await publishReference(central.t.app.services, { siteId: registrationOf(site.t.app.services).installationId, outPath: path.join(dir, 'ref.sobundle'), includeHealthCloud: false, actorName: '测试' });
    const before = dump(central.t);
    expect((await errorOf(() => importInto(central.t, ref.path))).message).toContain('参考数据包');
    expect(dump(central.t)).toBe(before);
  });
});

describe('exactly once', () => {
  it('answers a duplicate with success and changes nothing', async () => {
    await recordSome(2);
    trustBoth(site.t, central.t);
    const file = path.join(dir, 'b.sobundle');
    await exportTo(site.t, file);
    const first = importInto(central.t, file);
    const before = dump(central.t);
    const again = importInto(central.t, file);
    expect(again).toMatchObject({ status: 'duplicate', applied: 0 });
    expect(again.ack).toMatchObject({ status: 'duplicate', lastSeq: first.ack.lastSeq });
    expect(dump(central.t)).toBe(before);
  });

  it('applies only the new records of an overlapping bundle', async () => {
    await recordSome(2);
    trustBoth(site.t, central.t);
    const b1 = path.join(dir, 'b1.sobundle');
    const first = await exportTo(site.t, b1);
    importInto(central.t, b1);
    // No acknowledgement reached the site: its next bundle starts at 1 again and reaches further.
    await recordSome(1, '新人');
    const b2 = path.join(dir, 'b2.sobundle');
    const second = await exportTo(site.t, b2);
    expect(second.firstSeq).toBe(1);
    const persons = tablesCount(central.t, 'persons');
    const checks = tablesCount(central.t, 'health_checks');
    const result = importInto(central.t, b2);
    expect(result).toMatchObject({ status: 'applied', skipped: first.lastSeq, applied: second.lastSeq - first.lastSeq });
    expect(tablesCount(central.t, 'persons')).toBe(persons + 1);
    expect(tablesCount(central.t, 'health_checks')).toBe(checks + 1);
    expect(result.ack.lastSeq).toBe(second.lastSeq);
    const applied = central.t.app.services.sqlite.prepare('select first_seq, last_seq, applied_from_seq from sync_applied_bundles order by applied_at, last_seq').all();
    expect(applied).toEqual([
      { first_seq: 1, last_seq: first.lastSeq, applied_from_seq: 1 },
      { first_seq: 1, last_seq: second.lastSeq, applied_from_seq: first.lastSeq + 1 },
    ]);
  });
});

describe('attachments travel once each, by content hash', () => {
  async function uploadChecklist(bytes: Buffer, mime: 'image/png' | 'image/jpeg', fileName: string) {
    return site.t.call('epidemicInfo.uploadChecklist', { fileName, mime, dataBase64: bytes.toString('base64') }, site.token);
  }

  beforeEach(async () => {
    await site.t.call('epidemicInfo.save', {
      teamMembers: [{ name: '王建国', role: '组长', phone: '13800138000' }], hospitalName: '上海市第一人民医院', hospitalAddress: '武进路85号', hospitalPhone: '021-63240090', supplies: [], other: '',
    }, site.token);
  });

  it('carries a file once however many rows name it, stores it on the central side, and never sends it again once acknowledged', async () => {
    trustBoth(site.t, central.t);
    await uploadChecklist(PNG_BYTES, 'image/png', '复工检查表.png');
    await uploadChecklist(PNG_BYTES, 'image/png', '复工检查表-副本.png');
    const b1 = path.join(dir, 'b1.sobundle');
    const first = await exportTo(site.t, b1);
    expect(first.files).toBe(1);
    const result = importInto(central.t, b1);
    expect(result.files).toBe(1);
    const sha = (site.t.app.services.sqlite.prepare('select sha256 from attachments limit 1').get() as { sha256: string }).sha256;
    expect(fs.readFileSync(central.t.app.services.files.pathOf(sha))).toEqual(PNG_BYTES);
    importAck(site.t.app.services, result.ack, 'file', '测试');

    // The same scan again, and a new one: only the new one travels.
    await uploadChecklist(PNG_BYTES, 'image/png', '再传一次.png');
    await uploadChecklist(JPEG_BYTES, 'image/jpeg', '新的.jpg');
    const b2 = path.join(dir, 'b2.sobundle');
    const second = await exportTo(site.t, b2);
    expect(second.files).toBe(1);
    expect(importInto(central.t, b2)).toMatchObject({ status: 'applied', files: 1, conflicts: 0 });
    expect(tablesCount(central.t, 'attachments')).toBe(4);
  });

  it('refuses a bundle whose attachment rows name a file neither the bundle nor the central store has', async () => {
    trustBoth(site.t, central.t);
    await uploadChecklist(PNG_BYTES, 'image/png', '复工检查表.png');
    // As if the file had been acknowledged before: the site leaves it out.
    site.t.app.services.sqlite.prepare("insert into sync_delivered_files (sha256, delivered_at) select sha256, 'x' from attachments").run();
    const file = path.join(dir, 'b.sobundle');
    expect((await exportTo(site.t, file)).files).toBe(0);
    const before = dump(central.t);
    expect((await errorOf(() => importInto(central.t, file))).message).toContain('缺少附件文件');
    expect(dump(central.t)).toBe(before);
  });
});

describe('the watermark', () => {
  it('moves only on an acknowledgement, never on export', async () => {
    await recordSome(2);
    trustBoth(site.t, central.t);
    const file = path.join(dir, 'b.sobundle');
    const exported = await exportTo(site.t, file);
    expect(siteState(site.t.app.services).ackedSeq).toBe(0);
    expect(pendingCount(site.t.app.services)).toBe(exported.changes);
    const { ack } = importInto(central.t, file);
    const moved = importAck(site.t.app.services, ack, 'file', '测试');
    expect(moved).toMatchObject({ previousSeq: 0, ackedSeq: exported.lastSeq, moved: true });
    expect(pendingCount(site.t.app.services)).toBe(0);
    // The same acknowledgement again moves nothing.
    expect(importAck(site.t.app.services, ack, 'file', '测试')).toMatchObject({ moved: false, ackedSeq: exported.lastSeq });
  });
});
