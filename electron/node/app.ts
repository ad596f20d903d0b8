// The main side of the app, with no window: open a data folder and serve the contract from it.
// Electron's main process, web mode and the command line all start here.
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../db/open';
import { createDispatcher, type Dispatcher } from '../api/dispatch';
import { createServices, systemClock, type Clock, type Services } from '../services/context';
import { redact } from '../common/redact';

export interface App {
  services: Services;
  dispatch: Dispatcher;
  close(): void;
}

export function openApp(dataDir: string, options: { clock?: Clock; log?: (line: string) => void; nativeBinding?: string } = {}): App {
  const store = openStore(path.resolve(dataDir), { nativeBinding: options.nativeBinding });
  const services = createServices(store, options.clock ?? systemClock);
  const log = options.log ?? ((line: string) => console.error(redact(line)));
  return { services, dispatch: createDispatcher(services, log), close: () => store.close() };
}

/** The root of the installed app (where package.json and dist/ are), from a bundle or from sources. */
export function appRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function rendererDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}

/** The data folder Electron would use as userData, so that web mode and the window share it. */
export function defaultDataDir(): string {
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '.';
  const base = process.platform === 'win32'
    ? process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming')
    : process.platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support')
      : process.env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  return path.join(base, 'siteoffice');
}
