// The Electron window cannot start here (no Electron runtime can be downloaded), so its wiring is
// checked without it: the hardened window options, the one IPC channel served by the real
// dispatcher, and the built preload run with a stand-in for the `electron` module.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { windowOptions } from '../../electron/main/window-options';
import { registerApi, type IpcMainLike } from '../../electron/main/ipc';
import { IPC_CHANNEL } from '../../electron/common/bridge';
import { CONTENT_SECURITY_POLICY } from '../../electron/common/security';
import { MANAGER, openTestApp, PROJECT, type TestApp } from '../support/app';
import type { ApiResult } from '../../electron/common/errors';

const root = path.resolve(__dirname, '..', '..');

describe('window options', () => {
  it('isolate the renderer from Node', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('come with a CSP that allows only our own scripts', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    ipcMain: { handle: (channel: string, listener: Listener) => void handlers.set(channel, listener) } satisfies IpcMainLike,
  };
}

describe('ipc wiring', () => {
  let t: TestApp;
  afterEach(() => t?.close());

  const trusted = 'file:///app/dist/renderer/index.html';
  const frame = (url: string) => ({ senderFrame: { url } });

  it('serves the contract on one channel with the session kept in the main process', async () => {
    t = openTestApp();
    await t.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const { handlers, ipcMain } = fakeIpcMain();
    registerApi(ipcMain, t.app.dispatch, (url) => url.split('#')[0] === trusted);
    expect([...handlers.keys()]).toEqual([IPC_CHANNEL]);
    const invoke = (command: string, input: unknown, url = trusted) => handlers.get(IPC_CHANNEL)!(frame(url), command, input) as Promise<ApiResult<unknown>>;

    expect(await invoke('projects.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const signIn = await invoke('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
    expect(signIn).toMatchObject({ ok: true, value: { user: { name: MANAGER.name, role: 'manager' } } });
    // The token never reaches the renderer.
    expect(JSON.stringify(signIn)).not.toMatch(/token/i);
    const projects = await invoke('projects.list', {});
    expect(projects).toMatchObject({ ok: true, value: [{ contractNo: PROJECT.contractNo }] });
    expect(await invoke('auth.signOut', {})).toEqual({ ok: true, value: null });
    expect(await invoke('projects.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses calls from any page but the app’s own, and bad command names', async () => {
    t = openTestApp();
    const { handlers, ipcMain } = fakeIpcMain();
    registerApi(ipcMain, t.app.dispatch, (url) => url.split('#')[0] === trusted);
    const handler = handlers.get(IPC_CHANNEL)!;
    expect(await handler(frame('https://evil.example/'), 'setup.status', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handler({ senderFrame: null }, 'setup.status', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handler(frame(trusted), 42, {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await handler(frame(trusted), 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(await handler(frame(`${trusted}#/login`), 'setup.status', {})).toEqual({ ok: true, value: { initialized: false } });
  });
});

describe('the built preload', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'build', 'scripts', 'bundle-main.cjs')], { cwd: root });
  });

  it('exposes one object with one method on the one channel, and requires nothing but electron', async () => {
    const code = fs.readFileSync(path.join(root, 'dist', 'electron', 'preload.cjs'), 'utf8');
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => { exposed[key] = value; } },
      ipcRenderer: { invoke: (...args: unknown[]) => { invoked.push(args); return Promise.resolve('answer'); } },
    };
    const module = { exports: {} };
    vm.runInNewContext(code, {
      module,
      exports: module.exports,
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`preload required ${name}`);
        return electron;
      },
    });
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['siteoffice']);
    const bridge = exposed.siteoffice as { invoke: (c: string, i: unknown) => Promise<unknown> };
    expect(Object.keys(bridge)).toEqual(['invoke']);
    await expect(bridge.invoke('setup.status', {})).resolves.toBe('answer');
    expect(invoked).toEqual([[IPC_CHANNEL, 'setup.status', {}]]);
  });
});

describe('electron-builder.yml', () => {
  it('builds nsis x64 for Windows, AppImage and deb for Linux, and never rebuilds node_modules in place', async () => {
    const { parse } = await import('yaml');
    const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
      win: { target: { target: string; arch: string[] }[] };
      linux: { target: string[] };
      npmRebuild: boolean;
      files: string[];
      extraResources: { from: string; to: string }[];
    };
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'db/migrations/**']));
    expect(config.extraResources).toEqual([{ from: 'dist/electron-native/better_sqlite3.node', to: 'native/better_sqlite3.node' }]);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; allowScripts: Record<string, boolean> };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(pkg.allowScripts.electron).toBe(false);
  });
});

describe('renderer/index.html', () => {
  it('carries the same CSP as a meta tag (file:// has no headers), frame-ancestors aside', () => {
    const html = fs.readFileSync(path.join(root, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    const expected = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
    expect(meta?.[1]).toBe(expected);
  });
});

describe('navigation and windows', () => {
  const index = 'file:///app/dist/renderer/index.html';
  function fakeContents() {
    const listeners: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    return {
      contents: {
        on: (event: string, listener: (e: { preventDefault(): void }, url?: string) => void) => { listeners[event] = listener; },
        setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => { openHandler = h; },
      },
      navigate(url: string) {
        let prevented = false;
        listeners['will-navigate']!({ preventDefault: () => { prevented = true; } }, url);
        return prevented;
      },
      attachWebview() {
        let prevented = false;
        listeners['will-attach-webview']!({ preventDefault: () => { prevented = true; } });
        return prevented;
      },
      open: (url: string) => openHandler!({ url }),
    };
  }

  it('stay inside the app: other pages, new windows and webviews are blocked', async () => {
    const { hardenWebContents, denyAllPermissions } = await import('../../electron/main/harden');
    const fake = fakeContents();
    const external: string[] = [];
    hardenWebContents(fake.contents as never, index, (url) => external.push(url));
    expect(fake.navigate(`${index}#/login`)).toBe(false);
    expect(fake.navigate('https://evil.example/')).toBe(true);
    expect(fake.navigate('file:///etc/passwd')).toBe(true);
    expect(fake.open('https://zjw.sh.gov.cn/')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(fake.open('http://example.com/')).toEqual({ action: 'deny' });
    expect(external).toEqual(['https://zjw.sh.gov.cn/']);
    expect(fake.attachWebview()).toBe(true);
    let granted: boolean | undefined;
    denyAllPermissions(null, 'media', (g) => { granted = g; });
    expect(granted).toBe(false);
  });
});
