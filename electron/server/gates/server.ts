// The gate receivers: a plain-HTTP server of its own for the site LAN (siteoffice serve --gate-port,
// or the desktop app), apart from the app's API. Each vendor's protocol is one file; each hands
// plain punches to services/labour/gate-intake.ts. No session, no cookie: a device is admitted by
// its serial number registered in 设备管理.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Services } from '../../services/context';
import { noteGatePort } from '../../services/labour/gate-port';
import { ApiError } from '../../common/errors';
import { reply, type GateContext } from './common';
import { handleZkteco } from './zkteco';
import { handleHikvision } from './hikvision';
import { handleUface } from './uface';

type Route = (ctx: GateContext) => Promise<void>;

const routes: Record<string, Route> = {
  '/iclock/cdata': (ctx) => handleZkteco(ctx, 'cdata'),
  '/iclock/getrequest': (ctx) => handleZkteco(ctx, 'getrequest'),
  '/iclock/devicecmd': (ctx) => handleZkteco(ctx, 'devicecmd'),
  '/hikvision/event': handleHikvision,
  '/uface/callback': handleUface,
};

/**
 * `services` is asked on every request: a backup restored in the app replaces them, and while the
 * database is being recovered there are none (the device is told to come back later).
 */
export function createGateServer(services: Services | (() => Services | null), log: (line: string) => void = () => {}): http.Server {
  const current = typeof services === 'function' ? services : () => services;
  const server = http.createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://gate');
    } catch {
      reply(res, 400, 'bad url');
      return;
    }
    const route = routes[url.pathname];
    if (!route) {
      reply(res, 404, 'not found');
      return;
    }
    const s = current();
    if (!s) {
      reply(res, 503, 'ERROR: database recovery');
      return;
    }
    const remote = req.socket.remoteAddress ?? '';
    route({ services: s, req, res, url, remote, log }).catch((e: unknown) => {
      if (res.headersSent) return;
      if (e instanceof ApiError && e.code === 'PAYLOAD_TOO_LARGE') {
        reply(res, 413, 'too large');
        return;
      }
      // Not stored (a full disk, say): an error makes the device send the punches again later.
      log(`gate ${url.pathname}: ${(e as Error).stack ?? String(e)}`);
      reply(res, 500, 'ERROR');
    });
  });
  // Gates keep their connection open between pushes.
  server.keepAliveTimeout = 30_000;
  return server;
}

/** Listens on the port (0: any free one) on every interface of the site LAN; resolves to the port. */
export function listenGates(server: http.Server, services: Services, port: number, host = '0.0.0.0'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const taken = (server.address() as AddressInfo).port;
      noteGatePort(services, taken);
      server.once('close', () => noteGatePort(services, null));
      resolve(taken);
    });
  });
}
