#!/usr/bin/env node
// Launches a packaged PortDoctor app and saves a screenshot of its first window (release workflow, real runners).
// Usage: node scripts/release/screenshot-app.mjs <app executable> <out.png>
// Playwright drives it over Chromium's DevTools protocol (`--remote-debugging-port`). Playwright's `_electron.launch`
// cannot attach to the packaged app: it needs the Node inspector (`--inspect=0`), which the packaged app's fuses
// switch off on purpose (EnableNodeCliInspectArguments, RunAsNode: electron-builder.json `electronFuses`).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

const [exe, out] = process.argv.slice(2);
if (!exe || !out) {
  process.stderr.write('usage: node scripts/release/screenshot-app.mjs <app executable> <out.png>\n');
  process.exit(2);
}

/** A free loopback port for the DevTools endpoint. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

const port = await freePort();
const app = spawn(exe, [`--remote-debugging-port=${port}`], { stdio: ['ignore', 'inherit', 'inherit'] });
let exited = null;
app.on('exit', (code, signal) => (exited = `exited (${code ?? signal}) before its window was seen`));
app.on('error', (e) => (exited = `could not start: ${e.message}`));

try {
  // The endpoint answers once Chromium is up; the app's window follows.
  const deadline = Date.now() + 90_000;
  let browser = null;
  while (!browser) {
    if (exited) throw new Error(exited);
    if (Date.now() > deadline) throw new Error('no DevTools endpoint within 90 s');
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 5_000 }).catch(() => null);
    if (!browser) await new Promise((r) => setTimeout(r, 1_000));
  }
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = context.pages().find((p) => !p.url().startsWith('devtools:')) ?? (await context.waitForEvent('page', { timeout: 60_000 }));
  await page.waitForLoadState('load');
  // The renderer has drawn something (React mounted into #root).
  await page.locator('#root > *').first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: out });
  process.stdout.write(`${exe}: first window ${page.url()} "${await page.title()}" -> ${out}\n`);
  await browser.close();
} finally {
  app.kill();
}
