// The bundle container (docs/sync-bundle-format.md): one file, written front to back without
// holding its content in memory, and read back part by part.
//
//   header   "SOBUNDLE" u32be(formatVersion)
//   parts    u8(type) u32be(length) payload     records (deflate-raw NDJSON) or one attachment
//   manifest u8('M') u32be(length) JSON         signed: lists every part's offset, length, SHA-256
//   sig      u8('S') u32be(64) Ed25519 signature over the manifest bytes
//   trailer  u64be(manifest offset) "SOBUNEND"
//
// The manifest comes last because only then are the parts' hashes known; the trailer lets a reader
// find it without scanning. Every byte of the file is covered: header and trailer are checked for
// their exact values, parts by their hashes in the signed manifest, the manifest by the signature.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { z } from 'zod';
import { ApiError } from '../../common/errors';
import { fileOpener, fileSealer, openPart, SEAL_OVERHEAD, SEAL_SCHEME, sealPart, type PartKeys } from './seal';

/** Version 2: outbox generations and encrypted parts (docs/sync-bundle-format.md §8); version 1 is still read. */
export const FORMAT_VERSION = 2;
export const SUPPORTED_VERSIONS: readonly number[] = [1, 2];
export const BUNDLE_EXTENSION = '.sobundle';

const MAGIC = Buffer.from('SOBUNDLE', 'latin1');
const END_MAGIC = Buffer.from('SOBUNEND', 'latin1');
export const HEADER_BYTES = MAGIC.length + 4;
export const FRAME_HEADER_BYTES = 5;
export const TRAILER_BYTES = 8 + END_MAGIC.length;
export const SIGNATURE_BYTES = 64;

export const FRAME = { records: 0x43, file: 0x46, manifest: 0x4d, signature: 0x53 } as const;

/** Chunks are cut at this many uncompressed bytes (or records), so a reader never holds more. */
export const CHUNK_BYTES = 1024 * 1024;
export const CHUNK_RECORDS = 8192;
/** Limits a reader enforces before it allocates: a hostile length cannot make it take all memory. */
const MAX_RECORDS_PAYLOAD = 8 * 1024 * 1024;
const MAX_INFLATED = 4 * CHUNK_BYTES;
const MAX_FILE_PAYLOAD = 64 * 1024 * 1024;
const MAX_MANIFEST = 32 * 1024 * 1024;
const READ_BLOCK = 1024 * 1024;

const deflateRaw = promisify(zlib.deflateRaw);
const DEFLATE_LEVEL = 6;

// ---- the manifest ----

const sha256Field = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0);

const recordsPart = z.object({
  type: z.literal('records'),
  encoding: z.literal('deflate-raw'),
  offset: count,
  length: count,
  sha256: sha256Field,
  /** Changes: the first and last sequence number in the part; reference: record ordinals. */
  first: count,
  last: count,
  count,
}).strict();
const filePart = z.object({ type: z.literal('file'), offset: count, length: count, sha256: sha256Field }).strict();
export const partSchema = z.discriminatedUnion('type', [recordsPart, filePart]);
export type BundlePart = z.infer<typeof partSchema>;

