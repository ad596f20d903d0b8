// Reference bundles, central to one site: the contracts it was registered for and their 用人单位
// (what the 合同报送系统 knows), the 健康云 records of the people on those contracts, corrections
// of its rows from supervisors, and the records it lost by restoring an older backup (returned.ts).
// Nothing about other sites' contracts or people. Same container, kind "reference", signed by the
// central key that the site registered and sealed to the site's key; numbered (within the central
// system's generations: a restored central system numbers anew), so that an older or repeated
// bundle changes nothing. On the site every write goes through the outbox like any other, so the
// result travels back to the central system in the next bundle.
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { employers, healthCloudRecords, persons, projects, syncReferenceBundles, syncSiteState } from '../../../db/schema';
import { contractorTypes, participantTypes } from '../../common/codes';
import { ApiError } from '../../common/errors';
import { isoNow, type Services } from '../context';
import { newId } from '../ids';
import { recordAudit, recordChange, type ChangeAuthor } from '../outbox';
import { pinyinKeys } from '../pre-registration';
import { BundleWriter, CHUNK_BYTES, CHUNK_RECORDS, FORMAT_VERSION, openBundle, readRecordsPart, recordLines, type BundleManifest } from './container';
import { APP, schemaVersion, siteState } from './export';
import { outboxGenerations } from './generations';
import { centralPeer, ensureInstallation, requireRole, sha256Hex, shortId, signBytes, type Registration } from './identity';
import { implicitGenerations, registeredContracts } from './apply-rules';
import { applyReturned, lostRecords, type ReturnedRecord } from './returned';
import { referenceSourceOf } from './central-store';
import type { ReferenceSource } from './reference-source';
import { peerEncryptionKey, sealTo, unsealFor } from './seal';
import { checkSignature, verifyParts } from './verify';

const code = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9-]+$/);

export const contractRecord = z.object({
  contractNo: code,
  buildNo: code,
  name: z.string().trim().min(1).max(200),
  generalContractor: z.string().trim().min(1).max(200),
  contractorType: z.enum(contractorTypes),
  supervisionStation: z.string().trim().min(1).max(100),
}).strict();

export const employerRecord = z.object({
  id: z.string().min(1).max(64),
  /** The 合同报送编号 of the project the employer works on. */
  projectContractNo: code,
  name: z.string().trim().min(1).max(100),
  creditCode: z.string().length(18),
  participantType: z.string().refine((t) => t in participantTypes),
  /** The 合同报送编号 of the employer's own contract. */
  contractNo: code,
}).strict();

export const healthCloudRecord = z.object({
  idNumber: z.string().min(15).max(18),
  name: z.string().min(1).max(50),
  phone: z.string().max(20),
  reportAddress: z.string().max(200),
  reportTime: z.string().min(1).max(40),
  temperature: z.string().max(10),
  healthStatus: z.string().max(50),
  travelTime: z.string().max(40),
  travelMode: z.string().max(50),
  fromHubei: z.boolean(),
  fromWuhan: z.boolean(),
  stopover: z.boolean(),
  stayPlace: z.string().max(200),
  homeAddress: z.string().max(200),
}).strict();

/** What a supervisor may correct, column by column. Anything else is not a correction. */
export const correctableColumns = {
  projects: ['buildNo', 'name', 'generalContractor', 'contractorType', 'supervisionStation'],
  persons: ['name', 'phone'],
  employers: ['name'],
} as const;

export const correctionRecord = z.discriminatedUnion('table', [
  z.object({ table: z.literal('projects'), rowId: z.string().min(1).max(64), reason: z.string().max(200), set: contractRecord.pick({ buildNo: true, name: true, generalContractor: true, contractorType: true, supervisionStation: true }).partial().strict() }).strict(),
  z.object({ table: z.literal('persons'), rowId: z.string().min(1).max(64), reason: z.string().max(200), set: z.object({ name: z.string().trim().min(1).max(50), phone: z.string().trim().max(20) }).partial().strict() }).strict(),
  z.object({ table: z.literal('employers'), rowId: z.string().min(1).max(64), reason: z.string().max(200), set: z.object({ name: z.string().trim().min(1).max(100) }).partial().strict() }).strict(),
]);
export type Correction = z.infer<typeof correctionRecord>;

