import fs from 'node:fs';
import { defineConfig } from '@playwright/test';
import { missingToolMessage } from './tests/support/tools';

// Debian's Chromium (CI installs it: Playwright cannot download browsers there). Without it, CI fails
// at once saying so; a developer elsewhere may use a browser Playwright downloaded itself.
const debianChromium = '/usr/bin/chromium';
if (!fs.existsSync(debianChromium) && process.env.CI) throw new Error(missingToolMessage('chromium'));

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Each test is a whole user journey; on a busy 2-core machine some take close to a minute.
  timeout: 180000,
  expect: { timeout: 10000 },
  reporter: [['list']],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 860 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: fs.existsSync(debianChromium) ? debianChromium : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