export const manifestSchema = z.object({
  format: z.literal('siteoffice-bundle'),
  formatVersion: z.number().int(),
  kind: z.enum(['changes', 'reference']),
  app: z.object({ name: z.string().max(100), version: z.string().max(40) }).strict(),
  schemaVersion: z.string().max(100),
  installationId: z.string().min(1).max(64),
  publicKeySha256: sha256Field,
  createdAt: z.string().max(40),
  projects: z.array(z.object({ id: z.string().max(64), contractNo: z.string().max(40), name: z.string().max(200) }).strict()).max(10000),
  /** changes: the sequence numbers carried; reference: the publication number (both the same). */
  firstSeq: z.number().int().min(1),
  lastSeq: z.number().int().min(1),
  counts: z.record(z.string().max(40), count),
  records: count,
  files: count,
  parts: z.array(partSchema).max(1_000_000),
  /** The site's audit trail head when the bundle was made; the acknowledgement signs it back (docs/security.md). */
  auditHead: z.object({ seq: z.number().int().min(1), hash: sha256Field }).strict().nullable().optional(),
  /**
   * Version 2. Changes: the site's outbox generations, oldest first (one per restore of a backup);
   * reference: the central system's. Version 1 has none: one generation, the installation's own.
   */
  generations: z.array(z.object({ id: z.string().min(1).max(64), firstSeq: z.number().int().min(1) }).strict()).min(1).max(1000).optional(),
  /** Version 2: the installation the bundle is for (changes: the central system; reference: one site). */
  recipient: z.string().min(1).max(64).optional(),
  /** Version 2: every part's payload is sealed to the recipient's X25519 key (seal.ts); absent: in clear. */
  encryption: z.object({
    scheme: z.literal(SEAL_SCHEME),
    senderKey: z.string().max(100),
    recipient: z.string().min(1).max(64),
    recipientKeySha256: sha256Field,
  }).strict().optional(),
}).strict();
export type BundleManifest = z.infer<typeof manifestSchema>;

export function refuse(message: string): never {
  throw new ApiError('BAD_REQUEST', message);
}

// ---- writing ----

/**
 * Writes a bundle to `<target>.<pid>.partial` and renames it into place only when it is complete,
 * so that a USB stick pulled out half way never holds a file that looks like a bundle.
 */
export class BundleWriter {
  private offset = 0;
  private readonly parts: BundlePart[] = [];
  private readonly whole = crypto.createHash('sha256');
  private constructor(private readonly handle: fs.promises.FileHandle, private readonly tmpPath: string, private readonly target: string, private readonly keys: PartKeys | null) {}

  /** `keys`: seal every part to the recipient (the manifest must then say so in `encryption`). */
  static async create(target: string, keys: PartKeys | null = null): Promise<BundleWriter> {
    const tmp = `${target}.${process.pid}.partial`;
    const handle = await fs.promises.open(tmp, 'w');
    const writer = new BundleWriter(handle, tmp, target, keys);
    const header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(header, 0);
    header.writeUInt32BE(FORMAT_VERSION, MAGIC.length);
    await writer.write(header);
    return writer;
  }

  private async write(buffer: Buffer): Promise<void> {
    let done = 0;
    while (done < buffer.length) {
      const { bytesWritten } = await this.handle.write(buffer, done, buffer.length - done, this.offset + done);
      done += bytesWritten;
    }
    this.whole.update(buffer);
    this.offset += buffer.length;
  }

  private frameHeader(type: number, length: number): Buffer {
    const b = Buffer.alloc(FRAME_HEADER_BYTES);
    b.writeUInt8(type, 0);
    b.writeUInt32BE(length, 1);
    return b;
  }

  /** One chunk of NDJSON records, compressed. */
  async writeRecords(ndjson: Buffer, first: number, last: number, records: number): Promise<void> {
    const compressed = await deflateRaw(ndjson, { level: DEFLATE_LEVEL });
    const payload = this.keys ? sealPart(this.keys, FRAME.records, compressed) : compressed;
    const part: BundlePart = {
      type: 'records', encoding: 'deflate-raw', offset: this.offset, length: payload.length,
      sha256: crypto.createHash('sha256').update(payload).digest('hex'), first, last, count: records,
    };
    await this.write(this.frameHeader(FRAME.records, payload.length));
    await this.write(payload);
    this.parts.push(part);
  }

