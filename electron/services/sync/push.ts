// 推送: the same bundle file, sent to the configured central URL when the machine is online. The
// queue lives in the database (sync_pushes), so a push survives a restart; each attempt has a
// time-out, failures of the network or of the server are retried with growing pauses, and a push is
// marked done only when the central system's signed acknowledgement has been verified and has moved
// the watermark. A refusal (bad signature, unknown installation, gap) is not retried: it needs a person.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { and, desc, eq, inArray, lte, or, isNull } from 'drizzle-orm';
import { syncExports, syncPushes } from '../../../db/schema';
import { ApiError, isApiErrorBody } from '../../common/errors';
import { isoNow, type Services } from '../context';
import { newId } from '../ids';
import { importAck } from './ack';
import { exportBundle, siteState } from './export';
import { openBundle } from './container';
import { centralPeer, requireRole } from './identity';

export const RECEIVER_PATH = '/sync/bundles';

/**
 * A push's body, the envelope: "SOPUSH02", u32 length of the manifest, the manifest, its 64-byte
 * signature, then the bundle file as it is. The receiver checks sender, signature and sizes from
 * the first bytes, before it takes the body (docs/sync-bundle-format.md §6).
 */
export const PUSH_MAGIC = Buffer.from('SOPUSH02', 'latin1');
export const PUSH_HEADER_BYTES = PUSH_MAGIC.length + 4;

/** The envelope's head for a bundle file: what goes before the file in a push's body. */
export function envelopeHead(filePath: string): Buffer {
  const bundle = openBundle(filePath);
  try {
    const head = Buffer.alloc(PUSH_HEADER_BYTES);
    PUSH_MAGIC.copy(head, 0);
    head.writeUInt32BE(bundle.manifestBytes.length, PUSH_MAGIC.length);
    return Buffer.concat([head, bundle.manifestBytes, bundle.signature]);
  } finally {
    bundle.close();
  }
}
export const DEFAULT_TIMEOUT_MS = 30_000;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 10 * 60_000;
const MAX_ANSWER_BYTES = 1024 * 1024;

export type PushStatus = 'queued' | 'sending' | 'retrying' | 'acked' | 'failed' | 'superseded';

