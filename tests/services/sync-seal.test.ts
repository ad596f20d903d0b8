// Issue 16, item 14: a bundle on a USB stick is readable only by the central system it is for. Every
// part is sealed to the central system's X25519 key (registration file version 2); the manifest stays
// in clear and signed, so anyone can still check the file, and the central system opens it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf } from '../support/app';
import { openBundle, readRecordsPayload } from '../../electron/services/sync/container';
import { canonicalJson, ensureInstallation, registrationOf, trustRegistration, type Registration } from '../../electron/services/sync/identity';
import { verifyBundle } from '../../electron/services/sync/verify';
import {
  bundleDir, cleanupBundleDirs, exportTo, flip, importInto, openCentral, openSiteApp, preRegister, trustBoth, uploadPhoto, type Central, type SiteApp,
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

let PHOTO: Buffer;

async function recordPersonAndPhoto(): Promise<string> {
  const person = await preRegister(site, '赵建军');
  PHOTO = await uploadPhoto(site, 4096);
  return person.idNumber;
}

/** What a finder of the stick can read: every records part inflated as the format says, and the raw bytes. */
function whatAFinderReads(file: string): string {
  const opened = openBundle(file);
  try {
    const texts: string[] = [];
    for (const part of opened.manifest.parts) {
      if (part.type !== 'records') continue;
      const raw = Buffer.alloc(part.length);
      fs.readSync(opened.fd, raw, 0, part.length, part.offset + 5);
      try {
        texts.push(zlib.inflateRawSync(raw).toString('utf8'));
      } catch {
        texts.push(''); // not deflate: nothing to read
      }
    }
    return texts.join('\n');
  } finally {
    opened.close();
  }
}

describe('a bundle on a USB stick', () => {
  it('gives a finder no 身份证号 and no photo, yet verifies without the key and applies at the central system', async () => {
    const { site: siteReg } = trustBoth(site.t, central.t);
    const idNumber = await recordPersonAndPhoto();
    const file = path.join(dir, 'usb.sobundle');
    const exported = await exportTo(site.t, file);
    expect(exported.files).toBe(1);
    expect(whatAFinderReads(file)).not.toContain(idNumber);
    expect(whatAFinderReads(file)).not.toContain('赵建军');
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(PHOTO.subarray(1000, 1064))).toBe(false);
    expect(bytes.includes(Buffer.from(idNumber))).toBe(false);

    // The manifest is in clear and signed: anyone with the site's registration file can check the file.
    const opened = openBundle(file);
    try {
      expect(opened.manifest.encryption).toMatchObject({ scheme: 'x25519-hkdf-sha256/aes-256-gcm', recipient: ensureInstallation(central.t.app.services).installationId });
      const summary = verifyBundle(opened, siteReg.publicKey);
      expect(summary.manifest.records).toBe(exported.changes);
      expect(() => readRecordsPayload(opened, opened.manifest.parts.find((p) => p.type === 'records') as never)).toThrow('只有其接收方才能读取');
    } finally {
      opened.close();
    }

    // The central system opens it: the same rows, the photo under its own content address.
    const result = importInto(central.t, file);
    expect(result).toMatchObject({ status: 'applied', applied: exported.changes, files: 1 });
    expect(central.t.app.services.sqlite.prepare('select id_number from persons').pluck().get()).toBe(idNumber);
    const sha = crypto.createHash('sha256').update(PHOTO).digest('hex');
    expect(fs.readFileSync(central.t.app.services.files.pathOf(sha))).toEqual(PHOTO);
  });

  it('cannot be read by another central system, even one that trusts the site', async () => {
    trustBoth(site.t, central.t);
    await recordPersonAndPhoto();
    const file = path.join(dir, 'usb.sobundle');
    await exportTo(site.t, file);
    const other = await openCentral();
    try {
      trustRegistration(other.t.app.services, registrationOf(site.t.app.services), '测试');
      const error = await errorOf(() => importInto(other.t, file));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toContain('加密给另一个安装');
      expect(other.t.app.services.sqlite.prepare('select count(*) from persons').pluck().get()).toBe(0);
    } finally {
      other.t.close();
    }
  });

  it('refuses a sealed part with one byte changed', async () => {
    trustBoth(site.t, central.t);
    await recordPersonAndPhoto();
    const file = path.join(dir, 'usb.sobundle');
    await exportTo(site.t, file);
    const opened = openBundle(file);
    const filePart = opened.manifest.parts.find((p) => p.type === 'file')!;
    opened.close();
    const bad = path.join(dir, 'bad.sobundle');
    flip(file, filePart.offset + 5 + 100, bad);
    expect((await errorOf(() => importInto(central.t, bad))).message).toContain('SHA-256');
  });

  it('is not exported in clear by default: without the central system\'s encryption key the export says what to do', async () => {
    await preRegister(site, '赵建军');
    const none = await errorOf(() => exportTo(site.t, path.join(dir, 'a.sobundle')));
    expect(none.message).toContain('同步包要加密给中心系统');
    // A central registration file of version 1 (before encryption) carries no key.
    const v2 = registrationOf(central.t.app.services);
    const { signature: _s, encryptionKey: _k, ...body } = v2;
    const v1Body = { ...body, formatVersion: 1 };
    const key = ensureInstallation(central.t.app.services).privateKey;
    const v1: Registration = { ...v1Body, signature: crypto.sign(null, Buffer.from(canonicalJson(v1Body)), key).toString('base64') };
    trustRegistration(site.t.app.services, v1, '测试');
    const old = await errorOf(() => exportTo(site.t, path.join(dir, 'b.sobundle')));
    expect(old.message).toContain('不含加密公钥');
    // Exported in clear only when asked to be (bundle export --no-encrypt).
    expect((await exportTo(site.t, path.join(dir, 'c.sobundle'), { encrypt: false })).changes).toBeGreaterThan(0);
    expect(whatAFinderReads(path.join(dir, 'c.sobundle'))).toContain('赵建军');
  });
});