  /** One attachment, streamed from its file; its hash must be the one the rows name. */
  async writeFile(sha256: string, sourcePath: string): Promise<void> {
    const source = await fs.promises.open(sourcePath, 'r');
    try {
      const { size } = await source.stat();
      if (size > MAX_FILE_PAYLOAD) throw new ApiError('VALIDATION', `附件 ${sha256.slice(0, 12)} 过大,无法放入同步包`);
      const offset = this.offset;
      const length = this.keys ? size + SEAL_OVERHEAD : size;
      await this.write(this.frameHeader(FRAME.file, length));
      const hash = crypto.createHash('sha256');
      const partHash = crypto.createHash('sha256');
      const sealer = this.keys ? fileSealer(this.keys, FRAME.file, sha256) : null;
      const emit = async (bytes: Buffer) => {
        partHash.update(bytes);
        await this.write(bytes);
      };
      if (sealer) await emit(sealer.nonce);
      const block = Buffer.alloc(Math.min(READ_BLOCK, Math.max(size, 1)));
      let position = 0;
      while (position < size) {
        const { bytesRead } = await source.read(block, 0, Math.min(block.length, size - position), position);
        if (bytesRead === 0) throw new ApiError('STORAGE', '读取附件时文件变短了');
        const slice = block.subarray(0, bytesRead);
        hash.update(slice);
        await emit(sealer ? sealer.update(slice) : Buffer.from(slice));
        position += bytesRead;
      }
      if (sealer) await emit(sealer.final());
      if (hash.digest('hex') !== sha256) throw new ApiError('STORAGE', `本机附件 ${sha256.slice(0, 12)} 已损坏(内容与其摘要不符),请从备份恢复后再导出`);
      // In clear the part's hash is the file's content address; sealed, the ciphertext's.
      this.parts.push({ type: 'file', offset, length, sha256: sealer ? partHash.digest('hex') : sha256 });
    } finally {
      await source.close();
    }
  }

  partsWritten(): BundlePart[] {
    return [...this.parts];
  }

  /** Writes manifest, signature and trailer, flushes, and renames into place. */
  async finish(manifest: BundleManifest, sign: (bytes: Buffer) => Buffer): Promise<{ size: number; sha256: string }> {
    const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
    const manifestOffset = this.offset;
    await this.write(this.frameHeader(FRAME.manifest, manifestBytes.length));
    await this.write(manifestBytes);
    const signature = sign(manifestBytes);
    await this.write(this.frameHeader(FRAME.signature, signature.length));
    await this.write(signature);
    const trailer = Buffer.alloc(TRAILER_BYTES);
    trailer.writeBigUInt64BE(BigInt(manifestOffset), 0);
    END_MAGIC.copy(trailer, 8);
    await this.write(trailer);
    await this.handle.sync();
    await this.handle.close();
    await fs.promises.rename(this.tmpPath, this.target);
    return { size: this.offset, sha256: this.whole.digest('hex') };
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.promises.rm(this.tmpPath, { force: true });
  }
}

// ---- reading (synchronous: the central side applies inside one SQLite transaction) ----

export interface OpenedBundle {
  path: string;
  size: number;
  version: number;
  manifest: BundleManifest;
  manifestBytes: Buffer;
  manifestOffset: number;
  signature: Buffer;
  fd: number;
  /** The keys to open sealed parts, once the recipient has derived them (null: in clear, or not yet). */
  keys: PartKeys | null;
  close(): void;
}

function readExactly(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) refuse('同步包不完整(文件被截断)');
    done += n;
  }
  return buffer;
}

/**
 * The manifest from its bytes, checked against the schema and against itself (5 and part of 6 in
 * docs/sync-bundle-format.md §2): whoever reads it — from a file, or first off a push — the same way.
 */
export function parseManifest(manifestBytes: Buffer, headerVersion: number | null): BundleManifest {
  let json: unknown;
  try {
    json = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    refuse('同步包已损坏(清单不是有效的 JSON)');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) refuse('同步包已损坏(清单内容无效)');
  const manifest = parsed.data;
  if (headerVersion !== null && manifest.formatVersion !== headerVersion) refuse('同步包已损坏(文件头与清单的格式版本不一致)');
  if (!SUPPORTED_VERSIONS.includes(manifest.formatVersion)) refuse(`不支持的同步包格式版本 ${manifest.formatVersion}(本程序支持 ${SUPPORTED_VERSIONS.join('、')}),请升级程序`);
  if ((manifest.formatVersion >= 2) !== (manifest.generations !== undefined)) refuse('同步包已损坏(清单的数据代与格式版本不符)');
  if (manifest.encryption && manifest.recipient !== manifest.encryption.recipient) refuse('同步包已损坏(清单的接收方不一致)');
  if (manifest.firstSeq > manifest.lastSeq) refuse('同步包已损坏(序号范围无效)');
  return manifest;
}