/** A change the site recorded and lost by restoring an older backup, exactly as it sent it. */
const returnedRecord = z.object({
  generation: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  table: z.string().max(40),
  rowId: z.string().min(1).max(64),
  op: z.enum(['insert', 'update', 'delete']),
  at: z.string().max(40),
  data: z.record(z.string(), z.unknown()),
}).strict();

const referenceLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('contract'), data: contractRecord }).strict(),
  z.object({ type: z.literal('employer'), data: employerRecord }).strict(),
  z.object({ type: z.literal('healthCloud'), data: healthCloudRecord }).strict(),
  z.object({ type: z.literal('correction'), data: correctionRecord }).strict(),
  z.object({ type: z.literal('returned'), data: returnedRecord }).strict(),
]);
type ReferenceLine = z.infer<typeof referenceLine>;

// ---- publishing (central side) ----

export interface PublishOptions {
  /** The registered site the bundle is for: only what concerns its contracts goes in. */
  siteId: string;
  outPath?: string;
  folder?: string;
  includeHealthCloud: boolean;
  corrections?: Correction[];
  actorName: string;
  /** Sealed to the site's key (the default); false only on purpose (`--no-encrypt`, a site registered with a version 1 file). */
  encrypt?: boolean;
}

export interface PublishResult {
  path: string;
  fileName: string;
  referenceSeq: number;
  counts: Record<string, number>;
  size: number;
  siteName: string;
}

/** A correction names the central row; a row merged from this site's own is known there by the site's id. */
async function toSiteIds(source: ReferenceSource, siteId: string, c: Correction): Promise<Correction> {
  const own = await source.siteId(c.table, c.rowId, siteId);
  return own ? { ...c, rowId: own } : c;
}

