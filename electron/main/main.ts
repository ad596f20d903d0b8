// The Electron main process: a hardened window on the built renderer, and the contract served
// over one IPC channel. Everything else lives in the services.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import fs from 'node:fs';
import { openRuntime, appRoot, bundledReportWorker, defaultDataDir, rendererDir, type Runtime } from '../node/app';
import { useReportWorker } from '../services/reports/job-runner';
import { ApiError } from '../common/errors';
import { windowOptions } from './window-options';
import { SealedSecretStore } from '../services/security/secret-store';
import { registerApi } from './ipc';
import { denyAllPermissions, hardenWebContents, isAppUrl } from './harden';
import { startDesktopGates } from '../server/gates/desktop';

let opened: Runtime | null = null;

/** better-sqlite3 built for Electron: beside the app when packaged, in dist/ when run from sources. */
function electronNativeBinding(): string | undefined {
  const candidates = [
    path.join(process.resourcesPath, 'native', 'better_sqlite3.node'),
    path.join(appRoot(), 'dist', 'electron-native', 'better_sqlite3.node'),
  ];
  return candidates.find((file) => fs.existsSync(file));
}

function startApp(): void {
  const dataDir = process.env.SITEOFFICE_DATA_DIR ?? defaultDataDir();
  app.setPath('userData', dataDir);
  try {
    useReportWorker(bundledReportWorker());
    // The signing and audit keys, sealed by the OS key service (DPAPI, keychain, libsecret).
    opened = openRuntime(dataDir, { nativeBinding: electronNativeBinding(), secrets: (dir) => new SealedSecretStore(dir, safeStorage) });
  } catch (e) {
    dialog.showErrorBox('无法打开数据', e instanceof ApiError ? e.message : `数据文件夹 ${dataDir} 无法打开:${(e as Error).message}`);
    app.exit(1);
    return;
  }
  startDesktopGates(opened);
  const indexUrl = pathToFileURL(path.join(rendererDir(), 'index.html')).href;
  registerApi(ipcMain, opened.dispatch, (url) => isAppUrl(url, indexUrl));

  // No camera, microphone, notifications or anything else a page could ask for.
  session.defaultSession.setPermissionRequestHandler(denyAllPermissions);

  const win = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.cjs')));
  hardenWebContents(win.webContents, indexUrl, (url) => void shell.openExternal(url));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(indexUrl);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  // Any other web contents (there should be none) gets the same box.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  void app.whenReady().then(startApp);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => opened?.close());
}
