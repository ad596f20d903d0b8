// Export on the site: the changes after the watermark (the last sequence number the central system
// acknowledged), in order, with the attachments they name that the central system does not have
// yet, into one signed bundle. Pages of the outbox are read one at a time and each chunk is written
// before the next is read, so a million changes take the memory of one chunk, not of the bundle.
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { migrationsFolder } from '../../../db/open';
import { changes, projects, syncExports, syncSiteState } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { isoNow, type Services } from '../context';
import { newId } from '../ids';
import { auditHead } from '../security/audit-anchors';
import { BUNDLE_EXTENSION, BundleWriter, CHUNK_BYTES, CHUNK_RECORDS, FORMAT_VERSION, type BundleManifest } from './container';
import { lastRestore, outboxGenerations } from './generations';
import { centralPeer, shortId, requireRole, sha256Hex, signBytes, type Identity } from './identity';
import { peerEncryptionKey, sealTo } from './seal';
import packageJson from '../../../package.json';

export const APP = { name: 'siteoffice', version: packageJson.version };

let schemaVersionCache: string | undefined;
/** The last migration's tag: the schema the rows in a bundle follow. */
export function schemaVersion(): string {
  if (schemaVersionCache) return schemaVersionCache;
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  schemaVersionCache = journal.entries.at(-1)?.tag ?? '0000';
  return schemaVersionCache;
}

export function schemaNumber(version: string): number {
  const n = Number.parseInt(version.slice(0, 4), 10);
  return Number.isFinite(n) ? n : -1;
}

export interface SiteState {
  ackedSeq: number;
  ackedAt: string | null;
  centralUrl: string;
  exportFolder: string;
  referenceSeq: number;
  referenceGeneration: string;
}

export function siteState(s: Services): SiteState {
  const row = s.db.select().from(syncSiteState).where(eq(syncSiteState.id, 1)).get();
  return row ?? { ackedSeq: 0, ackedAt: null, centralUrl: '', exportFolder: '', referenceSeq: 0, referenceGeneration: '' };
}

export function lastSeq(s: Services): number {
  return s.db.select({ n: sql<number>`coalesce(max(${changes.seq}), 0)` }).from(changes).get()?.n ?? 0;
}

export function pendingCount(s: Services): number {
  const acked = siteState(s).ackedSeq;
  return s.db.select({ n: sql<number>`count(*)` }).from(changes).where(sql`${changes.seq} > ${acked}`).get()?.n ?? 0;
}

export interface ExportResult {
  exportId: string;
  path: string;
  fileName: string;
  firstSeq: number;
  lastSeq: number;
  changes: number;
  files: number;
  size: number;
  sha256: string;
  counts: Record<string, number>;
}

export interface ExportOptions {
  /** The file to write; or a folder, where the bundle gets its standard name. */
  outPath?: string;
  folder?: string;
  channel: 'folder' | 'push' | 'cli';
  /**
   * Sealed to the central system's key (the default): a lost USB stick leaks no 身份证号 and no photo.
   * false only on purpose (`bundle export --no-encrypt`, for a central system whose registration
   * file is still version 1).
   */
  encrypt?: boolean;
  onProgress?: (done: number, total: number) => void;
}

const PAGE = 2000;
const running = new WeakSet<Services['sqlite']>();

export function bundleFileName(installationId: string, first: number, last: number): string {
  const pad = (n: number) => String(n).padStart(9, '0');
  return `siteoffice-${shortId(installationId)}-${pad(first)}-${pad(last)}${BUNDLE_EXTENSION}`;
}

/** The keys and manifest entry that seal a bundle to the registered central system, or null in clear. */
function sealingFor(s: Services, identity: Identity, encrypt: boolean): ReturnType<typeof sealTo> | null {
  if (!encrypt) return null;
  const central = centralPeer(s);
  if (!central) throw new ApiError('CONFLICT', '尚未登记中心系统:同步包要加密给中心系统,请先在“注册”中导入中心系统的注册文件');
  const encryptionKey = peerEncryptionKey(central);
  if (!encryptionKey) throw new ApiError('CONFLICT', '已登记的中心系统注册文件是旧版本(不含加密公钥):请导入中心系统新导出的注册文件后再导出');
  return sealTo(identity, { installationId: central.installationId, encryptionKey });
}

