// Verifying a bundle before anything is applied: the key is the trusted one, the signature covers
// the manifest, every part has the length and SHA-256 the manifest names, and the records inside
// run without a hole from the first sequence number to the last. Reads part by part.
import { ApiError } from '../../common/errors';
import { auditTableLabels } from '../../common/audit-labels';
import { checkPartHashes, fileSha256, inflateRecords, readFilePart, readRecordsPayload, recordLines, refuse, type BundleManifest, type BundlePart, type OpenedBundle } from './container';
import { sha256Hex, verifyBytes } from './identity';

export interface VerifySummary {
  manifest: BundleManifest;
  size: number;
  sha256: string;
}

/** The signature, with the public key the caller trusts for this installation. */
export function checkSignature(bundle: Pick<OpenedBundle, 'manifest' | 'manifestBytes' | 'signature'>, publicKey: string): void {
  if (sha256Hex(Buffer.from(publicKey, 'base64')) !== bundle.manifest.publicKeySha256) {
    throw new ApiError('FORBIDDEN', '同步包的签名密钥与登记的公钥不符:该包不是由已登记的安装签发的');
  }
  if (!verifyBytes(publicKey, bundle.manifestBytes, bundle.signature)) {
    throw new ApiError('FORBIDDEN', '同步包的签名无效:文件已被改动或损坏');
  }
}

export interface ChangeRecord {
  seq: number;
  table: string;
  rowId: string;
  op: 'insert' | 'update' | 'delete';
  at: string;
  data: Record<string, unknown>;
}

/** One change line: the shape checked here, the row's columns by the applier. */
export function asChange(value: unknown): ChangeRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse('同步包已损坏(变更记录格式无效)');
  const v = value as Record<string, unknown>;
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1) refuse('同步包已损坏(变更序号无效)');
  if (typeof v.table !== 'string' || typeof v.rowId !== 'string' || typeof v.at !== 'string') refuse(`同步包已损坏(第 ${String(v.seq)} 条变更格式无效)`);
  if (v.op !== 'insert' && v.op !== 'update' && v.op !== 'delete') refuse(`同步包已损坏(第 ${String(v.seq)} 条变更的操作无效)`);
  if (typeof v.data !== 'object' || v.data === null || Array.isArray(v.data)) refuse(`同步包已损坏(第 ${String(v.seq)} 条变更的数据无效)`);
  const keys = Object.keys(v);
  if (keys.length !== 6) refuse(`同步包已损坏(第 ${String(v.seq)} 条变更含有多余字段)`);
  return v as unknown as ChangeRecord;
}

export interface PartHandlers {
  /** A change (or reference record) that passed the checks, in order. */
  onRecord?: (value: unknown) => void;
  /** A file part; read (and so hashed) here when there is no handler. */
  onFile?: (part: Extract<BundlePart, { type: 'file' }>) => void;
  /** A records part's compressed payload, checked, after its records passed (the central side keeps them). */
  onRecordsPart?: (part: Extract<BundlePart, { type: 'records' }>, payload: Buffer) => void;
}

/**
 * Reads every part once: hashes, record counts and order. Each records part is inflated and its
 * lines parsed, so that a bundle that verifies here is one the applier can read to the end. The
 * applier reads through here too, applying each record as it passes: one pass, the same checks.
 */
/** What reading a bundle's parts meets, in order: checked as it goes (walkParts). */
export type PartEvent =
  | { type: 'file'; part: Extract<BundlePart, { type: 'file' }> }
  | { type: 'record'; value: unknown }
  | { type: 'recordsPart'; part: Extract<BundlePart, { type: 'records' }>; payload: Buffer };

/**
 * Reads the parts one by one, checking each against the manifest, and yields what it meets; a
 * consumer that takes a file event reads the file part itself (or it is read and checked here).
 * A generator, so that an asynchronous consumer (the PostgreSQL executor) can pause between records.
 */
