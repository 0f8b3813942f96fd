import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp } from './support/app-harness';
import type { RunningApp } from './support/app-harness';
import { CLEAR_MARKS, FOCUSED, SCROLL_TO, TO_TOP, UNREACHED } from './support/focus';
import { openSection, prepareShots, shot } from './support/page-helpers';

// Issue 13 item 9: every action is reachable with Tab, and each shows where the focus is. For each page, Tab is
// pressed until the focus comes back round; each stop is photographed focused and again with the focus taken away
// (the same box, 4 px wider for an outline) and again with no focus: the two must differ, or the focus is invisible there. Then no visible
// interactive element may be left that Tab never reached. Screenshots: test-results/screenshots/keyboard-*.png.

interface Stop {
  name: string;
  tag: string;
  x: number;
  y: number;
  width: number;
  height: number;
  scrollTop: number;
}

/**
 * Tab through the page until the focus comes round again, photographing each stop; then, with no focus anywhere,
 * photograph the same boxes at the same scroll position. The stops in order, and those whose focus changed no pixel.
 */
async function tabThrough(page: Page, section: string, limit = 150): Promise<{ stops: Stop[]; invisible: string[] }> {
  await page.evaluate(CLEAR_MARKS);
  await page.evaluate(TO_TOP);
  const stops: Stop[] = [];
  const focused: Buffer[] = [];
  const seen = new Set<string>();
  let first: string | undefined;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate<Stop | null>(FOCUSED);
    if (!stop) continue;
    const key = `${stop.name}@${Math.round(stop.x)},${Math.round(stop.y + stop.scrollTop)}`;
    // Round when the first stop comes back; a repeat elsewhere (a live Ports row moved under the focus) is skipped.
    if (seen.has(key)) {
      if (key === first) break;
      continue;
    }
    first ??= key;
    seen.add(key);
    stops.push(stop);
    if (stops.length === 6 || stops.length === 12) await shot(page, `keyboard-${section}-${stops.length}.png`);
    focused.push(await page.screenshot({ clip: around(stop), animations: 'disabled' }));
  }
  await page.evaluate(TO_TOP);
  const invisible: string[] = [];
  for (const [i, stop] of stops.entries()) {
    await page.evaluate(SCROLL_TO(stop.scrollTop));
    const plain = await page.screenshot({ clip: around(stop), animations: 'disabled' });
    if (plain.equals(focused[i] ?? Buffer.alloc(0))) invisible.push(stop.name);
  }
  return { stops, invisible };
}

/** The element's box, 4 px wider each side (an outline may sit outside it), kept inside the page. */
function around(stop: Stop): { x: number; y: number; width: number; height: number } {
  return {
    x: Math.max(0, stop.x - 4),
    y: Math.max(0, stop.y - 4),
    width: Math.max(1, stop.width + 8),
    height: Math.max(1, stop.height + 8),
  };
}

describe('keyboard (Debian Chromium over the loopback bridge)', { timeout: 240_000 }, () => {
  let app: RunningApp;
  beforeAll(async () => {
    await prepareShots();
    app = await startApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Each page, and the states with more actions: the wizard after a check, the ports explorer's charts. */
  const PAGES: { name: string; section: 'diagnose' | 'ports' | 'firewall' | 'reports'; prepare?: (page: Page) => Promise<void> }[] = [
    { name: 'diagnose', section: 'diagnose' },
    {
      name: 'diagnose-checked',
      section: 'diagnose',
      prepare: async (page) => {
        // The bridge's own port: it listens (on 127.0.0.1 only) for the whole test.
        await page.getByTestId('port-input').fill(String(app.bridge.port));
        await page.getByRole('button', { name: 'Check', exact: true }).click();
        await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
      },
    },
    { name: 'ports', section: 'ports' },
    { name: 'ports-charts', section: 'ports', prepare: (page) => page.getByTestId('ports-tab-charts').click() },
    { name: 'firewall', section: 'firewall' },
    { name: 'reports', section: 'reports' },
  ];

  it.each(PAGES)('$name: every action reached by Tab, each with a visible focus', async ({ name, section, prepare }) => {
    const { page } = app;
    await openSection(page, section);
    await prepare?.(page);
    await page.waitForTimeout(500);
    const { stops, invisible } = await tabThrough(page, name);
    expect(stops.length).toBeGreaterThan(5);
    expect(invisible).toEqual([]);
    expect(await page.evaluate<string[]>(UNREACHED)).toEqual([]);
  });
});
