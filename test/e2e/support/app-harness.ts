import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { Bundle } from '../../../shared/bundle/schema';
import { createServices } from '../../../electron/app/services';
import { startBridge } from '../../../electron/bridge/server';
import type { Bridge } from '../../../electron/bridge/server';
import { createHandlers } from '../../../electron/handlers';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import type { HandlerTable, Services } from '../../../electron/handlers/types';

export { CHROMIUM, CHROMIUM_ARGS };

/** The built renderer the bridge serves; PORTDOCTOR_E2E_RENDERER overrides it (a private build while others rebuild dist/). */
export function builtRendererDir(): string {
  const dir = resolve(process.env.PORTDOCTOR_E2E_RENDERER ?? 'dist/renderer');
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`no built renderer at ${dir}: run "node scripts/build.mjs" before the e2e tests`);
  }
  return dir;
}

/** A running app: the bridge on loopback, Chromium with one page on it, and what the page printed as errors. */
export interface RunningApp {
  bridge: Bridge;
  browser: Browser;
  page: Page;
  table: HandlerTable;
  services: Services;
  /** Console errors and uncaught exceptions (CSP violations land here too). */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Start the bridge in-process on the built renderer (live, or replaying a bundle), launch Chromium and open the app. */
export async function startApp(options: { replay?: Bundle } = {}): Promise<RunningApp> {
  const staticDir = builtRendererDir();
  const home = await mkdtemp(join(tmpdir(), 'pd-e2e-home-'));
  const table = createHandlers();
  const services = createServices({ ...(options.replay ? { replay: options.replay } : {}), dataDir: join(home, 'data') });
  const cleanups: (() => Promise<unknown>)[] = [() => rm(home, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const bridge = await startBridge({ table, services, staticDir });
    cleanups.push(() => bridge.close());
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
      timeout: 30_000,
    });
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', colorScheme: 'light' });
    const pageErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(bridge.url);
    return { bridge, browser, page, table, services, pageErrors, close };
  } catch (e) {
    await close();
    throw e;
  }
}
