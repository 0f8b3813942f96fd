import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { dispatchCall } from '../../../electron/ipc/dispatch';
import type { Result } from '../../../shared/schemas/common';
import type { RunningApp } from './app-harness';

/** Where the smoke tests save their screenshots (looked at by people, not compared by the tests). */
export const SHOTS = 'test-results/screenshots';

/** Make the screenshot folder. */
export async function prepareShots(): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
}

/** A promise the test resolves by hand (to hold a response back). */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Save a screenshot of the page under SHOTS. */
export async function shot(page: Page, name: string): Promise<void> {
  // Finished transitions, so a screenshot shows the settled page rather than a colour halfway through a fade.
  await page.screenshot({ path: join(SHOTS, name), animations: 'disabled' });
}

/** Open a section from the navigation and wait for its page. */
export async function openSection(page: Page, id: 'diagnose' | 'ports' | 'firewall' | 'reports'): Promise<void> {
  await page.getByTestId(`nav-${id}`).click();
  await page.getByTestId(`page-${id}`).waitFor();
}

/** What the real handler answers for a call, to hold the page to it (the page must show exactly that). */
export async function expected(
  app: RunningApp,
  channel: 'diagnose:check-port' | 'diagnose:probe' | 'ports:list' | 'firewall:status' | 'firewall:plan-fix',
  request: unknown,
): Promise<Result<unknown>> {
  const envelope = await dispatchCall(app.table, app.services, channel, request, new AbortController().signal, () => undefined);
  if (!envelope.ok) throw new Error(envelope.error);
  return envelope.value as Result<unknown>;
}
