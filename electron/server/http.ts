// Web mode: the same contract over HTTP on 127.0.0.1, and the built renderer as static files.
// Used by the end-to-end tests, and by a second PC's browser when the LAN option is switched on.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { contract, isCommandName } from '../common/contract';
import { ApiError, type ApiResult, type ErrorCode } from '../common/errors';
import type { Dispatcher } from '../api/dispatch';
import { CONTENT_SECURITY_POLICY } from '../common/security';
import { PRELOADED_ANSWERS_ID, jsonForScriptElement, preloadedCommands } from '../common/preloaded';

export const SESSION_COOKIE = 'siteoffice_session';
/** A header that a cross-site form or image cannot send: with SameSite cookies, our CSRF guard. */
export const CSRF_HEADER = 'x-siteoffice';
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_UPLOAD_BODY_BYTES = 16 * 1024 * 1024;

const statusOf: Record<ErrorCode, number> = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_COMMAND: 404,
  CONFLICT: 409,
  DATA_DIR_IN_USE: 409,
  PAYLOAD_TOO_LARGE: 413,
  LOCKED: 429,
  INTERNAL: 500,
  STORAGE: 507,
  CORRUPT: 503,
};

const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const staticTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

export interface WebServerOptions {
  dispatch: Dispatcher;
  /** The built renderer (dist/renderer); without it only the API is served. */
  staticDir?: string;
  host?: string;
  port?: number;
  /**
   * A route outside the API, tried first (the central system's POST /sync/bundles): it answers the
   * request and returns true, or returns false to leave it to the API and the static files.
   */
  route?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  /** HTTPS with this certificate (the LAN mode); without it, plain HTTP, which listen() keeps on loopback. */
  tls?: { cert: string; key: string };
  /**
   * The names and addresses this server answers to in Host (DNS rebinding: a foreign page whose
   * name now points at this PC still sends its own name). Loopback names are always allowed.
   */
  hostNames?: string[];
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];

/** The host name of a Host or Origin authority, without port or IPv6 brackets, lower case. */
export function hostNameOf(authority: string): string | null {
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:\[\]]+))(?::\d{1,5})?$/i.exec(authority.trim());
  if (!m) return null;
  return (m[1] ?? m[2] ?? '').toLowerCase().replace(/\.$/, '');
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/, '');
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/** Why a request is refused before anything else looks at it, or null when its Host and Origin are ours. */
export function originProblem(req: http.IncomingMessage, allowed: Set<string>, scheme: 'http' | 'https'): string | null {
  const host = hostNameOf(String(req.headers.host ?? ''));
  if (!host || !allowed.has(host)) return '请求的主机名不是本服务器的名称或地址,已拒绝';
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
  // State changes only from our own pages: a browser names the page's origin on every POST.
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return '请求来自其他网站,已拒绝';
    }
    if (url.protocol !== `${scheme}:` || url.host.toLowerCase() !== String(req.headers.host).toLowerCase()) return '请求来自其他网站,已拒绝';
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') return '请求来自其他网站,已拒绝';
  return null;
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return null; // a mangled cookie counts as none, so the user can sign in again
      }
    }
  }
  return null;
}

