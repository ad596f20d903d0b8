#!/usr/bin/env node
// The benchmark's first-screen measurement, in a process of its own so that Playwright's driver is
// not counted in the memory of the app's process: opens the URL in Debian's Chromium (a fresh
// context each time), waits until the login page's title is visible, and prints the times (ms) as
// JSON. Usage: node build/scripts/first-screen.cjs <url> [runs]
'use strict';
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

async function main() {
  const [url, runs = '5'] = process.argv.slice(2);
  if (!url) throw new Error('usage: first-screen.cjs <url> [runs]');
  const { chromium } = require('@playwright/test');
  const executablePath = fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  // The flags the project's browser tests use, and no omnibox popup: in a fresh context Chromium
  // starts a renderer for its own address-bar popup that competes with the page for the two cores.
  // It is browser chrome, not the app (the desktop window has no address bar at all).
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup'],
  });
  const times = [];
  try {
    for (let i = 0; i < Number(runs); i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(url);
      await page.getByText('建设工程现场用户统一登录').waitFor();
      times.push(performance.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`${JSON.stringify(times)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e && e.message ? e.message : String(e)}\n`);
  process.exit(1);
});
