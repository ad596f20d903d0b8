// Each test gets its own web-mode server (the real CLI, `siteoffice serve --port 0`) on a fresh
// data folder, so tests never see each other's data.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface Server {
  url: string;
  dataDir: string;
}

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'electron', 'cli', 'siteoffice.cjs');

export function startServer(dataDir: string, extraArgs: string[] = []): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], { cwd: root });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}${err}`)), 15000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[0], output: () => out });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
}

/** A web-mode server with the gate receivers on (`--gate-port 0`), and the port they listen on. */
export async function startGatedServer(dataDir: string): Promise<{ child: ChildProcess; url: string; gatePort: number }> {
  const { child, url, output } = await startServer(dataDir, ['--gate-port', '0']);
  await expect.poll(() => /端口 (\d+)/.test(output())).toBe(true);
  return { child, url, gatePort: Number(/端口 (\d+)/.exec(output())![1]) };
}

export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const test = base.extend<{ server: Server; seeded: Server }>({
  server: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-e2e-'));
    const { child, url } = await startServer(dataDir);
    await use({ url, dataDir });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
  /** A server on a data folder filled by `siteoffice demo` (project 测试4444, the manager below). */
  seeded: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-e2e-'));
    const demo = runCli(['demo', '--data-dir', dataDir, '--user', DEMO_USER.idNumber, '--password', DEMO_USER.password]);
    if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
    const { child, url } = await startServer(dataDir);
    await use({ url, dataDir });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

export const DEMO_USER = { idNumber: '11010519491231002X', password: 'pw123456' };

/** Signs in on the 登录 screen and enters the first contract. */
export async function signInAndEnter(page: Page, server: Server, user = DEMO_USER): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByText('建设工程现场用户统一登录')).toBeVisible();
  await page.locator('input[name=idNumber]').fill(user.idNumber);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('合同基本信息')).toBeVisible();
  await page.getByRole('button', { name: '进入' }).first().click();
  await expect(page.locator('[data-test=current-project]')).toBeVisible();
}

/** Picks an option of the Element Plus select inside the form item labelled `label`. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.locator('.el-form-item', { hasText: label }).locator('.el-select').first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

export { expect };

/** Picks 出发地 in an OriginPicker inside `scope`, waiting for the city list to open up. */
export async function pickOrigin(page: Page, scope: ReturnType<Page['locator']>, province: string, city: string): Promise<void> {
  await scope.locator('[data-test=origin-province]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${province}$`) }).click();
  await expect(scope.locator('[data-test=origin-province]')).toContainText(province);
  await expect(scope.locator('[data-test=origin-city] .el-select__wrapper')).not.toHaveClass(/is-disabled/);
  await scope.locator('[data-test=origin-city]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${city}$`) }).click();
  await expect(scope.locator('[data-test=origin-city]')).toContainText(city);
}

/** A menu item inside the sub-menu titled `group` (the labour modules have items of the same name). */
export function menuItem(page: Page, group: string, item: string) {
  return page.locator('.el-sub-menu', { has: page.locator('.el-sub-menu__title', { hasText: group }) }).getByRole('menuitem', { name: item, exact: true });
}
