// Where the installation's secrets live (the Ed25519 signing key, the audit trail's HMAC key, the
// LAN certificate's private key, the recovery code's hash): outside the database, so that no backup
// copies them, in <data folder>/keys/. In `serve` mode each is a file readable by its owner only
// (mode 0600 in a 0700 folder); the desktop app seals each one with Electron's safeStorage (DPAPI on
// Windows, the keychain or libsecret elsewhere) before it is written, so a copy of the folder taken
// to another account or PC cannot open them. docs/security.md says what this protects and what not.
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../common/errors';

export const KEYS_DIR = 'keys';

/** The secrets of one data folder, by name (letters, digits, dots and dashes). */
export interface SecretStore {
  /** How the secrets are protected, for the 设置 screen and docs: 'file' (0600) or 'safeStorage'. */
  readonly protection: 'file' | 'safeStorage';
  read(name: string): Buffer | null;
  /** Replaces the secret, atomically: a power cut leaves the old one or the new one. */
  write(name: string, secret: Buffer): void;
  remove(name: string): void;
}

/** Electron's safeStorage, as much of it as we use (main/main.ts hands the real one in). */
export interface Sealer {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/.test(name)) throw new Error(`invalid secret name: ${name}`);
}

function writeAtomically(file: string, bytes: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // umask may have narrowed the mode; never widened, but set it outright to be sure.
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC') throw new ApiError('STORAGE', '磁盘空间已满,密钥未能保存');
    throw e;
  }
  try {
    const dir = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // Windows cannot open a folder to flush it; its rename is durable enough there.
  }
}

/** Owner-only files in <data folder>/keys. */
export class FileSecretStore implements SecretStore {
  readonly protection: 'file' | 'safeStorage' = 'file';
  readonly dir: string;

  constructor(dataDir: string, private readonly suffix = '') {
    this.dir = path.join(dataDir, KEYS_DIR);
  }

  pathOf(name: string): string {
    checkName(name);
    return path.join(this.dir, name + this.suffix);
  }

  read(name: string): Buffer | null {
    try {
      return fs.readFileSync(this.pathOf(name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  write(name: string, secret: Buffer): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.dir, 0o700);
    writeAtomically(this.pathOf(name), secret);
  }

  remove(name: string): void {
    fs.rmSync(this.pathOf(name), { force: true });
  }
}

/**
 * The desktop app's store: each secret sealed by safeStorage, in <data folder>/keys/<name>.sealed.
 * Without an OS key service to seal with, it refuses to start rather than fall back to plain files
 * in silence: the user is told (and can run `siteoffice serve` instead, which uses 0600 files).
 */
export class SealedSecretStore implements SecretStore {
  readonly protection: 'file' | 'safeStorage' = 'safeStorage';
  private readonly files: FileSecretStore;

  constructor(dataDir: string, private readonly sealer: Sealer) {
    if (!sealer.isEncryptionAvailable()) {
      throw new ApiError('INTERNAL', '本机系统的密钥保护(safeStorage)不可用,无法安全保存签名密钥;请检查系统的钥匙串或凭据管理器');
    }
    this.files = new FileSecretStore(dataDir, '.sealed');
  }

  read(name: string): Buffer | null {
    const sealed = this.files.read(name);
    if (sealed === null) return null;
    try {
      return Buffer.from(this.sealer.decryptString(sealed), 'base64');
    } catch {
      throw new ApiError('INTERNAL', `密钥文件 ${name} 无法解密:它由另一个系统账号或另一台电脑保存`);
    }
  }

  write(name: string, secret: Buffer): void {
    this.files.write(name, this.sealer.encryptString(secret.toString('base64')));
  }

  remove(name: string): void {
    this.files.remove(name);
  }
}
