// A client of the national platform's interface: signed form POSTs with a time-out, and the
// asynchronous results of writes read with AsyncHandleResult.Query. What to do when a call fails
// is the queue's business (queue.ts); this file says only how it failed:
//   transport: no answer (network down, refused connection, time-out, HTTP 5xx). For a write the
//              outcome is unknown: it may have arrived. Never resent blindly.
//   refused:   the platform answered with a code other than 0 (bad signature, bad data …).
import crypto from 'node:crypto';
import { siteDateTime } from '../../common/site-time';
import { answerCodes, signedForm, type PlatformAnswer } from './protocol';

export interface PlatformConnection {
  endpoint: string;
  appid: string;
  secret: string;
  version: string;
}

export interface ClientOptions {
  timeoutMs: number;
  now: () => Date;
}

export class PlatformCallError extends Error {
  constructor(
    readonly failure: 'transport' | 'refused',
    message: string,
    readonly code: number | null = null,
  ) {
    super(message);
  }

  /** A refusal that concerns every call (the app id or the secret), not the data of this one. */
  get concernsConnection(): boolean {
    return this.code === answerCodes.badSign || this.code === answerCodes.badAppid || this.code === answerCodes.badParams;
  }
}

export interface AsyncResult {
  status: string;
  message: string;
  data: unknown;
}

/** yyyyMMddHHmmss on the site's clock, as the platform's timestamps are written. */
function timestampOf(at: Date): string {
  return siteDateTime(at).replace(/\D/g, '').slice(0, 14);
}

export class PlatformClient {
  constructor(private readonly connection: PlatformConnection, private readonly options: ClientOptions) {}

  async call(method: string, data: unknown): Promise<PlatformAnswer> {
    const form = signedForm({
      appid: this.connection.appid, method, format: 'json', version: this.connection.version,
      timestamp: timestampOf(this.options.now()), nonce: crypto.randomBytes(16).toString('hex'), data: JSON.stringify(data),
    }, this.connection.secret);
    let response: Response;
    try {
      response = await fetch(this.connection.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      if (err.name === 'TimeoutError') throw new PlatformCallError('transport', `国家平台在 ${Math.round(this.options.timeoutMs / 1000)} 秒内没有应答`);
      throw new PlatformCallError('transport', `无法连接国家平台(${err.cause?.code ?? err.message})`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new PlatformCallError('transport', '国家平台的应答中断');
    }
    if (response.status >= 500) throw new PlatformCallError('transport', `国家平台暂时不可用(HTTP ${response.status})`);
    let answer: PlatformAnswer;
    try {
      answer = JSON.parse(text) as PlatformAnswer;
    } catch {
      throw new PlatformCallError('transport', `国家平台的应答无法识别(HTTP ${response.status})`);
    }
    if (typeof answer.code !== 'number' && typeof answer.code !== 'string') throw new PlatformCallError('transport', '国家平台的应答缺少 code');
    const code = Number(answer.code);
    if (code !== answerCodes.ok) throw new PlatformCallError('refused', String(answer.message ?? ''), code);
    return { code, message: String(answer.message ?? ''), data: answer.data };
  }

  /** A write: the platform accepts it for processing and gives the serial code to ask about it. */
  async write(method: string, data: unknown): Promise<string> {
    const answer = await this.call(method, data);
    const serial = (answer.data as { requestSerialCode?: unknown } | undefined)?.requestSerialCode;
    if (typeof serial !== 'string' || !serial) throw new PlatformCallError('transport', '国家平台的应答缺少 requestSerialCode');
    return serial;
  }

  async result(requestSerialCode: string, projectCode: string): Promise<AsyncResult> {
    const answer = await this.call('AsyncHandleResult.Query', { projectCode, requestSerialCode });
    const d = (answer.data ?? {}) as { status?: unknown; result?: unknown; message?: unknown };
    return { status: String(d.status ?? ''), message: String(d.message ?? ''), data: d.result ?? null };
  }
}
