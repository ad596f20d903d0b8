// Test support for web mode: the real server in-process on a free port, and small fetch helpers.
import http from 'node:http';
import { createWebServer, listen } from '../../electron/server/http';
import { openTestApp, type TestApp } from './app';

export interface TestServer {
  t: TestApp;
  base: string;
  server: http.Server;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const t = openTestApp();
  const server = createWebServer({ dispatch: t.app.dispatch });
  const base = await listen(server, 0);
  return {
    t,
    base,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      t.close();
    },
  };
}

export const API_HEADERS = { 'Content-Type': 'application/json', 'X-Siteoffice': '1' } as const;

/** POSTs a JSON body the way the renderer's client does; `cookie` is `name=value` or null. */
export function post(base: string, command: string, body: unknown = {}, cookie: string | null = null): Promise<Response> {
  return fetch(`${base}/api/${command}`, {
    method: 'POST',
    headers: { ...API_HEADERS, ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(body),
  });
}

/** The `name=value` part of a Set-Cookie header. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(';')[0]!.trim();
}

/** A raw request with node:http, for what fetch will not send (chunked bodies, odd paths). */
export function rawRequest(base: string, options: { method: string; path: string; headers?: Record<string, string>; chunks?: Buffer[] }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}
