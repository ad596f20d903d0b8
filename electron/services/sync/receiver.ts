// The central system's receiver: POST /sync/bundles. The body is a push envelope (push.ts): the
// bundle's manifest and signature first, then the bundle file. So the receiver knows who sends
// what, and how large it is, before it takes a byte of the body: an unknown site, a bad signature, a
// bundle sealed to another system or one over the size limit is refused at once. The body is then
// streamed to a temporary file and checked as it arrives, chunk by chunk (every part's SHA-256, and
// that the file carries that very manifest), so a bad byte ends the upload where it is and other
// sites are answered meanwhile. Then it is imported like a bundle from a folder, and the answer is
// the signed acknowledgement. No session is needed: the signature of a registered site is the
// credential, and a refused bundle changes nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { ApiError, type ErrorCode } from '../../common/errors';
import { isoNow, type Services } from '../context';
import { newId } from '../ids';
import { GapError } from './apply';
import { admitInto, importInto } from './central-store';
import { bundleFileSize, parseManifest, refuse, SIGNATURE_BYTES, streamChecker } from './container';
import { PUSH_HEADER_BYTES, PUSH_MAGIC, RECEIVER_PATH } from './push';

/** The default limit of one bundle's size; `serve --central --max-bundle-mb` sets another. */
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024 * 1024;
/** A manifest lists every part (about 150 bytes each): 32 MiB is far more than any real bundle needs. */
const MAX_ENVELOPE_MANIFEST = 32 * 1024 * 1024;
const sizeText = (bytes: number) => (bytes >= 1048576 ? `${Math.floor(bytes / 1048576)} MB` : `${Math.floor(bytes / 1024)} KB`);

/** After an early refusal, what is read and dropped before the connection is closed. */
const DRAIN_AFTER_REFUSAL = 1024 * 1024;

export interface ReceiverOptions {
  log?: (line: string) => void;
  /** The largest bundle taken, in bytes (the file, without the envelope). */
  maxBytes?: number;
}

const statusOf: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400, BAD_REQUEST: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PAYLOAD_TOO_LARGE: 413, STORAGE: 507,
};

