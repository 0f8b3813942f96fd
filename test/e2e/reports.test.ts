import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from './support/app-harness';
import type { RunningApp } from './support/app-harness';
import { PWNED } from './support/in-page';
import { expected, openSection, prepareShots, shot } from './support/page-helpers';
import { windowsBundle } from './support/report-fixtures';

const HOSTILE_HOST = '<img src=x onerror="window.__pwned=1">';

describe('opening report files (untrusted input)', () => {
  let app: RunningApp;
  let files: string;

  beforeAll(async () => {
    await prepareShots();
    files = await mkdtemp(join(tmpdir(), 'pd-e2e-files-'));
    app = await startApp();
    await openSection(app.page, 'reports');
  });
  afterAll(async () => {
    await app?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  it('opens a report and shows where and when it was recorded', async () => {
    const { page } = app;
    const file = join(files, 'win-srv01.portdoctor.json');
    await writeFile(file, JSON.stringify(windowsBundle('WIN-SRV01')));
    await page.getByTestId('report-file').setInputFiles(file);
    await page.getByTestId('report-card').waitFor();
    expect(await page.getByTestId('report-host').textContent()).toBe('WIN-SRV01');
    expect(await page.getByTestId('report-platform').textContent()).toBe('Windows 10.0.20348 x64');
    expect(await page.getByTestId('report-sources').textContent()).toBe('3');
    expect(await page.getByTestId('report-target').textContent()).toBe('8080/tcp');
    const note = await page.getByTestId('report-replay-note').textContent();
    expect(note).toContain('Report from WIN-SRV01');
    expect(note).toContain('nothing here runs on this machine');
    await shot(page, 'section-reports.png');
  });

  it('shows a hostile host name as text and never runs it', async () => {
    const { page } = app;
    const file = join(files, 'hostile.portdoctor.json');
    await writeFile(file, JSON.stringify(windowsBundle(HOSTILE_HOST)));
    await page.getByTestId('report-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('report-host').textContent()).toBe(HOSTILE_HOST);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(PWNED)).toBeUndefined();
    await shot(page, 'report-hostile.png');
  });

  it('refuses a file that is not a report bundle, and one that is not JSON', async () => {
    const { page } = app;
    const notOurs = join(files, 'package.json');
    await writeFile(notOurs, JSON.stringify({ name: 'something-else', version: '1.0.0' }));
    await page.getByTestId('report-file').setInputFiles(notOurs);
    await page.getByTestId('report-refused').waitFor();
    expect(await page.getByTestId('report-refused').textContent()).toContain('not a PortDoctor report bundle');
    expect(await page.getByTestId('report-card').count()).toBe(0);
    const garbage = join(files, 'garbage.portdoctor.json');
    await writeFile(garbage, '<script>window.__pwned=2</script>');
    await page.getByTestId('report-file').setInputFiles(garbage);
    await expect.poll(() => page.getByTestId('report-refused').textContent()).toContain('report is not JSON');
    expect(await page.evaluate(PWNED)).toBeUndefined();
    await shot(page, 'report-refused.png');
  });

  it('printed no console errors or exceptions', () => {
    expect(app.pageErrors).toEqual([]);
  });
});

describe('replaying a report over the bridge', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ replay: windowsBundle('WIN-SRV01') });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the replay banner with the recorded host and the host line of the report', async () => {
    const { page } = app;
    const banner = page.getByTestId('replay-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Report from WIN-SRV01');
    expect(await banner.textContent()).toContain('nothing here runs on this machine');
    expect(await page.getByTestId('host-line').textContent()).toContain('Windows');
    // The badge tells how the report's machine ran, not this one.
    expect(await page.getByTestId('elevation-badge').textContent()).toBe('Recorded as administrator');
    await shot(page, 'shell-replay.png');
  });

  it("judges the report's recorded outputs, not this machine, and shows exactly the handler's answer", async () => {
    const { page } = app;
    await page.getByTestId('port-input').fill('8080');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const want = await expected(app, 'diagnose:check-port', { port: 8080 });
    if (want.kind === 'unavailable') {
      await page.getByTestId('unavailable').waitFor();
      expect(await page.getByTestId('unavailable').textContent()).toContain(want.detail);
    } else {
      const report = want.data as { verdict: { cause: string }; steps: { id: string; status: string }[]; host?: { platform: string } };
      expect(report.host?.platform ?? 'win32').toBe('win32');
      await page.getByTestId('verdict').waitFor();
      expect(await page.getByTestId('verdict').getAttribute('data-cause')).toBe(report.verdict.cause);
      for (const step of report.steps) expect(await page.getByTestId(`step-${step.id}`).getAttribute('data-status')).toBe(step.status);
    }
    await shot(page, 'replay-diagnose.png');
  });
});
