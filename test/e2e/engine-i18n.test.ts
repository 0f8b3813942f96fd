import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleSchema } from '../../shared/bundle/schema';
import { startApp } from './support/app-harness';
import type { RunningApp } from './support/app-harness';
import { openSection, prepareShots, shot } from './support/page-helpers';

// A real bundle recorded by `collect` in a lab namespace: nftables rejects TCP 8080 with a reset.
const BUNDLE = 'test/unit/electron/probes/linux/fixtures/nft-reject.portdoctor.json';

describe('engine texts in the Diagnose page follow the UI language', () => {
  let app: RunningApp;
  let files: string;

  beforeAll(async () => {
    await prepareShots();
    files = await mkdtemp(join(tmpdir(), 'pdi-e2e-engine-'));
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  it('shows the verdict summary, step summaries, evidence and fixes in Chinese, and back in English', async () => {
    const { page } = app;
    const file = join(files, 'nft-reject.portdoctor.json');
    await writeFile(file, JSON.stringify(BundleSchema.parse(JSON.parse(readFileSync(BUNDLE, 'utf8')))));
    await openSection(page, 'reports');
    await page.getByTestId('report-file').setInputFiles(file);
    await page.getByTestId('report-show-wizard').click();
    // The verdict leads with its proof, the deciding rule (issue 13 item 1), not with its title said again.
    const proof = page.getByTestId('verdict-proof');
    await proof.waitFor();
    expect(await page.getByTestId('verdict').getAttribute('data-cause')).toBe('host-firewall-reject');
    expect(await proof.textContent()).toContain(
      'nftables rule `tcp dport 8080 reject with tcp reset` (table inet pdlab, chain input, handle 2)',
    );

    await page.getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: '简体中文' }).click();
    await expect
      .poll(() => proof.textContent())
      .toContain('nftables 规则 `tcp dport 8080 reject with tcp reset`（table inet pdlab, chain input, handle 2）');
    const firewall = await page.getByTestId('step-firewall').textContent();
    expect(firewall).toContain('nftables 拒绝来自其他网络（以 203.0.113.10 为代表）的 TCP 8080');
    // The rule text is shown as it is, inside the Chinese sentence.
    expect(firewall).toContain(
      'nftables 规则 `tcp dport 8080 reject with tcp reset`（table inet pdlab, chain input, handle 2）以 tcp reset 拒绝该数据包。',
    );
    expect(await page.getByTestId('step-binding').textContent()).toContain('来自其他网络的 IPv4 客户端可以访问');
    expect(await page.getByTestId('fix-allow-port').textContent()).toContain('在当前生效的防火墙中放行来自 <client-cidr> 的 8080/tcp');
    expect(await page.getByTestId('verdict').textContent()).not.toContain('The host firewall');
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'engine-zh-CN.png');
    await page.getByTestId('step-firewall').scrollIntoViewIfNeeded();
    await shot(page, 'engine-zh-CN-steps.png');

    await page.getByRole('combobox', { name: '语言' }).click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect.poll(() => proof.textContent()).toContain('nftables rule `tcp dport 8080 reject with tcp reset`');
    expect(app.pageErrors).toEqual([]);
  });
});
