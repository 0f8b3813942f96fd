import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/app/services';
import { checkPortHandler } from '../../electron/handlers/check-port';
import { BundleSchema } from '../../shared/bundle/schema';
import type { Bundle } from '../../shared/bundle/schema';
import { startApp } from './support/app-harness';
import type { RunningApp } from './support/app-harness';
import { NAV_SETTLED, PWNED } from './support/in-page';
import { openSection, prepareShots, shot } from './support/page-helpers';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const load = (name: string): Bundle => BundleSchema.parse(JSON.parse(readFileSync(`test/fixtures/windows-bundles/${name}`, 'utf8')));

describe('opening a real Windows report replays it in the wizard (live app, nothing runs from the report)', () => {
  let app: RunningApp;
  let files: string;

  beforeAll(async () => {
    await prepareShots();
    files = await mkdtemp(join(tmpdir(), 'pd-e2e-replay-'));
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  it('shows the replayed verdict and steps exactly as the handler judges the recording, under the banner', async () => {
    const { page } = app;
    const bundle = load('firewall-default-block.portdoctor.json');
    const want = await checkPortHandler(
      { port: 8080, protocol: 'tcp' },
      { services: createServices({ replay: bundle }), signal: new AbortController().signal },
    );
    if (want.kind !== 'ok') throw new Error(want.detail);
    const file = join(files, 'srv.portdoctor.json');
    await writeFile(file, JSON.stringify(bundle));
    await openSection(page, 'reports');
    await page.getByTestId('report-file').setInputFiles(file);
    await page.getByTestId('report-show-wizard').click();
    const banner = page.getByTestId('wizard-replay-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`Report from ${bundle.platform.hostname}`);
    expect(await page.getByTestId('verdict').getAttribute('data-cause')).toBe(want.data.verdict.cause);
    for (const step of want.data.steps) expect(await page.getByTestId(`step-${step.id}`).getAttribute('data-status')).toBe(step.status);
    expect(await page.getByTestId('hop-firewall').getAttribute('data-failing')).toBe(
      String(want.data.verdict.cause.startsWith('host-firewall')),
    );
    // Replaying: the fix is described, never offered for applying on this machine.
    expect(await page.getByTestId('fix-panel').count()).toBe(0);
    await shot(page, 'replay-wizard-windows.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(NAV_SETTLED)).toBe(true);
    await shot(page, 'replay-wizard-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('saves a Markdown summary of the replayed check with the recorded host', async () => {
    const { page } = app;
    await openSection(page, 'reports');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('summary-md').click()]);
    const md = await readFile((await download.path()) ?? '', 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.summary\.md$/);
    expect(md).toContain('# PortDoctor report: port 8080/tcp on');
    expect(md).toContain('## Verdict:');
  });

  it('a report with script in its texts opens as text: nothing runs, nothing is rendered as HTML', async () => {
    const { page } = app;
    const bundle = load('firewall-default-block.portdoctor.json');
    bundle.platform.hostname = HOSTILE;
    bundle.verdict = { cause: 'ok', summary: HOSTILE, fixes: [{ id: 'x', kind: 'guided', title: HOSTILE, commands: [HOSTILE] }] };
    const file = join(files, 'hostile.portdoctor.json');
    await writeFile(file, JSON.stringify(bundle));
    await openSection(page, 'reports');
    await page.getByTestId('report-file').setInputFiles(file);
    await page.getByTestId('report-show-wizard').click();
    await expect.poll(() => page.getByTestId('wizard-replay-banner').textContent()).toContain(HOSTILE);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(PWNED)).toBeUndefined();
    await page.getByRole('button', { name: 'Leave the report' }).click();
    await page.getByTestId('port-input').waitFor();
  });

  it('printed no console errors or exceptions', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
