// The desktop app's gate receivers: opened at start on the port 设备管理 stored (off when none),
// closed with the app. A port already taken is reported in the log, never a crash of the window.
import type http from 'node:http';
import type { Runtime } from '../../node/app';
import { storedGatePort } from '../../services/labour/gate-port';
import { createGateServer, listenGates } from './server';

export function startDesktopGates(runtime: Runtime, log: (line: string) => void = (line) => console.error(line)): http.Server | null {
  const services = runtime.services();
  const port = services ? storedGatePort(services) : null;
  if (!services || port === null) return null;
  const server = createGateServer(() => runtime.services(), log);
  listenGates(server, services, port).catch((e: unknown) => log(`闸机接收未能在端口 ${port} 开启:${(e as Error).message}`));
  return server;
}