export function* partEvents(bundle: OpenedBundle): Generator<PartEvent, void, boolean | undefined> {
  const m = bundle.manifest;
  const counts: Record<string, number> = {};
  let expected = m.kind === 'changes' ? m.firstSeq : 1;
  let records = 0;
  let files = 0;
  for (const part of m.parts) {
    if (part.type === 'file') {
      const taken = yield { type: 'file', part };
      if (!taken) readFilePart(bundle, part, () => undefined);
      files++;
      continue;
    }
    if (part.first !== expected || part.last < part.first || part.count !== part.last - part.first + 1) refuse('同步包已损坏(数据块的序号与清单不符)');
    const payload = readRecordsPayload(bundle, part);
    const ndjson = inflateRecords(payload);
    let n = 0;
    for (const value of recordLines(ndjson)) {
      if (m.kind === 'changes') {
        const change = asChange(value);
        if (change.seq !== expected) refuse(`同步包已损坏(应为第 ${expected} 条变更,实为第 ${change.seq} 条)`);
        counts[change.table] = (counts[change.table] ?? 0) + 1;
      } else {
        if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') refuse('同步包已损坏(参考数据记录格式无效)');
        const type = (value as { type: string }).type;
        counts[type] = (counts[type] ?? 0) + 1;
      }
      yield { type: 'record', value };
      expected++;
      n++;
    }
    if (n !== part.count) refuse('同步包已损坏(数据块的记录数与清单不符)');
    yield { type: 'recordsPart', part, payload };
    records += n;
  }
  if (records !== m.records || files !== m.files) refuse('同步包已损坏(记录数或附件数与清单不符)');
  if (m.kind === 'changes' && records !== m.lastSeq - m.firstSeq + 1) refuse('同步包已损坏(变更数与序号范围不符)');
  const declared = Object.entries(m.counts).filter(([, n]) => n > 0).sort();
  const actual = Object.entries(counts).sort();
  if (JSON.stringify(declared) !== JSON.stringify(actual)) refuse('同步包已损坏(各表变更数与清单不符)');
}

export function walkParts(bundle: OpenedBundle, handlers: PartHandlers = {}): void {
  const events = partEvents(bundle);
  let answer: boolean | undefined;
  for (let next = events.next(); !next.done; next = events.next(answer)) {
    const event = next.value;
    answer = undefined;
    if (event.type === 'file') {
      if (handlers.onFile) {
        handlers.onFile(event.part);
        answer = true;
      }
    } else if (event.type === 'record') handlers.onRecord?.(event.value);
    else handlers.onRecordsPart?.(event.part, event.payload);
  }
}

/**
 * Checks every part without applying anything. A sealed bundle whose keys the caller does not have
 * (anyone but its recipient) is checked as far as that goes: every part's hash, under the signature.
 */
export function verifyParts(bundle: OpenedBundle): void {
  if (bundle.manifest.encryption && !bundle.keys) checkPartHashes(bundle);
  else walkParts(bundle);
}

/** Everything about a bundle that needs no database: for `bundle verify` and before applying. */
export function verifyBundle(bundle: OpenedBundle, publicKey: string): VerifySummary {
  checkSignature(bundle, publicKey);
  verifyParts(bundle);
  return { manifest: bundle.manifest, size: bundle.size, sha256: fileSha256(bundle.path) };
}

/**
 * The bundle's counts in the user's words: every synced table by its name in 审计记录, a few in the
 * words of a bundle's summary, and the kinds of record a reference bundle carries.
 */
export const tableLabels: Readonly<Record<string, string>> = {
  ...auditTableLabels,
  projects: '合同/工地',
  attachments: '附件记录',
  entries: '进场/退场登记',
  contract: '合同',
  employer: '用人单位',
  healthCloud: '健康云记录',
  correction: '更正',
};

/** The summary `bundle verify` prints, in the user's words. */
export function describeBundle(summary: VerifySummary): string {
  const m = summary.manifest;
  const lines = [
    `有效:${m.kind === 'changes' ? '工地同步包' : '参考数据包'}(格式版本 ${m.formatVersion},程序 ${m.app.version},数据结构 ${m.schemaVersion})`,
    `安装标识:${m.installationId}`,
    ...(m.projects.length > 0 ? [`项目:${m.projects.map((p) => `${p.name}(${p.contractNo})`).join('、')}`] : []),
    m.kind === 'changes' ? `变更序号:第 ${m.firstSeq} 至 ${m.lastSeq} 条,共 ${m.records} 条` : `发布序号:${m.firstSeq},共 ${m.records} 条记录`,
    ...Object.entries(m.counts).map(([t, n]) => `  ${tableLabels[t] ?? t}:${n}`),
    `附件:${m.files} 个`,
    m.encryption
      ? `已加密:仅接收方(安装 ${m.encryption.recipient})能读取内容;已校验签名和每个数据块的 SHA-256`
      : '未加密:任何拿到文件的人都能读取其中的身份证号和附件',
    `创建时间:${m.createdAt}`,
    `大小:${summary.size} 字节`,
    `SHA-256:${summary.sha256}`,
  ];
  return lines.join('\n');
}