export async function exportBundle(s: Services, options: ExportOptions): Promise<ExportResult> {
  const identity = requireRole(s, 'site');
  if (running.has(s.sqlite)) throw new ApiError('CONFLICT', '正在导出同步包,请稍候再试');
  running.add(s.sqlite);
  try {
    const acked = siteState(s).ackedSeq;
    // The range is fixed here: changes written while the export runs go into the next bundle.
    const last = lastSeq(s);
    // After a restore the central side learns the new history only from a bundle that lists it:
    // with nothing new to send, the last change goes again (a duplicate there) until it has answered one.
    const announce = last <= acked && last > 0 && lastRestore(s)?.announced === false;
    if (last <= acked && !announce) throw new ApiError('CONFLICT', '没有待同步的记录:所有变更都已被中心系统确认');
    const first = announce ? last : acked + 1;
    const present = s.db.select({ n: sql<number>`count(*)` }).from(changes).where(sql`${changes.seq} between ${first} and ${last}`).get()?.n ?? 0;
    if (present !== last - first + 1) throw new ApiError('INTERNAL', `变更记录不连续(第 ${first} 到 ${last} 条中缺少 ${last - first + 1 - present} 条),无法导出`);

    const fileName = bundleFileName(identity.installationId, first, last);
    let target: string;
    if (options.outPath) target = path.resolve(options.outPath);
    else if (options.folder) target = path.join(path.resolve(options.folder), fileName);
    else throw new ApiError('VALIDATION', '请指定导出位置');
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
    } catch {
      throw new ApiError('VALIDATION', `无法写入文件夹 ${path.dirname(target)}:请确认路径存在且可写(U 盘是否已插好)`);
    }

    const seal = sealingFor(s, identity, options.encrypt !== false);
    let writer: BundleWriter;
    try {
      writer = await BundleWriter.create(target, seal?.keys ?? null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC') throw new ApiError('STORAGE', '磁盘空间已满,同步包未写完');
      throw new ApiError('VALIDATION', `无法在 ${path.dirname(target)} 创建文件:请确认路径存在且可写`);
    }
    const counts: Record<string, number> = {};
    const files: string[] = [];
    const fileSet = new Set<string>();
    const page = s.sqlite.prepare('select seq, table_name, row_id, op, data, at from changes where seq > ? and seq <= ? order by seq limit ?');
    const delivered = s.sqlite.prepare('select 1 from sync_delivered_files where sha256 = ?');
    try {
      let after = first - 1;
      let chunk: string[] = [];
      let chunkBytes = 0;
      let chunkFirst = first;
      let chunkLast = first;
      const flush = async () => {
        if (chunk.length === 0) return;
        await writer.writeRecords(Buffer.from(chunk.join(''), 'utf8'), chunkFirst, chunkLast, chunk.length);
        options.onProgress?.(chunkLast - first + 1, last - first + 1);
        chunk = [];
        chunkBytes = 0;
      };
      while (after < last) {
        const rows = page.all(after, last, PAGE) as { seq: number; table_name: string; row_id: string; op: string; data: string; at: string }[];
        if (rows.length === 0) break;
        for (const r of rows) {
          if (r.seq !== after + 1) throw new ApiError('INTERNAL', `变更记录不连续(缺少第 ${after + 1} 条),无法导出`);
          after = r.seq;
          // data is the JSON the outbox stored: embedded as it is, so the bytes are the ones recorded.
          const line = `{"seq":${r.seq},"table":${JSON.stringify(r.table_name)},"rowId":${JSON.stringify(r.row_id)},"op":${JSON.stringify(r.op)},"at":${JSON.stringify(r.at)},"data":${r.data}}\n`;
          if (chunk.length === 0) chunkFirst = r.seq;
          chunk.push(line);
          chunkBytes += Buffer.byteLength(line);
          chunkLast = r.seq;
          counts[r.table_name] = (counts[r.table_name] ?? 0) + 1;
          if (r.table_name === 'attachments') {
            const sha = (JSON.parse(r.data) as { sha256?: unknown }).sha256;
            if (typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) && !fileSet.has(sha) && !delivered.get(sha)) {
              fileSet.add(sha);
              files.push(sha);
            }
          }
          if (chunk.length >= CHUNK_RECORDS || chunkBytes >= CHUNK_BYTES) await flush();
        }
      }
      await flush();
      if (after !== last) throw new ApiError('INTERNAL', '导出时变更记录发生了变化,请重试');
      for (const sha of files) {
        const source = s.files.pathOf(sha);
        if (!fs.existsSync(source)) throw new ApiError('STORAGE', `本机缺少附件文件 ${sha.slice(0, 12)}…,请从备份恢复后再导出`);
        await writer.writeFile(sha, source);
      }
      const manifest: BundleManifest = {
        format: 'siteoffice-bundle',
        formatVersion: FORMAT_VERSION,
        kind: 'changes',
        app: APP,
        schemaVersion: schemaVersion(),
        installationId: identity.installationId,
        publicKeySha256: sha256Hex(Buffer.from(identity.publicKey, 'base64')),
        createdAt: isoNow(s.clock),
        projects: s.db.select({ id: projects.id, contractNo: projects.contractNo, name: projects.name }).from(projects).orderBy(projects.contractNo, projects.id).all(),
        firstSeq: first,
        lastSeq: last,
        counts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1))),
        records: last - first + 1,
        files: files.length,
        parts: writer.partsWritten(),
        auditHead: auditHead(s),
        generations: outboxGenerations(s),
        ...(centralPeer(s) ? { recipient: centralPeer(s)!.installationId } : {}),
        ...(seal ? { encryption: seal.info } : {}),
      };
      const done = await writer.finish(manifest, (bytes) => signBytes(identity, bytes));
      const exportId = newId();
      s.db.insert(syncExports).values({
        id: exportId, firstSeq: first, lastSeq: last, changes: last - first + 1, files: files.length, size: done.size,
        sha256: done.sha256, path: target, channel: options.channel, createdAt: manifest.createdAt,
      }).run();
      if (options.folder) {
        s.db.update(syncSiteState).set({ exportFolder: path.resolve(options.folder) }).where(eq(syncSiteState.id, 1)).run();
      }
      return { exportId, path: target, fileName: path.basename(target), firstSeq: first, lastSeq: last, changes: last - first + 1, files: files.length, size: done.size, sha256: done.sha256, counts: manifest.counts };
    } catch (e) {
      await writer.abort();
      if ((e as NodeJS.ErrnoException).code === 'ENOSPC') throw new ApiError('STORAGE', '磁盘空间已满,同步包未写完');
      throw e;
    }
  } finally {
    running.delete(s.sqlite);
  }
}

/**
 * Marks as delivered the files of the attachments in (from, to]: the central system has them, since
 * it refuses a bundle whose attachment rows name a file it does not hold. One statement: a range scan.
 */
export function markDelivered(s: Services, from: number, to: number, at: string): void {
  s.sqlite.prepare(`insert or ignore into sync_delivered_files (sha256, delivered_at)
    select json_extract(data, '$.sha256'), ? from changes
    where table_name = 'attachments' and seq > ? and seq <= ? and json_extract(data, '$.sha256') is not null`).run(at, from, to);
}
