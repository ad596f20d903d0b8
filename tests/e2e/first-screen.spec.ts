// The first screen is chosen from the answers web mode writes into index.html: no API round trip
// before 初始化 or 登录 shows, and a reload puts a signed-in user back where they were.
import type { Page } from '@playwright/test';
import { test, expect, signInAndEnter } from './fixtures';

/** The paths of the API requests the page makes from now on. */
function recordApiCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) calls.push(pathname.slice('/api/'.length));
  });
  return calls;
}

test('初始化 on an empty data folder, without an API round trip', async ({ page, server }) => {
  const calls = recordApiCalls(page);
  await page.goto(server.url);
  await expect(page.getByText('首次使用:创建项目和项目负责人账号')).toBeVisible();
  expect(calls).toEqual([]);
});

test('登录 without an API round trip; a reload keeps the signed-in user in their project', async ({ page, seeded }) => {
  const calls = recordApiCalls(page);
  await page.goto(seeded.url);
  await expect(page.getByText('建设工程现场用户统一登录')).toBeVisible();
  await expect(page.locator('input[name=idNumber]')).toBeVisible();
  expect(calls).toEqual([]);

  await signInAndEnter(page, seeded);
  calls.length = 0;
  await page.reload();
  await expect(page.locator('[data-test=current-project]')).toBeVisible();
  expect(calls).not.toContain('setup.status');
  expect(calls).not.toContain('auth.me');
});