/** Where the parts end (the manifest frame's offset): they must tile the file from the header on, in order, each within its limit. */
function partsEnd(manifest: BundleManifest): number {
  let expected = HEADER_BYTES;
  for (const part of manifest.parts) {
    if (part.offset !== expected) refuse('同步包已损坏(数据块位置与清单不符)');
    if (part.type === 'records' && part.length > MAX_RECORDS_PAYLOAD) refuse('同步包已损坏(数据块过大)');
    if (part.type === 'file' && part.length > MAX_FILE_PAYLOAD) refuse('同步包已损坏(附件过大)');
    expected += FRAME_HEADER_BYTES + part.length;
  }
  return expected;
}

/** The size of the bundle file a manifest of this many bytes describes. */
export function bundleFileSize(manifest: BundleManifest, manifestLength: number): number {
  return partsEnd(manifest) + FRAME_HEADER_BYTES + manifestLength + FRAME_HEADER_BYTES + SIGNATURE_BYTES + TRAILER_BYTES;
}

/**
 * Checks a bundle file as its bytes stream by, against a manifest and signature already checked:
 * the header, every part's frame and SHA-256, then that very manifest and signature and the
 * trailer. A receiver refuses a bad byte as soon as it arrives, never holding more than a chunk.
 */
export function streamChecker(manifest: BundleManifest, manifestBytes: Buffer, signature: Buffer): { update(chunk: Buffer): void; end(): void } {
  type Step = { kind: 'bytes'; data: Buffer; what: string } | { kind: 'hash'; length: number; sha256: string };
  const frame = (type: number, length: number) => {
    const b = Buffer.alloc(FRAME_HEADER_BYTES);
    b.writeUInt8(type, 0);
    b.writeUInt32BE(length, 1);
    return b;
  };
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(manifest.formatVersion, MAGIC.length);
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeBigUInt64BE(BigInt(partsEnd(manifest)), 0);
  END_MAGIC.copy(trailer, 8);
  const steps: Step[] = [{ kind: 'bytes', data: header, what: '文件头' }];
  for (const part of manifest.parts) {
    steps.push({ kind: 'bytes', data: frame(part.type === 'records' ? FRAME.records : FRAME.file, part.length), what: '数据块头' });
    steps.push({ kind: 'hash', length: part.length, sha256: part.sha256 });
  }
  steps.push({ kind: 'bytes', data: Buffer.concat([frame(FRAME.manifest, manifestBytes.length), manifestBytes]), what: '清单' });
  steps.push({ kind: 'bytes', data: Buffer.concat([frame(FRAME.signature, signature.length), signature, trailer]), what: '签名与结尾' });
  let index = 0;
  let done = 0; // bytes of the current step seen
  let hash = crypto.createHash('sha256');
  return {
    update(chunk) {
      let at = 0;
      while (at < chunk.length) {
        const step = steps[index];
        if (!step) refuse('同步包已损坏(文件比清单描述的长)');
        const want = (step.kind === 'bytes' ? step.data.length : step.length) - done;
        const take = Math.min(want, chunk.length - at);
        const piece = chunk.subarray(at, at + take);
        if (step.kind === 'bytes') {
          if (!piece.equals(step.data.subarray(done, done + take))) refuse(`同步包已损坏(${step.what}与清单不符)`);
        } else {
          hash.update(piece);
        }
        at += take;
        done += take;
        if (done === (step.kind === 'bytes' ? step.data.length : step.length)) {
          if (step.kind === 'hash') {
            if (hash.digest('hex') !== step.sha256) refuse('同步包已损坏(数据块的 SHA-256 与清单不符)');
            hash = crypto.createHash('sha256');
          }
          index++;
          done = 0;
        }
      }
    },
    end() {
      if (index !== steps.length) refuse('同步包不完整(文件被截断)');
    },
  };
}