function answer(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...(close ? { Connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}

function refusal(res: http.ServerResponse, error: ApiError, close = false): void {
  // A gap is answered with the signed acknowledgement of what is held: the site sends again from there.
  answer(res, statusOf[error.code] ?? 500, { ok: false, error: error.toBody(), ...(error instanceof GapError ? { ack: error.ack } : {}) }, close);
}

/** Reads a request body in exact pieces (the envelope's fields), then hands over what is left. */
class BodyReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private held = Buffer.alloc(0);

  constructor(req: http.IncomingMessage) {
    this.chunks = (req as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  async exactly(n: number): Promise<Buffer> {
    const parts: Buffer[] = [this.held];
    let length = this.held.length;
    while (length < n) {
      const next = await this.chunks.next();
      if (next.done) refuse('同步包未完整接收(连接中断)');
      parts.push(next.value);
      length += next.value.length;
    }
    const all = Buffer.concat(parts);
    this.held = all.subarray(n);
    return all.subarray(0, n);
  }

  async *rest(): AsyncGenerator<Buffer> {
    if (this.held.length > 0) yield this.held;
    this.held = Buffer.alloc(0);
    for (;;) {
      const next = await this.chunks.next();
      if (next.done) return;
      yield next.value;
    }
  }
}

async function receive(services: Services, req: http.IncomingMessage, res: http.ServerResponse, options: Required<ReceiverOptions>): Promise<void> {
  const { log, maxBytes } = options;
  if (req.method !== 'POST') {
    refusal(res, new ApiError('BAD_REQUEST', '同步接口只接受 POST 请求'));
    req.resume();
    return;
  }
  // Not a type a cross-site form can send: a browser would need a CORS preflight we never grant.
  if (!String(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
    refusal(res, new ApiError('BAD_REQUEST', '同步包应以 application/octet-stream 发送'));
    req.resume();
    return;
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (!Number.isSafeInteger(declared) || declared < PUSH_HEADER_BYTES) {
    refusal(res, new ApiError('BAD_REQUEST', '推送须带 Content-Length:请升级工地程序'), true);
    req.resume();
    return;
  }
  if (declared > maxBytes + PUSH_HEADER_BYTES + MAX_ENVELOPE_MANIFEST + SIGNATURE_BYTES) {
    refusal(res, new ApiError('PAYLOAD_TOO_LARGE', `同步包过大:中心系统每个同步包最多接收 ${sizeText(maxBytes)}`), true);
    req.resume();
    return;
  }
  const body = new BodyReader(req);
  let tmp: string | null = null;
  let answered = false;
  try {
    // 1. The envelope: manifest and signature, checked before the body.
    const head = await body.exactly(PUSH_HEADER_BYTES);
    if (!head.subarray(0, PUSH_MAGIC.length).equals(PUSH_MAGIC)) refuse('推送内容不是同步包的推送格式:请升级工地程序');
    const manifestLength = head.readUInt32BE(PUSH_MAGIC.length);
    if (manifestLength > MAX_ENVELOPE_MANIFEST) refuse('同步包已损坏(清单过大)');
    const manifestBytes = await body.exactly(manifestLength);
    const signature = await body.exactly(SIGNATURE_BYTES);
    const manifest = parseManifest(manifestBytes, null); // the file's header must then say the same version
    const size = bundleFileSize(manifest, manifestLength);
    if (declared !== PUSH_HEADER_BYTES + manifestLength + SIGNATURE_BYTES + size) refuse('推送的长度与同步包清单不符');
    if (size > maxBytes) throw new ApiError('PAYLOAD_TOO_LARGE', `同步包过大(${sizeText(size)}):中心系统每个同步包最多接收 ${sizeText(maxBytes)}`);
    await admitInto(services, { manifest, manifestBytes, signature });
    log(`sync: receiving ${manifest.installationId} ${manifest.firstSeq}-${manifest.lastSeq} (${size} bytes)`);

    // 2. The bundle file, streamed to disk and checked chunk by chunk.
    const dir = path.join(services.dataDir, 'sync', 'incoming');
    fs.mkdirSync(dir, { recursive: true });
    tmp = path.join(dir, `${newId()}.sobundle.partial`);
    const check = streamChecker(manifest, manifestBytes, signature);
    const whole = crypto.createHash('sha256');
    const handle = await fs.promises.open(tmp, 'w');
    try {
      for await (const chunk of body.rest()) {
        check.update(chunk);
        whole.update(chunk);
        await handle.write(chunk);
      }
      check.end();
      await handle.sync();
    } finally {
      await handle.close();
    }

    // 3. Applied like any bundle (its parts' hashes are checked again as they are read).
    log(`sync: received ${manifest.installationId} ${manifest.firstSeq}-${manifest.lastSeq}, applying`);
    const result = await importInto(services, tmp, { source: 'http', fileName: `http-${isoNow(services.clock)}`, actorName: '推送接收', sha256: whole.digest('hex'), partsChecked: true });
    log(`sync: ${result.status} ${result.installationId} ${result.firstSeq}-${result.lastSeq} (new ${result.applied}, conflicts ${result.conflicts})`);
    answered = true;
    answer(res, 200, result.ack);
  } catch (e) {
    answered = true;
    const error = e instanceof ApiError ? e : !req.complete ? new ApiError('BAD_REQUEST', '同步包未完整接收(连接中断)') : null;
    if (error) log(`sync: refused bundle: ${error.message}`);
    else log(`sync: internal error: ${(e as Error).stack ?? String(e)}`);
    // Refused before the body was all read: answer now, take a little more (the sender stops on
    // the answer), then close the connection instead of reading gigabytes for nothing.
    const early = !req.complete;
    refusal(res, error ?? new ApiError('INTERNAL', '中心系统内部错误,同步包未导入'), early);
    if (early) {
      let drained = 0;
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > DRAIN_AFTER_REFUSAL) req.destroy();
      });
      res.on('finish', () => setTimeout(() => req.destroy(), 5000).unref());
    }
  } finally {
    if (!answered && !res.headersSent) refusal(res, new ApiError('INTERNAL', '中心系统内部错误'));
    if (tmp) fs.rmSync(tmp, { force: true });
  }
}

/** A route for the web server: handles POST /sync/bundles and says whether it did. */
export function createBundleReceiver(services: Services, log: (line: string) => void = () => {}, options: Omit<ReceiverOptions, 'log'> = {}): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  const settings = { log, maxBytes: options.maxBytes ?? MAX_BUNDLE_BYTES };
  return (req, res) => {
    const url = (req.url ?? '').split('?')[0];
    if (url !== RECEIVER_PATH) return false;
    receive(services, req, res, settings).catch(() => {
      if (!res.headersSent) refusal(res, new ApiError('INTERNAL', '中心系统内部错误'));
    });
    return true;
  };
}
