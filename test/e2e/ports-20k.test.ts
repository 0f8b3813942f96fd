import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPortsList } from '../../scripts/bench/renderer';
import { startApp } from './support/app-harness';
import type { RunningApp } from './support/app-harness';
import { openSection, prepareShots, shot } from './support/page-helpers';

// The explorer on 20k sockets: the table is virtualized (the DOM holds a window of rows, not 20k), says how many
// rows it has, and the keyboard reaches the last one. The real handler is swapped for a generated answer of the
// real shape (scripts/bench/renderer.ts measures the same page on a real 20k-socket namespace).

const ROWS = '[data-testid="ports-table"] [role="row"][data-key]';

describe('ports explorer with 20k sockets', () => {
  let app: RunningApp;

  beforeAll(async () => {
    await prepareShots();
    app = await startApp();
    let tick = 0;
    app.table['ports:list'] = () => Promise.resolve({ kind: 'ok', data: syntheticPortsList(20_000, tick++) });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps far fewer than 20k rows in the DOM and scrolls to the last one', async () => {
    const { page } = app;
    await openSection(page, 'ports');
    const table = page.getByTestId('ports-table');
    await table.waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await table.getAttribute('data-virtual')).toBe('true');
    const total = Number(await table.getAttribute('aria-rowcount')) - 1;
    expect(total).toBeGreaterThanOrEqual(20_000);
    await expect.poll(() => page.getByTestId('ports-count').textContent()).toBe(`${total} sockets`);
    const inDom = await page.locator(ROWS).count();
    expect(inDom).toBeGreaterThan(10);
    expect(inDom).toBeLessThan(100);
    // Listeners come first: the first row is the lowest listening port.
    expect(await page.locator(ROWS).first().getAttribute('data-key')).toBe('tcp4|0.0.0.0|22|0.0.0.0|0');
    await shot(page, 'ports-explorer-20k.png');
    // Keyboard: the row area takes focus and End scrolls to the bottom.
    await page.getByRole('rowgroup', { name: 'Socket rows (scroll with the arrow keys)' }).focus();
    await page.keyboard.press('End');
    const last = page.locator(`${ROWS}[aria-rowindex="${total + 1}"]`);
    await last.waitFor({ timeout: 5000 });
    expect(await page.locator(ROWS).count()).toBeLessThan(100);
    await shot(page, 'ports-explorer-20k-end.png');
  });

  it('filters 20k rows by port as the user types', async () => {
    const { page } = app;
    await page.getByTestId('ports-search').fill('5432');
    await expect.poll(() => page.getByTestId('ports-count').textContent()).toMatch(/^\d+ of \d+ sockets shown$/);
    const keys = await Promise.all((await page.locator(ROWS).all()).map((r) => r.getAttribute('data-key')));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(/\|5432(\||$)/);
  });
});