/** Opens a bundle and reads its frame of reference: header, trailer, manifest and signature. */
export function openBundle(filePath: string): OpenedBundle {
  let fd: number;
  try {
    fd = fs.openSync(filePath, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ApiError('NOT_FOUND', code === 'ENOENT' ? `找不到同步包文件:${filePath}` : `无法读取同步包文件:${filePath}`);
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size < HEADER_BYTES) refuse('同步包不完整(文件被截断)或不是同步包');
    const header = readExactly(fd, HEADER_BYTES, 0);
    if (!header.subarray(0, MAGIC.length).equals(MAGIC)) refuse('该文件不是同步包(文件头不符)');
    const version = header.readUInt32BE(MAGIC.length);
    if (!SUPPORTED_VERSIONS.includes(version)) refuse(`不支持的同步包格式版本 ${version}(本程序支持 ${SUPPORTED_VERSIONS.join('、')}),请升级程序`);
    if (size < HEADER_BYTES + 2 * FRAME_HEADER_BYTES + SIGNATURE_BYTES + TRAILER_BYTES) refuse('同步包不完整(文件被截断)');
    const trailer = readExactly(fd, TRAILER_BYTES, size - TRAILER_BYTES);
    if (!trailer.subarray(8).equals(END_MAGIC)) refuse('同步包不完整(文件被截断或结尾已损坏)');
    const manifestOffsetBig = trailer.readBigUInt64BE(0);
    if (manifestOffsetBig < BigInt(HEADER_BYTES) || manifestOffsetBig > BigInt(size)) refuse('同步包已损坏(清单位置无效)');
    const manifestOffset = Number(manifestOffsetBig);
    const frame = readExactly(fd, FRAME_HEADER_BYTES, manifestOffset);
    const manifestLength = frame.readUInt32BE(1);
    if (frame.readUInt8(0) !== FRAME.manifest || manifestLength > MAX_MANIFEST) refuse('同步包已损坏(找不到清单)');
    const signatureAt = manifestOffset + FRAME_HEADER_BYTES + manifestLength;
    if (signatureAt + FRAME_HEADER_BYTES + SIGNATURE_BYTES + TRAILER_BYTES !== size) refuse('同步包已损坏(长度与清单不符)');
    const manifestBytes = readExactly(fd, manifestLength, manifestOffset + FRAME_HEADER_BYTES);
    const sigFrame = readExactly(fd, FRAME_HEADER_BYTES, signatureAt);
    if (sigFrame.readUInt8(0) !== FRAME.signature || sigFrame.readUInt32BE(1) !== SIGNATURE_BYTES) refuse('同步包已损坏(签名块无效)');
    const signature = readExactly(fd, SIGNATURE_BYTES, signatureAt + FRAME_HEADER_BYTES);
    const manifest = parseManifest(manifestBytes, version);
    if (partsEnd(manifest) !== manifestOffset) refuse('同步包已损坏(数据块与清单不符)');
    const opened = fd;
    return {
      path: filePath, size, version, manifest, manifestBytes, manifestOffset, signature, fd: opened, keys: null,
      close: () => fs.closeSync(opened),
    };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Reads one part's payload in blocks, checking frame header, length and SHA-256 as it goes. */
function* partBlocks(fd: number, part: BundlePart): Generator<Buffer> {
  const frame = readExactly(fd, FRAME_HEADER_BYTES, part.offset);
  const type = part.type === 'records' ? FRAME.records : FRAME.file;
  if (frame.readUInt8(0) !== type || frame.readUInt32BE(1) !== part.length) refuse('同步包已损坏(数据块头与清单不符)');
  const hash = crypto.createHash('sha256');
  let position = 0;
  while (position < part.length) {
    const block = readExactly(fd, Math.min(READ_BLOCK, part.length - position), part.offset + FRAME_HEADER_BYTES + position);
    hash.update(block);
    position += block.length;
    yield block;
  }
  if (hash.digest('hex') !== part.sha256) refuse('同步包已损坏(数据块的 SHA-256 与清单不符)');
}

function keysOf(bundle: OpenedBundle): PartKeys | null {
  if (!bundle.manifest.encryption) return null;
  if (!bundle.keys) throw new ApiError('FORBIDDEN', '同步包已加密,只有其接收方才能读取内容');
  return bundle.keys;
}

/** The compressed payload of a records part, checked against its SHA-256 and opened when sealed. */
export function readRecordsPayload(bundle: OpenedBundle, part: Extract<BundlePart, { type: 'records' }>): Buffer {
  const blocks: Buffer[] = [];
  const keys = keysOf(bundle);
  for (const block of partBlocks(bundle.fd, part)) blocks.push(block);
  const payload = Buffer.concat(blocks);
  return keys ? openPart(keys, FRAME.records, payload) : payload;
}

/** Reads every part and checks its hash, without opening anything: all a reader without the key can check. */
export function checkPartHashes(bundle: OpenedBundle): void {
  for (const part of bundle.manifest.parts) {
    for (const _block of partBlocks(bundle.fd, part)) {
      // hashed as it is read
    }
  }
}

/** A records payload's NDJSON (bounded: a hostile payload cannot inflate to all memory). */
export function inflateRecords(payload: Buffer): Buffer {
  try {
    return zlib.inflateRawSync(payload, { maxOutputLength: MAX_INFLATED });
  } catch {
    return refuse('同步包已损坏(数据块无法解压)');
  }
}

/** The whole payload of a records part, checked, and inflated. */
export function readRecordsPart(bundle: OpenedBundle, part: Extract<BundlePart, { type: 'records' }>): Buffer {
  return inflateRecords(readRecordsPayload(bundle, part));
}

/**
 * Streams a file part's content to `onBlock` (opened when sealed); the hash (and the seal's tag) are
 * checked after the last block, so a caller keeps what it wrote only once this returns.
 */
export function readFilePart(bundle: OpenedBundle, part: Extract<BundlePart, { type: 'file' }>, onBlock: (block: Buffer) => void): void {
  const keys = keysOf(bundle);
  if (!keys) {
    for (const block of partBlocks(bundle.fd, part)) onBlock(block);
    return;
  }
  const opener = fileOpener(keys, FRAME.file);
  for (const block of partBlocks(bundle.fd, part)) {
    const plain = opener.update(block);
    if (plain.length > 0) onBlock(plain);
  }
  opener.final();
}

/** The records of a part, one parsed JSON value per line. */
export function* recordLines(ndjson: Buffer): Generator<unknown> {
  let start = 0;
  while (start < ndjson.length) {
    let end = ndjson.indexOf(0x0a, start);
    if (end < 0) end = ndjson.length;
    const line = ndjson.toString('utf8', start, end);
    start = end + 1;
    if (line.length === 0) continue;
    try {
      yield JSON.parse(line) as unknown;
    } catch {
      refuse('同步包已损坏(记录不是有效的 JSON)');
    }
  }
}

/** SHA-256 of the whole file, streamed. */
export function fileSha256(filePath: string): string {
  const fd = fs.openSync(filePath, 'r');
  try {
    const hash = crypto.createHash('sha256');
    const block = Buffer.alloc(READ_BLOCK);
    let position = 0;
    for (;;) {
      const n = fs.readSync(fd, block, 0, block.length, position);
      if (n === 0) break;
      hash.update(block.subarray(0, n));
      position += n;
    }
    return hash.digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}