function send(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...securityHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

function sendError(res: http.ServerResponse, error: ApiError): void {
  const body: ApiResult<never> = { ok: false, error: error.toBody() };
  send(res, statusOf[error.code], body);
}

export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new ApiError('PAYLOAD_TOO_LARGE', `请求内容过大(上限 ${Math.round(limit / 1024)} KB)`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError('PAYLOAD_TOO_LARGE', `请求内容过大(上限 ${Math.round(limit / 1024)} KB)`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, rawName: string, dispatch: Dispatcher, secureCookie: boolean): Promise<void> {
  // A caller on this PC (loopback) may do what only the office PC may: 初始化, recovery.
  const caller = { local: isLoopbackAddress(req.socket.remoteAddress) };
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    throw new ApiError('UNKNOWN_COMMAND', '未知的操作');
  }
  if (req.method !== 'POST') throw new ApiError('BAD_REQUEST', '接口只接受 POST 请求');
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new ApiError('BAD_REQUEST', '请求格式应为 JSON');
  if (req.headers[CSRF_HEADER] !== '1') throw new ApiError('FORBIDDEN', '请求缺少来源校验头,已拒绝');
  const spec = isCommandName(name) ? contract[name] : undefined;
  const limit = spec && ('upload' in spec || 'bulk' in spec) ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
  const raw = await readBody(req, limit);
  let input: unknown;
  try {
    input = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError('BAD_REQUEST', '请求内容不是有效的 JSON');
  }
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  const outcome = await dispatch(name, input, token, caller);
  const headers: Record<string, string> = {};
  if (outcome.token !== undefined) headers['Set-Cookie'] = sessionCookie(outcome.token, secureCookie);
  send(res, outcome.result.ok ? 200 : statusOf[outcome.result.error.code], outcome.result, headers);
}

function sessionCookie(token: string | null, secure: boolean): string {
  const attrs = `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  return token === null ? `${SESSION_COOKIE}=; ${attrs}; Max-Age=0` : `${SESSION_COOKIE}=${token}; ${attrs}`;
}

/**
 * index.html with the answers to the start-up queries (common/preloaded.ts) for this request's
 * cookie, so the first screen needs no round trip. Not stored by any cache: it says who is signed in.
 * Should a query fail outright, the page goes without answers and the renderer asks over the API.
 */
async function sendIndex(req: http.IncomingMessage, res: http.ServerResponse, file: string, dispatch: Dispatcher, secureCookie: boolean): Promise<void> {
  const html = await fs.promises.readFile(file, 'utf8');
  const headers: Record<string, string> = { ...securityHeaders, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
  let page = html;
  try {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const answers: Record<string, ApiResult<unknown>> = {};
    for (const command of preloadedCommands) {
      const outcome = await dispatch(command, {}, token, { local: isLoopbackAddress(req.socket.remoteAddress) });
      answers[command] = outcome.result;
      if (outcome.token !== undefined) headers['Set-Cookie'] = sessionCookie(outcome.token, secureCookie);
    }
    const element = `<script type="application/json" id="${PRELOADED_ANSWERS_ID}">${jsonForScriptElement(answers)}</script>`;
    page = html.replace('</head>', `  ${element}\n  </head>`);
  } catch {
    delete headers['Set-Cookie'];
  }
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : page);
}

function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, staticDir: string, dispatch: Dispatcher, secureCookie: boolean): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, securityHeaders).end();
    return;
  }
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    res.writeHead(400, securityHeaders).end();
    return;
  }
  const root = path.resolve(staticDir);
  let file = path.resolve(root, `.${urlPath}`);
  if (!file.startsWith(root + path.sep) && file !== root) {
    res.writeHead(404, securityHeaders).end();
    return;
  }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' }).end('界面尚未构建:请先运行 npm run build');
    return;
  }
  if (file === path.join(root, 'index.html')) {
    sendIndex(req, res, file, dispatch, secureCookie).catch(() => {
      if (!res.headersSent) res.writeHead(500, securityHeaders);
      res.end();
    });
    return;
  }
  const type = staticTypes[path.extname(file)] ?? 'application/octet-stream';
  // Hashed asset names may be cached for good; index.html must always be fresh.
  const cache = file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': cache });
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
}

export function createWebServer(options: WebServerOptions): http.Server {
  // The session cookie goes only over HTTPS once there is HTTPS.
  const secureCookie = !!options.tls;
  const scheme = options.tls ? 'https' : 'http';
  const allowed = new Set([...LOOPBACK_NAMES, ...(options.hostNames ?? []).map((n) => hostNameOf(n) ?? n.toLowerCase())]);
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const problem = originProblem(req, allowed, scheme);
    if (problem) {
      sendError(res, new ApiError('FORBIDDEN', problem));
      return;
    }
    if (options.route?.(req, res)) return;
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      const raw = url.slice('/api/'.length).split('?')[0] ?? '';
      handleApi(req, res, raw, options.dispatch, secureCookie).catch((e: unknown) => {
        sendError(res, e instanceof ApiError ? e : new ApiError('INTERNAL', '系统内部错误,操作未完成'));
      });
      return;
    }
    if (options.staticDir) serveStatic(req, res, options.staticDir, options.dispatch, secureCookie);
    else res.writeHead(404, securityHeaders).end();
  };
  if (!options.tls) return http.createServer(handler);
  // No Strict-Transport-Security: with a certificate nobody signed, a browser would then refuse to
  // let the user accept it after comparing its fingerprint.
  return https.createServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, handler);
}

/** Listens; plain HTTP only on a loopback address (anything else must be the HTTPS server). */
export function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<string> {
  const secure = server instanceof https.Server;
  if (!secure && !LOOPBACK_NAMES.includes(host) && !isLoopbackAddress(host)) {
    return Promise.reject(new ApiError('FORBIDDEN', '未加密的 HTTP 只能在本机 127.0.0.1 上提供;局域网访问须使用 HTTPS(--lan)'));
  }
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
    });
  });
}