/** Publishes from the central store the site data is in (SQLite, or PostgreSQL under --database: central-store.ts). */
export async function publishReference(s: Services, options: PublishOptions): Promise<PublishResult> {
  const central = requireRole(s, 'central');
  const source = referenceSourceOf(s);
  const site = await source.peer(options.siteId);
  if (!site || site.role !== 'site') throw new ApiError('NOT_FOUND', `未登记的工地 ${options.siteId.slice(0, 64)}:参考数据只发给已登记的工地`);
  let seal: ReturnType<typeof sealTo> | null = null;
  if (options.encrypt !== false) {
    const encryptionKey = peerEncryptionKey(site);
    if (!encryptionKey) throw new ApiError('CONFLICT', `工地“${site.name}”的注册文件是旧版本(不含加密公钥):请让工地导出新的注册文件,重新登记后再发布`);
    seal = sealTo(central, { installationId: site.installationId, encryptionKey });
  }
  const last = s.db.select({ n: sql<number>`coalesce(max(${syncReferenceBundles.referenceSeq}), 0)` }).from(syncReferenceBundles)
    .where(and(eq(syncReferenceBundles.direction, 'published'), eq(syncReferenceBundles.centralId, central.installationId))).get()?.n ?? 0;
  const referenceSeq = last + 1;
  const fileName = `siteoffice-reference-${shortId(site.installationId)}-${String(referenceSeq).padStart(6, '0')}.sobundle`;
  const target = options.outPath ? path.resolve(options.outPath) : path.join(path.resolve(options.folder ?? path.join(s.dataDir, 'sync', 'reference')), fileName);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // The site's contracts: those of the registration file the central side trusted.
  const registered = registeredContracts(JSON.parse(site.registration) as Registration);
  const contractRows = await source.contracts([...registered]);
  // A correction of another site's row is a mistake of whoever wrote the file: said, not dropped.
  const corrections = (options.corrections ?? []).map((c) => correctionRecord.parse(c));
  for (const c of corrections) {
    const projectOf = c.table === 'projects' ? c.rowId : await source.projectOf(c.table, c.rowId);
    if (!contractRows.some((p) => p.id === projectOf)) throw new ApiError('VALIDATION', `更正(${c.table} ${c.rowId.slice(0, 40)})不属于工地“${site.name}”的合同,不能发给该工地`);
  }
  const writer = await BundleWriter.create(target, seal?.keys ?? null);
  const counts: Record<string, number> = {};
  let chunk: string[] = [];
  let bytes = 0;
  let ordinal = 0;
  let chunkFirst = 1;
  const flush = async () => {
    if (chunk.length === 0) return;
    await writer.writeRecords(Buffer.from(chunk.join(''), 'utf8'), chunkFirst, ordinal, chunk.length);
    chunk = [];
    bytes = 0;
  };
  const add = async (line: ReferenceLine) => {
    ordinal++;
    if (chunk.length === 0) chunkFirst = ordinal;
    const text = `${JSON.stringify(line)}\n`;
    chunk.push(text);
    bytes += Buffer.byteLength(text);
    counts[line.type] = (counts[line.type] ?? 0) + 1;
    if (chunk.length >= CHUNK_RECORDS || bytes >= CHUNK_BYTES) await flush();
  };
  try {
    for (const p of contractRows) {
      await add({ type: 'contract', data: { contractNo: p.contractNo, buildNo: p.buildNo, name: p.name, generalContractor: p.generalContractor, contractorType: p.contractorType as (typeof contractorTypes)[number], supervisionStation: p.supervisionStation } });
      for (const e of await source.employers(p.id)) {
        await add({ type: 'employer', data: { id: e.id, projectContractNo: p.contractNo, name: e.name, creditCode: e.creditCode, participantType: e.participantType, contractNo: e.contractNo } });
      }
    }
    if (options.includeHealthCloud) {
      // Only the records of people on the site's contracts (pre-registered or family), a page at a time;
      // the records are the office's own (its data folder), the people those of the central store.
      const idNumbers = JSON.stringify(await source.idNumbers(contractRows.map((p) => p.id)));
      const people = sql`${healthCloudRecords.idNumber} in (select value from json_each(${idNumbers}))`;
      let after = '';
      for (;;) {
        const page = s.db.select().from(healthCloudRecords)
          .where(and(gt(healthCloudRecords.id, after), people))
          .orderBy(healthCloudRecords.id).limit(2000).all();
        if (page.length === 0) break;
        for (const r of page) {
          const { id: _id, source: _source, importedAt: _importedAt, ...data } = r;
          await add({ type: 'healthCloud', data });
        }
        after = page.at(-1)!.id;
      }
    }
    for (const c of corrections) await add({ type: 'correction', data: await toSiteIds(source, site.installationId, c) });
    for (const r of await lostRecords(source, site.installationId)) await add({ type: 'returned', data: r });
    await flush();
    if (ordinal === 0) throw new ApiError('CONFLICT', '没有可发布的参考数据');
    const manifest: BundleManifest = {
      format: 'siteoffice-bundle',
      formatVersion: FORMAT_VERSION,
      kind: 'reference',
      app: APP,
      schemaVersion: schemaVersion(),
      installationId: central.installationId,
      publicKeySha256: sha256Hex(Buffer.from(central.publicKey, 'base64')),
      createdAt: isoNow(s.clock),
      projects: contractRows.map((p) => ({ id: p.id, contractNo: p.contractNo, name: p.name })),
      firstSeq: referenceSeq,
      lastSeq: referenceSeq,
      counts: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1))),
      records: ordinal,
      files: 0,
      parts: writer.partsWritten(),
      generations: outboxGenerations(s),
      recipient: site.installationId,
      ...(seal ? { encryption: seal.info } : {}),
    };
    const done = await writer.finish(manifest, (b) => signBytes(central, b));
    s.db.transaction((tx) => {
      tx.insert(syncReferenceBundles).values({
        id: newId(), direction: 'published', centralId: central.installationId, referenceSeq, summary: JSON.stringify(manifest.counts), fileName: path.basename(target), at: manifest.createdAt, recipientId: site.installationId,
        generationId: manifest.generations!.at(-1)!.id,
      }).run();
      recordAudit(tx, { at: manifest.createdAt, actorId: null, actorName: options.actorName, projectId: null }, { action: 'sync_publish', tableName: 'sync_reference_bundles', rowId: String(referenceSeq), after: { ...manifest.counts, site: site.installationId } });
    });
    return { path: target, fileName: path.basename(target), referenceSeq, counts: manifest.counts, size: done.size, siteName: site.name };
  } catch (e) {
    await writer.abort();
    throw e;
  }
}

// ---- applying (site side) ----