export interface PushView {
  id: string;
  firstSeq: number;
  lastSeq: number;
  changes: number;
  size: number;
  url: string;
  status: PushStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  ackedSeq: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Pauses that double from 5 s up to 10 minutes, spread by a fifth so that many sites do not return at once. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The central URL a push may use: https://, or http:// to this very machine (127.0.0.1, [::1]) only.
 * Over plain HTTP on a network, whoever sits on the way sees and can answer every push.
 */
export function checkCentralUrl(centralUrl: string): URL {
  let url: URL;
  try {
    url = new URL(centralUrl);
  } catch {
    throw new ApiError('VALIDATION', '中心系统地址无效', [{ path: 'centralUrl', message: '请输入有效的网址' }]);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]')) return url;
  throw new ApiError('VALIDATION', '中心系统地址须以 https:// 开头:http:// 不加密,只能用于本机(127.0.0.1)', [{ path: 'centralUrl', message: '须使用 https:// 地址' }]);
}

export function receiverUrl(centralUrl: string): URL {
  const base = checkCentralUrl(centralUrl);
  return new URL(RECEIVER_PATH, base.href.endsWith('/') ? base.href : `${base.href}/`);
}

export function listPushes(s: Services, limit = 50): PushView[] {
  return s.db.select({ p: syncPushes, e: syncExports }).from(syncPushes)
    .innerJoin(syncExports, eq(syncExports.id, syncPushes.exportId))
    .orderBy(desc(syncPushes.createdAt), desc(syncPushes.id)).limit(limit).all()
    .map(({ p, e }) => ({
      id: p.id, firstSeq: e.firstSeq, lastSeq: e.lastSeq, changes: e.changes, size: e.size, url: p.url, status: p.status,
      attempts: p.attempts, nextAttemptAt: p.nextAttemptAt, lastError: p.lastError, ackedSeq: p.ackedSeq, createdAt: p.createdAt, updatedAt: p.updatedAt,
    }));
}

function pushView(s: Services, id: string): PushView {
  const found = listPushes(s, 1000).find((p) => p.id === id);
  if (!found) throw new ApiError('NOT_FOUND', '未找到该推送记录');
  return found;
}

/** Exports a fresh bundle from the watermark and puts it at the head of the queue. */
export async function queuePush(s: Services): Promise<PushView> {
  requireRole(s, 'site');
  const state = siteState(s);
  if (!state.centralUrl) throw new ApiError('VALIDATION', '请先在“注册与设置”中填写中心系统地址', [{ path: 'centralUrl', message: '请填写中心系统地址' }]);
  if (!centralPeer(s)) throw new ApiError('CONFLICT', '尚未登记中心系统:请先在“注册与设置”中导入中心系统的注册文件');
  checkCentralUrl(state.centralUrl);
  const exported = await exportBundle(s, { folder: path.join(s.dataDir, 'sync', 'outgoing'), channel: 'push' });
  const at = isoNow(s.clock);
  const id = newId();
  s.db.transaction((tx) => {
    // The new bundle starts at the same watermark and reaches further: older waiting ones are covered by it.
    tx.update(syncPushes).set({ status: 'superseded', nextAttemptAt: null, updatedAt: at })
      .where(inArray(syncPushes.status, ['queued', 'retrying', 'failed'])).run();
    tx.insert(syncPushes).values({ id, exportId: exported.exportId, url: state.centralUrl, status: 'queued', attempts: 0, nextAttemptAt: at, createdAt: at, updatedAt: at }).run();
  });
  return pushView(s, id);
}

/** 重试: a failed or waiting push is due again now. */
export function retryPush(s: Services, id: string): PushView {
  const row = s.db.select().from(syncPushes).where(eq(syncPushes.id, id)).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该推送记录');
  if (row.status !== 'failed' && row.status !== 'retrying') throw new ApiError('CONFLICT', '只有失败或等待重试的推送可以重试');
  const at = isoNow(s.clock);
  s.db.update(syncPushes).set({ status: 'queued', nextAttemptAt: at, updatedAt: at, url: siteState(s).centralUrl || row.url }).where(eq(syncPushes.id, id)).run();
  return pushView(s, id);
}

interface Answer {
  status: number;
  body: string;
}

class NetworkError extends Error {}

/**
 * POSTs the envelope and the file, streamed; the time-out is for silence (no bytes either way), so
 * large bundles may take longer. An answer that comes before the upload is done (a refusal from the
 * envelope) stops the upload.
 */
function post(url: URL, filePath: string, size: number, timeoutMs: number, installationId: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const head = envelopeHead(filePath);
    const source = fs.createReadStream(filePath);
    const req = client.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(head.length + size), 'X-Siteoffice-Installation': installationId },
    }, (res) => {
      source.unpipe(req);
      source.destroy();
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > MAX_ANSWER_BYTES) {
          req.destroy(new NetworkError('中心系统的应答过大'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        req.destroy(); // an early answer: the rest of the upload is not needed
      });
      res.on('error', (e) => reject(new NetworkError(e.message)));
    });
    const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} 秒` : `${timeoutMs} 毫秒`;
    req.setTimeout(timeoutMs, () => req.destroy(new NetworkError(`等待中心系统应答超时(${limit})`)));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof NetworkError) reject(e);
      else if (e.code === 'ECONNREFUSED') reject(new NetworkError('无法连接中心系统(连接被拒绝)'));
      else if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') reject(new NetworkError('无法解析中心系统地址(网络未连接?)'));
      else if (e.code === 'ECONNRESET') reject(new NetworkError('与中心系统的连接被中断'));
      else reject(new NetworkError(`网络错误:${e.code ?? e.message}`));
    });
    source.on('error', (e) => req.destroy(new NetworkError(`读取同步包失败:${e.message}`)));
    req.write(head);
    source.pipe(req);
  });
}

function errorMessageOf(answer: Answer): string {
  try {
    const body = JSON.parse(answer.body) as { error?: unknown };
    if (isApiErrorBody(body.error)) return body.error.message;
  } catch {
    // not JSON: fall through
  }
  return `HTTP ${answer.status}`;
}

export interface ProcessOptions {
  timeoutMs?: number;
  actorName?: string;
  random?: () => number;
}

// One runner per store: two passes at once would send one bundle twice.
const runners = new WeakMap<Services['sqlite'], { running: Promise<number> | null; timer: NodeJS.Timeout | null }>();

function runnerOf(s: Services) {
  let r = runners.get(s.sqlite);
  if (!r) {
    r = { running: null, timer: null };
    runners.set(s.sqlite, r);
  }
  return r;
}

/** How a push ended: 'rewound' when the central side named a lower number and the site must send again. */
type SendOutcome = 'done' | 'rewound';

/** The signed acknowledgement a refusal for a gap carries, if the answer has one. */
function gapAckOf(answer: Answer): unknown {
  if (answer.status !== 409) return undefined;
  try {
    return (JSON.parse(answer.body) as { ack?: unknown }).ack;
  } catch {
    return undefined;
  }
}

async function sendOne(s: Services, row: typeof syncPushes.$inferSelect, options: ProcessOptions): Promise<SendOutcome> {
  const identity = requireRole(s, 'site');
  const exported = s.db.select().from(syncExports).where(eq(syncExports.id, row.exportId)).get();
  const started = isoNow(s.clock);
  const attempts = row.attempts + 1;
  const finish = (set: Partial<typeof syncPushes.$inferInsert>) => {
    s.db.update(syncPushes).set({ attempts, updatedAt: isoNow(s.clock), ...set }).where(eq(syncPushes.id, row.id)).run();
  };
  if (!exported || !fs.existsSync(exported.path)) {
    finish({ status: 'failed', nextAttemptAt: null, lastError: '同步包文件已不存在,请重新推送' });
    return 'done';
  }
  let target: URL;
  try {
    target = receiverUrl(row.url);
  } catch (e) {
    // An address saved before http:// was refused (or typed by hand into the database): nothing is sent.
    finish({ status: 'failed', nextAttemptAt: null, lastError: e instanceof ApiError ? e.message : '中心系统地址无效' });
    return 'done';
  }
  s.db.update(syncPushes).set({ status: 'sending', updatedAt: started }).where(eq(syncPushes.id, row.id)).run();
  let answer: Answer;
  try {
    answer = await post(target, exported.path, exported.size, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, identity.installationId);
  } catch (e) {
    const message = e instanceof NetworkError ? e.message : '网络错误';
    finish({ status: 'retrying', lastError: message, nextAttemptAt: new Date(s.clock.now().getTime() + retryDelayMs(attempts, options.random)).toISOString() });
    return 'done';
  }
  if (answer.status === 200) {
    try {
      const result = importAck(s, JSON.parse(answer.body) as unknown, 'http', options.actorName ?? '推送');
      finish({ status: 'acked', nextAttemptAt: null, lastError: null, ackedSeq: result.ackedSeq });
      fs.rmSync(exported.path, { force: true }); // acknowledged: the copy kept for retries is no longer needed
    } catch (e) {
      finish({ status: 'failed', nextAttemptAt: null, lastError: `中心系统的回执无效:${e instanceof ApiError ? e.message : '无法解析'}` });
    }
    return 'done';
  }
  const gapAck = gapAckOf(answer);
  if (gapAck !== undefined) {
    // The central side holds less than this site thought (restored from a backup): its signed
    // answer names what it holds; the watermark goes back there and the rest is sent again.
    try {
      const result = importAck(s, gapAck, 'http', options.actorName ?? '推送');
      if (result.status === 'gap') {
        finish({ status: 'superseded', nextAttemptAt: null, lastError: `中心系统只收到第 ${result.ackedSeq} 条为止的变更(可能已从备份恢复),已从第 ${result.ackedSeq + 1} 条起重新导出并推送` });
        fs.rmSync(exported.path, { force: true });
        return 'rewound';
      }
    } catch (e) {
      finish({ status: 'failed', nextAttemptAt: null, lastError: `中心系统的回执无效:${e instanceof ApiError ? e.message : '无法解析'}` });
      return 'done';
    }
  }
  if (answer.status >= 500 || answer.status === 408 || answer.status === 429 || answer.status === 0) {
    finish({ status: 'retrying', lastError: `中心系统暂时不可用:${errorMessageOf(answer)}`, nextAttemptAt: new Date(s.clock.now().getTime() + retryDelayMs(attempts, options.random)).toISOString() });
    return 'done';
  }
  finish({ status: 'failed', nextAttemptAt: null, lastError: `中心系统拒绝接收:${errorMessageOf(answer)}` });
  return 'done';
}

/** Re-exports from a watermark a gap moved back; another refusal in the same pass waits for a person. */
const MAX_REWINDS_PER_PASS = 2;

/** Sends every push that is due now, oldest first; resolves to how many were tried. */
export function processDuePushes(s: Services, options: ProcessOptions = {}): Promise<number> {
  const runner = runnerOf(s);
  if (runner.running) return runner.running;
  const run = async (): Promise<number> => {
    let tried = 0;
    let rewinds = 0;
    const sent = new Set<string>();
    for (;;) {
      const now = isoNow(s.clock);
      // 'sending' here means a process died while sending: nothing was acknowledged, so it is due again.
      const row = s.db.select().from(syncPushes)
        .where(or(eq(syncPushes.status, 'sending'), and(inArray(syncPushes.status, ['queued', 'retrying']), or(isNull(syncPushes.nextAttemptAt), lte(syncPushes.nextAttemptAt, now)))))
        .orderBy(syncPushes.createdAt, syncPushes.id).all().find((r) => !sent.has(r.id));
      if (!row) break;
      sent.add(row.id);
      const outcome = await sendOne(s, row, options);
      tried++;
      if (outcome === 'rewound' && rewinds++ < MAX_REWINDS_PER_PASS) {
        // The same push, from the number the central side named: no step beyond the push. (If it
        // cannot be exported now, the refused push says why and 推送 starts it again.)
        await queuePush(s).catch(() => undefined);
      }
    }
    return tried;
  };
  // Cleared when this run ends (not before it is stored, even when nothing was due).
  const running: Promise<number> = run().finally(() => {
    if (runner.running === running) runner.running = null;
  });
  runner.running = running;
  return running;
}

/**
 * Runs the queue in the background of a running app: now, and again when the next retry is due.
 * The timer does not keep a command-line process alive, and a store that was closed stops it.
 */
export function kickPushQueue(s: Services, options: ProcessOptions = {}): void {
  const runner = runnerOf(s);
  if (runner.timer) clearTimeout(runner.timer);
  const schedule = (delay: number) => {
    runner.timer = setTimeout(() => {
      runner.timer = null;
      if (!s.sqlite.open) return;
      processDuePushes(s, options).then(() => {
        if (!s.sqlite.open) return;
        const next = s.db.select({ at: syncPushes.nextAttemptAt }).from(syncPushes)
          .where(inArray(syncPushes.status, ['queued', 'retrying'])).orderBy(syncPushes.nextAttemptAt).limit(1).get();
        if (next?.at) schedule(Math.max(1000, new Date(next.at).getTime() - s.clock.now().getTime()));
      }).catch(() => undefined); // a closed store or a full disk: the queue is tried again at the next start
    }, delay);
    runner.timer.unref();
  };
  schedule(0);
}
