/**
 * The wizard's TCP/UDP choice on a real UDP service (issue 13 item 8): a UDP echo service in a namespace whose
 * nftables ruleset drops UDP to it; the bridge (`portdoctor web`) and Chromium run inside that namespace as in
 * wizard-lab.test.ts. Choosing UDP must reach the server's check (the request says udp, step 3 names the UDP drop
 * rule) and the client step (PortDoctor's --udp probe, no paste box); the capture is not offered. Root only; the
 * host's firewall is compared before and after.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, diffHostFirewall, labAvailable, snapshotHostFirewall } from '../lab/harness';
import type { HostFirewallSnapshot, Lab, LabProcess } from '../lab/harness';
import { CHROMIUM, CHROMIUM_ARGS } from './support/app-harness';
import { prepareShots, shot } from './support/page-helpers';
import { buildPrivateApp } from './support/private-app';

const PORT = 5353;
const CLIENT = '10.246.7.2';
const DROP = `table inet pdg {
  chain input {
    type filter hook input priority 0; policy accept;
    udp dport ${PORT} counter drop comment "pdg-udp-test"
  }
}`;
/** A UDP echo service: answers every datagram with itself. */
const ECHO = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', ${PORT}))
print('listening', flush=True)
while True:
    d, a = s.recvfrom(2048)
    s.sendto(d, a)
`;
const SKIP = labAvailable() ? '' : ' — SKIPPED: needs root and `ip netns`';

describe.skipIf(SKIP !== '')(
  `wizard: UDP on a real service (namespace pdg-*, bridge and Chromium inside)${SKIP}`,
  { timeout: 120_000 },
  () => {
    let lab: Lab;
    let before: HostFirewallSnapshot;
    let work: string;
    let bridge: LabProcess;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      await prepareShots();
      before = await snapshotHostFirewall();
      work = join(process.cwd(), 'test-results', `pdg-${process.pid}`);
      await mkdir(work, { recursive: true });
      const cliPath = await buildPrivateApp(work);
      lab = await createLab({ prefix: 'pdg-', name: 'wizard-udp' });
      const srv = await lab.namespace('srv');
      await lab.nft(srv, DROP);
      await lab.spawn(srv, ['python3', '-c', ECHO], { ready: /^listening/m });
      process.env.PORTDOCTOR_DATA_DIR = join(work, 'data');
      bridge = await lab.spawn(srv, [process.execPath, cliPath, 'web'], {
        ready: /http:\/\/127\.0\.0\.1:\d+\/\S*token=\S+/,
        readyTimeoutMs: 30_000,
      });
      const url = /http:\/\/127\.0\.0\.1:\d+\/\S*token=\S+/.exec(bridge.output())?.[0] ?? '';
      const home = await mkdtemp(join(tmpdir(), 'pdg-home-'));
      const wrapper = join(home, 'chromium-in-netns');
      await writeFile(wrapper, `#!/bin/sh\nexec /usr/sbin/ip netns exec ${srv} ${CHROMIUM} "$@"\n`);
      await chmod(wrapper, 0o755);
      browser = await chromium.launch({
        executablePath: wrapper,
        args: CHROMIUM_ARGS,
        env: { ...process.env, HOME: home },
        timeout: 30_000,
      });
      page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
      await page.goto(url);
      await page.getByTestId('port-input').waitFor();
    });

    afterAll(async () => {
      await browser?.close().catch(() => undefined);
      bridge?.kill();
      await lab?.cleanup();
      delete process.env.PORTDOCTOR_DATA_DIR;
      if (work) await rm(work, { recursive: true, force: true });
      if (before) expect(diffHostFirewall(before, await snapshotHostFirewall())).toEqual([]);
    });

    it('UDP reaches the check (step 3 names the UDP drop rule) and the client step (the --udp probe)', async () => {
      await page.getByTestId('host-input').fill('10.246.7.1');
      await page.getByTestId('port-input').fill(String(PORT));
      await page.getByTestId('source-input').fill(CLIENT);
      await page.getByLabel('UDP').check();
      const sent = page.waitForRequest('**/api/diagnose:run');
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      expect((await sent).postDataJSON()).toMatchObject({ port: PORT, protocol: 'udp', source: CLIENT });
      await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('verdict').getAttribute('data-cause')).toBe('host-firewall-drop');
      const firewall = page.getByTestId('step-firewall');
      expect(await firewall.getAttribute('data-status')).toBe('fail');
      expect(await firewall.textContent()).toContain('pdg-udp-test');
      expect(await firewall.textContent()).toContain(`UDP ${PORT}`);
      const client = page.getByTestId('client-panel');
      expect(await client.getAttribute('data-protocol')).toBe('udp');
      expect(await client.textContent()).toContain(`portdoctor probe 10.246.7.1:${PORT} --udp`);
      expect(await page.getByTestId('client-paste').count()).toBe(0);
      expect(await page.getByTestId('capture-panel').getAttribute('data-state')).toBe('udp');
      await page.getByTestId('verdict').scrollIntoViewIfNeeded();
      await shot(page, 'wizard-udp.png');
    });
  },
);
