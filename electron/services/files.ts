// Files (scans, photos) stored in the data folder under their SHA-256, written to a temporary
// name, flushed and renamed so that a power cut leaves either the whole file or none.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../common/errors';

export class FileStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'files');
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ApiError('VALIDATION', '文件标识无效');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  put(bytes: Buffer): string {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return sha256;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      const fd = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      if ((e as NodeJS.ErrnoException).code === 'ENOSPC') throw new ApiError('STORAGE', '磁盘空间已满,文件未保存,请清理磁盘后重试');
      throw e;
    }
    return sha256;
  }

  read(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }
}

/** The real type of an uploaded file, from its first bytes: a name or a declared type can lie. */
export function sniffMime(bytes: Buffer): 'image/jpeg' | 'image/png' | 'application/pdf' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}
