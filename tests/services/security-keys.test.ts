// Item 9 of issue 16: the installation's Ed25519 private key is kept out of the database and so out
// of every backup: an owner-only file in keys/ (serve mode), or sealed by Electron's safeStorage in
// the desktop app. Keys written by older versions move there, and the copies in backups go.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../electron/node/app';
import { backupNow } from '../../electron/services/backups';
import { ensureInstallation, makeCentral, registrationOf, signingKeyName, signBytes, trustRegistration, verifyBytes } from '../../electron/services/sync/identity';
import { ApiError } from '../../electron/common/errors';
import { KEYS_DIR, SealedSecretStore, type Sealer } from '../../electron/services/security/secret-store';
import { ManualClock, tempDir } from '../support/app';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

function keyDer(dataDir: string, installationId: string): Buffer {
  return fs.readFileSync(path.join(dataDir, KEYS_DIR, signingKeyName(installationId)));
}

/** Whether a file's bytes contain the key, raw or as the base64 older versions stored. */
function holdsKey(file: string, der: Buffer): boolean {
  const bytes = fs.readFileSync(file);
  return bytes.includes(der.subarray(16)) || bytes.includes(Buffer.from(der.toString('base64')));
}

describe('the signing key lives outside the database', () => {
  it('is an owner-only file, blank in the database, and absent from a backup', async () => {
    const dir = folder();
    const app = openApp(dir, { clock: new ManualClock(), log: () => {} });
    try {
      const identity = ensureInstallation(app.services);
      const row = app.services.sqlite.prepare('select private_key as k from sync_identity').get() as { k: string };
      expect(row.k).toBe('');
      const file = path.join(dir, KEYS_DIR, signingKeyName(identity.installationId));
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      const der = keyDer(dir, identity.installationId);
      // The file is the key that signs.
      const signed = signBytes(identity, Buffer.from('x'));
      expect(crypto.verify(null, Buffer.from('x'), crypto.createPublicKey(crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })), signed)).toBe(true);
      const backup = await backupNow(app.services, 'manual');
      expect(holdsKey(path.join(dir, 'backups', backup.fileName), der)).toBe(false);
      expect(holdsKey(path.join(dir, 'siteoffice.sqlite'), der)).toBe(false);
    } finally {
      app.close();
    }
  });

  it('moves a key an older version kept in the database, and scrubs it from the backups', async () => {
    const dir = folder();
    let app = openApp(dir, { clock: new ManualClock(), log: () => {} });
    const identity = ensureInstallation(app.services);
    const der = keyDer(dir, identity.installationId);
    // As an older version left it: the key in the row and in a backup, no keys/ folder.
    app.services.sqlite.prepare('update sync_identity set private_key = ?').run(der.toString('base64'));
    const old = await backupNow(app.services, 'manual');
    app.close();
    fs.rmSync(path.join(dir, KEYS_DIR), { recursive: true });
    const oldBackup = path.join(dir, 'backups', old.fileName);
    expect(holdsKey(oldBackup, der)).toBe(true);

    app = openApp(dir, { clock: new ManualClock(), log: () => {} });
    try {
      const again = ensureInstallation(app.services);
      expect(again.fingerprint).toBe(identity.fingerprint);
      expect(keyDer(dir, identity.installationId).equals(der)).toBe(true);
      expect((app.services.sqlite.prepare('select private_key as k from sync_identity').get() as { k: string }).k).toBe('');
      expect(holdsKey(oldBackup, der)).toBe(false);
      const inBackup = new Database(oldBackup, { readonly: true });
      expect((inBackup.prepare('select private_key as k from sync_identity').get() as { k: string }).k).toBe('');
      inBackup.close();
      expect(verifyBytes(again.publicKey, Buffer.from('y'), signBytes(again, Buffer.from('y')))).toBe(true);
    } finally {
      app.close();
    }
  });

  it('makes a new key pair, in the audit trail, when the key is nowhere (a backup restored on another PC)', () => {
    const dir = folder();
    let app = openApp(dir, { clock: new ManualClock(), log: () => {} });
    const identity = ensureInstallation(app.services);
    app.close();
    fs.rmSync(path.join(dir, KEYS_DIR), { recursive: true });
    app = openApp(dir, { clock: new ManualClock(), log: () => {} });
    try {
      const fresh = ensureInstallation(app.services);
      expect(fresh.installationId).toBe(identity.installationId);
      expect(fresh.fingerprint).not.toBe(identity.fingerprint);
      const audit = app.services.sqlite.prepare("select after from audit_log where action = 'sync_rekey'").all() as { after: string }[];
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.after)).toMatchObject({ fingerprint: fresh.fingerprint });
    } finally {
      app.close();
    }
  });
});

describe('a new key after a lost keys/ folder', () => {
  it('is trusted by the other side only when the person carrying the file says it replaces the key', () => {
    const siteDir = folder();
    const central = openApp(folder(), { clock: new ManualClock(), log: () => {} });
    try {
      makeCentral(central.services);
      let site = openApp(siteDir, { clock: new ManualClock(), log: () => {} });
      trustRegistration(central.services, registrationOf(site.services), '测试');
      site.close();
      fs.rmSync(path.join(siteDir, KEYS_DIR), { recursive: true });
      site = openApp(siteDir, { clock: new ManualClock(), log: () => {} });
      const renewed = registrationOf(site.services);
      site.close();
      expect(() => trustRegistration(central.services, renewed, '测试')).toThrow(ApiError);
      const peer = trustRegistration(central.services, renewed, '测试', { replaceKey: true });
      expect(peer.fingerprint).not.toBe('');
      const stored = central.services.sqlite.prepare('select public_key as k from sync_peers').get() as { k: string };
      expect(stored.k).toBe(renewed.publicKey);
      const audit = central.services.sqlite.prepare("select after from audit_log where action = 'sync_trust' order by seq desc limit 1").get() as { after: string };
      expect(JSON.parse(audit.after)).toMatchObject({ keyReplaced: true });
    } finally {
      central.close();
    }
  });
});

describe('the desktop app seals its secrets', () => {
  // Electron's safeStorage cannot run here (no Electron binary): a stand-in that really encrypts,
  // with a key that lives only in this process, as the OS key service's does.
  const osKey = crypto.randomBytes(32);
  const sealer: Sealer = {
    isEncryptionAvailable: () => true,
    encryptString(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', osKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const d = crypto.createDecipheriv('aes-256-gcm', osKey, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };

  it('writes only sealed bytes, and signs with the key it unseals', () => {
    const dir = folder();
    const app = openApp(dir, { clock: new ManualClock(), log: () => {}, secrets: (d) => new SealedSecretStore(d, sealer) });
    try {
      const identity = ensureInstallation(app.services);
      const files = fs.readdirSync(path.join(dir, KEYS_DIR));
      expect(files).toContain(`${signingKeyName(identity.installationId)}.sealed`);
      const der = app.services.secrets.read(signingKeyName(identity.installationId))!;
      for (const f of files) expect(holdsKey(path.join(dir, KEYS_DIR, f), der)).toBe(false);
      expect(verifyBytes(identity.publicKey, Buffer.from('z'), signBytes(identity, Buffer.from('z')))).toBe(true);
    } finally {
      app.close();
    }
  });

  it('refuses to start without an OS key service rather than keep keys in the clear', () => {
    expect(() => new SealedSecretStore(folder(), { ...sealer, isEncryptionAvailable: () => false })).toThrow(/safeStorage/);
  });
});