export interface ReferenceResult {
  status: 'applied' | 'duplicate';
  referenceSeq: number;
  contractsUpdated: number;
  employersAdded: number;
  employersUpdated: number;
  healthCloudRecords: number;
  corrections: number;
  skipped: number;
  /** Records this site lost by restoring an older backup, taken in again. */
  returned: number;
  /** Of those, not taken: changed here since the restore, or already here as they were. */
  returnedSkipped: number;
}

/**
 * Whether a reference bundle is newer than the last one applied (plain values). A central system
 * restored from a backup numbers its publications anew in a new generation: a bundle whose
 * generations include the last applied one's and go beyond it is newer whatever its number; one
 * that does not include it is from an older history and changes nothing.
 */
export function referenceIsNew(generations: readonly { id: string }[], applied: { generation: string; seq: number }, seq: number): boolean {
  const at = generations.findIndex((g) => g.id === applied.generation);
  if (at < 0) return false;
  if (at < generations.length - 1) return true;
  return seq > applied.seq;
}

function changedFields<T extends Record<string, unknown>>(before: T, proposed: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(proposed) as [keyof T, T[keyof T]][]) if (v !== undefined && before[k] !== v) out[k] = v;
  return out;
}

export function applyReference(s: Services, filePath: string, actorName: string): ReferenceResult {
  requireRole(s, 'site');
  const bundle = openBundle(filePath);
  try {
    const m = bundle.manifest;
    if (m.kind !== 'reference') throw new ApiError('VALIDATION', '这是工地同步包,不是中心系统发布的参考数据包');
    const central = centralPeer(s);
    if (!central) throw new ApiError('CONFLICT', '尚未登记中心系统:请先在“注册与设置”中导入中心系统的注册文件');
    if (central.installationId !== m.installationId) throw new ApiError('FORBIDDEN', '参考数据包来自未登记的中心系统,已拒绝');
    checkSignature(bundle, central.publicKey);
    const self = ensureInstallation(s);
    if (m.recipient !== undefined && m.recipient !== self.installationId) throw new ApiError('FORBIDDEN', '该参考数据包是发给另一个工地的,本机不能导入');
    if (m.encryption) bundle.keys = unsealFor(self, m.encryption, m.installationId);
    verifyParts(bundle);
    const empty: ReferenceResult = {
      status: 'duplicate', referenceSeq: m.firstSeq, contractsUpdated: 0, employersAdded: 0, employersUpdated: 0, healthCloudRecords: 0, corrections: 0, skipped: 0, returned: 0, returnedSkipped: 0,
    };
    const state = siteState(s);
    const generations = m.generations ?? implicitGenerations(m.installationId);
    // Before generations were kept, the last one applied was the central system's first.
    if (!referenceIsNew(generations, { generation: state.referenceGeneration || m.installationId, seq: state.referenceSeq }, m.firstSeq)) return empty;
    const at = isoNow(s.clock);
    const source = `参考数据包 第${m.firstSeq}号`;
    return s.db.transaction((tx) => {
      const result: ReferenceResult = { ...empty, status: 'applied' };
      const author = (projectId: string | null): ChangeAuthor => ({ at, actorId: null, actorName: `中心系统(${actorName})`, projectId });
      const returned: ReturnedRecord[] = [];
      for (const part of m.parts) {
        if (part.type !== 'records') continue;
        for (const value of recordLines(readRecordsPart(bundle, part))) {
          const parsed = referenceLine.safeParse(value);
          if (!parsed.success) throw new ApiError('BAD_REQUEST', '参考数据包中有无效的记录,已全部拒绝');
          const line = parsed.data;
          if (line.type === 'contract') {
            const before = tx.select().from(projects).where(eq(projects.contractNo, line.data.contractNo)).get();
            if (!before) {
              result.skipped++; // a contract this site does not work on
              continue;
            }
            const change = changedFields(before, line.data);
            if (Object.keys(change).length === 0) continue;
            tx.update(projects).set(change).where(eq(projects.id, before.id)).run();
            recordChange(tx, author(before.id), 'projects', before.id, 'update', { ...before, ...change }, before);
            result.contractsUpdated++;
          } else if (line.type === 'employer') {
            const project = tx.select().from(projects).where(eq(projects.contractNo, line.data.projectContractNo)).get();
            if (!project) {
              result.skipped++;
              continue;
            }
            const before = tx.select().from(employers).where(and(eq(employers.projectId, project.id), eq(employers.creditCode, line.data.creditCode))).get();
            if (before) {
              const change = changedFields(before, { name: line.data.name, participantType: line.data.participantType, contractNo: line.data.contractNo });
              if (Object.keys(change).length === 0) continue;
              tx.update(employers).set(change).where(eq(employers.id, before.id)).run();
              recordChange(tx, author(project.id), 'employers', before.id, 'update', { ...before, ...change }, before);
              result.employersUpdated++;
            } else {
              // The central id where it is free here, so the row is the same one on both sides.
              const taken = tx.select({ id: employers.id }).from(employers).where(eq(employers.id, line.data.id)).get();
              const row = { id: taken ? newId() : line.data.id, projectId: project.id, name: line.data.name, creditCode: line.data.creditCode, participantType: line.data.participantType, contractNo: line.data.contractNo, createdAt: at };
              tx.insert(employers).values(row).run();
              recordChange(tx, author(project.id), 'employers', row.id, 'insert', row);
              result.employersAdded++;
            }
          } else if (line.type === 'healthCloud') {
            const data = line.data;
            tx.insert(healthCloudRecords).values({ id: newId(), ...data, source, importedAt: at })
              .onConflictDoUpdate({ target: [healthCloudRecords.idNumber, healthCloudRecords.reportTime], set: { ...data, source, importedAt: at } }).run();
            result.healthCloudRecords++;
          } else if (line.type === 'returned') {
            returned.push(line.data);
          } else {
            const c = line.data;
            if (c.table === 'projects') {
              const before = tx.select().from(projects).where(eq(projects.id, c.rowId)).get();
              const change = before ? changedFields(before, c.set) : {};
              if (!before || Object.keys(change).length === 0) { result.skipped++; continue; }
              tx.update(projects).set(change).where(eq(projects.id, before.id)).run();
              recordChange(tx, author(before.id), 'projects', before.id, 'update', { ...before, ...change }, before);
            } else if (c.table === 'persons') {
              const before = tx.select().from(persons).where(eq(persons.id, c.rowId)).get();
              const change: Partial<typeof persons.$inferSelect> = before ? changedFields(before, c.set) : {};
              if (!before || Object.keys(change).length === 0) { result.skipped++; continue; }
              // The search keys follow the name.
              if (change.name) Object.assign(change, { pinyinInitials: pinyinKeys(change.name).initials, pinyinFull: pinyinKeys(change.name).full });
              tx.update(persons).set(change).where(eq(persons.id, before.id)).run();
              recordChange(tx, author(before.projectId), 'persons', before.id, 'update', { ...before, ...change }, before);
            } else {
              const before = tx.select().from(employers).where(eq(employers.id, c.rowId)).get();
              const change = before ? changedFields(before, c.set) : {};
              if (!before || Object.keys(change).length === 0) { result.skipped++; continue; }
              tx.update(employers).set(change).where(eq(employers.id, before.id)).run();
              recordChange(tx, author(before.projectId), 'employers', before.id, 'update', { ...before, ...change }, before);
            }
            result.corrections++;
          }
        }
      }
      const back = applyReturned(s, returned, (projectId) => ({ ...author(projectId), actorName: `中心系统取回(${actorName})` }));
      result.returned = back.returned;
      result.returnedSkipped = back.skipped;
      tx.update(syncSiteState).set({ referenceSeq: m.firstSeq, referenceGeneration: generations.at(-1)!.id }).where(eq(syncSiteState.id, 1)).run();
      const summary = {
        contractsUpdated: result.contractsUpdated, employersAdded: result.employersAdded, employersUpdated: result.employersUpdated, healthCloudRecords: result.healthCloudRecords,
        corrections: result.corrections, skipped: result.skipped, returned: result.returned, returnedSkipped: result.returnedSkipped,
      };
      tx.insert(syncReferenceBundles).values({
        id: newId(), direction: 'applied', centralId: m.installationId, referenceSeq: m.firstSeq, summary: JSON.stringify(summary), fileName: path.basename(filePath), at, generationId: generations.at(-1)!.id,
      }).run();
      recordAudit(tx, { at, actorId: null, actorName, projectId: null }, { action: 'sync_reference', tableName: 'sync_reference_bundles', rowId: String(m.firstSeq), after: summary });
      return result;
    });
  } finally {
    bundle.close();
  }
}
