// The central system's receiver: POST /sync/bundles with the bundle file as the body. The body is
// streamed to a temporary file (never held in memory), then imported like a bundle from a folder,
// and the answer is the signed acknowledgement. No session is needed: the bundle's signature by a
// registered installation is the credential, and a refused bundle changes nothing.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, type ErrorCode } from '../../common/errors';
import { isoNow, type Services } from '../context';
import { newId } from '../ids';
import { GapError, importBundle } from './apply';
import { RECEIVER_PATH } from './push';

export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024 * 1024;

const statusOf: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400, BAD_REQUEST: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PAYLOAD_TOO_LARGE: 413, STORAGE: 507,
};

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function refusal(res: http.ServerResponse, error: ApiError): void {
  // A gap is answered with the signed acknowledgement of what is held: the site sends again from there.
  answer(res, statusOf[error.code] ?? 500, { ok: false, error: error.toBody(), ...(error instanceof GapError ? { ack: error.ack } : {}) });
}

async function receive(services: Services, req: http.IncomingMessage, res: http.ServerResponse, log: (line: string) => void): Promise<void> {
  if (req.method !== 'POST') {
    refusal(res, new ApiError('BAD_REQUEST', '同步接口只接受 POST 请求'));
    return;
  }
  // Not a type a cross-site form can send: a browser would need a CORS preflight we never grant.
  if (!String(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
    refusal(res, new ApiError('BAD_REQUEST', '同步包应以 application/octet-stream 发送'));
    req.resume();
    return;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BUNDLE_BYTES) {
    refusal(res, new ApiError('PAYLOAD_TOO_LARGE', '同步包过大'));
    req.resume();
    return;
  }
  const dir = path.join(services.dataDir, 'sync', 'incoming');
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `${newId()}.sobundle.partial`);
  try {
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > MAX_BUNDLE_BYTES) callback(new ApiError('PAYLOAD_TOO_LARGE', '同步包过大'));
        else callback(null, chunk);
      },
    });
    try {
      await pipeline(req, limit, fs.createWriteStream(tmp));
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError('BAD_REQUEST', '同步包未完整接收(连接中断)');
    }
    const result = importBundle(services, tmp, { source: 'http', fileName: `http-${isoNow(services.clock)}`, actorName: '推送接收' });
    log(`sync: ${result.status} ${result.installationId} ${result.firstSeq}-${result.lastSeq} (new ${result.applied}, conflicts ${result.conflicts})`);
    answer(res, 200, result.ack);
  } catch (e) {
    if (e instanceof ApiError) {
      log(`sync: refused bundle: ${e.message}`);
      refusal(res, e);
    } else {
      log(`sync: internal error: ${(e as Error).stack ?? String(e)}`);
      refusal(res, new ApiError('INTERNAL', '中心系统内部错误,同步包未导入'));
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** A route for the web server: handles POST /sync/bundles and says whether it did. */
export function createBundleReceiver(services: Services, log: (line: string) => void = () => {}): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  return (req, res) => {
    const url = (req.url ?? '').split('?')[0];
    if (url !== RECEIVER_PATH) return false;
    receive(services, req, res, log).catch(() => {
      if (!res.headersSent) refusal(res, new ApiError('INTERNAL', '中心系统内部错误'));
    });
    return true;
  };
}
