/**
 * The wizard's "a server over SSH" on a real network: the app (the bridge, `portdoctor web`) and Chromium run in the
 * client namespace, a real OpenSSH server runs in the server namespace (test/lab/support/sshd.ts) whose nftables drops
 * the port. Through the page: an unknown host key shown with its fingerprint and trusted → the server's verdict
 * naming the rule and the client address it saw; the fix applied over SSH (the client connects), undone (blocked
 * again, the server's ruleset byte-identical); a changed host key refused with nothing run; a password login whose
 * password is afterwards in no file under the app's home, data folder or this test's folder. Root only.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, diffHostFirewall, labAvailable, snapshotHostFirewall } from '../lab/harness';
import type { HostFirewallSnapshot, Lab, LabProcess } from '../lab/harness';
import { LAB_USER, serverBinary, startSshd } from '../lab/support/sshd';
import type { LabSshd } from '../lab/support/sshd';
import { CHROMIUM, CHROMIUM_ARGS } from './support/chromium';
import { prepareShots, shot } from './support/page-helpers';
import { buildPrivateApp } from './support/private-app';

const SRV = '10.248.1.1';
const CLI = '10.248.1.2';
const PORT = 8080;
const RULES = `table inet pds {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 22 accept
    ip saddr 10.248.1.0/24 tcp dport ${PORT} counter drop comment "pds-test"
    tcp dport 9090 drop
  }
}`;
// Random per run, so finding it anywhere afterwards can only mean it was written there.
const PASSWORD = `pd-${randomBytes(12).toString('base64url')}`;

/** Every regular file under a folder (symbolic links not followed). */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const ours = async () => (await readdir('/tmp')).filter((f) => f.startsWith('portdoctor.'));

const SKIP = labAvailable() ? '' : ' — SKIPPED: needs root and `ip netns`';

describe.skipIf(SKIP !== '')(
  `wizard: a server over SSH (namespaces pds-*, app and Chromium in the client one, sshd in the server one)${SKIP}`,
  () => {
    let lab: Lab;
    let before: HostFirewallSnapshot;
    let work: string;
    let home: string;
    let srv: string;
    let cli: string;
    let sshd: LabSshd;
    let bridge: LabProcess;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];

    const check = () => page.getByRole('button', { name: 'Check', exact: true }).click();
    const verdict = async () => {
      await page.getByTestId('verdict').waitFor({ timeout: 90_000 });
      return page.getByTestId('verdict').getAttribute('data-cause');
    };

    beforeAll(async () => {
      await prepareShots();
      before = await snapshotHostFirewall();
      work = join(process.cwd(), 'test-results', `pds-${process.pid}`);
      await mkdir(work, { recursive: true });
      const cliPath = await buildPrivateApp(work);
      lab = await createLab({ prefix: 'pds-', name: 'wizard-ssh' });
      srv = await lab.namespace('srv');
      cli = await lab.namespace('cli');
      await lab.link(cli, `${CLI}/24`, srv, `${SRV}/24`);
      await lab.nft(srv, RULES);
      await lab.listen(srv, { host: '0.0.0.0', port: PORT, label: 'pds-service' });
      sshd = await startSshd(lab, srv, SRV, { password: PASSWORD });
      home = await mkdtemp(join(tmpdir(), 'pds-home-'));
      await mkdir(join(home, 'app'), { recursive: true });
      const binary = await serverBinary(cliPath, home);
      // The app as a user runs it: its own HOME and data folder, no SSH agent; the server gets this build's portdoctor.
      bridge = await lab.spawn(
        cli,
        [
          'env',
          '-u',
          'SSH_AUTH_SOCK',
          `HOME=${join(home, 'app')}`,
          `PORTDOCTOR_DATA_DIR=${join(home, 'app', 'data')}`,
          `PORTDOCTOR_REMOTE_BINARY=${binary}`,
          process.execPath,
          cliPath,
          'web',
        ],
        {
          ready: /http:\/\/127\.0\.0\.1:\d+\/\S*token=\S+/,
          readyTimeoutMs: 20_000,
        },
      );
      const url = /http:\/\/127\.0\.0\.1:\d+\/\S*token=\S+/.exec(bridge.output())?.[0] ?? '';
      const wrapper = join(home, 'chromium-in-netns');
      await writeFile(wrapper, `#!/bin/sh\nexec /usr/sbin/ip netns exec ${cli} ${CHROMIUM} "$@"\n`);
      await chmod(wrapper, 0o755);
      browser = await chromium.launch({
        executablePath: wrapper,
        args: CHROMIUM_ARGS,
        env: {
          ...process.env,
          HOME: join(home, 'browser'),
          XDG_CONFIG_HOME: join(home, 'browser', '.config'),
          XDG_CACHE_HOME: join(home, 'browser', '.cache'),
        },
        timeout: 30_000,
      });
      page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US', colorScheme: 'light' })).newPage();
      page.on('console', (m) => void (m.type() === 'error' && pageErrors.push(m.text())));
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(url);
      await page.getByTestId('port-input').waitFor();
      await page.getByRole('radio', { name: 'A server over SSH' }).check();
      await page.getByTestId('port-input').fill(String(PORT));
      await page.getByTestId('ssh-target').fill(`root@${SRV}`);
    });

    afterAll(async () => {
      await browser?.close().catch(() => undefined);
      bridge?.kill();
      await sshd?.stop();
      await lab?.cleanup();
      if (home) await rm(home, { recursive: true, force: true });
      if (work) await rm(work, { recursive: true, force: true });
      if (before) expect(diffHostFirewall(before, await snapshotHostFirewall())).toEqual([]);
    });

    it('an unknown host key is shown once with its fingerprint; trusted, the server names its dropping rule and the client address it saw', async () => {
      const tmpBefore = await ours();
      await page.getByRole('radio', { name: 'Key file' }).check();
      await page.getByTestId('ssh-identityFile').fill(sshd.identity);
      await check();
      const dialog = page.getByTestId('host-key-dialog');
      await dialog.waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('host-key-fingerprint').textContent()).toBe(`ssh-ed25519 ${sshd.fingerprint}`);
      await shot(page, 'wizard-ssh-host-key.png');
      await dialog.getByRole('button', { name: 'Trust and continue' }).click();
      expect(await verdict()).toBe('host-firewall-drop');
      expect(await page.getByTestId('step-firewall').getAttribute('data-status')).toBe('fail');
      const firewall = (await page.getByTestId('step-firewall').textContent()) ?? '';
      expect(firewall).toContain('pds-test');
      expect(firewall).toContain(`tcp dport ${PORT}`);
      expect(await page.getByTestId('remote-info').getAttribute('data-client')).toBe(CLI);
      expect(await page.getByTestId('remote-info').textContent()).toContain(sshd.fingerprint);
      // Trusted once: kept in PortDoctor's own known_hosts (the data folder), not in ~/.ssh.
      const pub = (await readFile(`${sshd.identity.replace(/client_key$/, 'host_key.pub')}`, 'utf8')).trim().split(/\s+/);
      expect(await readFile(join(home, 'app', 'data', 'known_hosts'), 'utf8')).toBe(`${SRV} ${pub[0]} ${pub[1]}\n`);
      await expect(stat(join(home, 'app', '.ssh'))).rejects.toThrow();
      expect((await ours()).filter((f) => !tmpBefore.includes(f))).toEqual([]);
      await page.getByTestId('verdict').scrollIntoViewIfNeeded();
      await shot(page, 'wizard-ssh-drop.png');
    });

    it('fixes over SSH with the exact commands confirmed: the client connects; undone by the server: blocked again, its ruleset byte-identical (counters aside)', async () => {
      const rulesBefore = (await lab.must(srv, ['nft', '-s', 'list', 'ruleset'])).stdout;
      await page.getByRole('button', { name: 'Plan a fix' }).click();
      await page.getByTestId('fix-plan').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Apply…' }).click();
      const confirm = page.getByRole('dialog');
      expect(await confirm.textContent()).toContain(`will run on ${SRV}`);
      expect(await confirm.getByTestId('confirm-commands').textContent()).toContain('nft');
      await shot(page, 'wizard-ssh-confirm.png');
      await confirm.getByRole('button', { name: 'Apply now' }).click();
      await page.getByTestId('fix-result').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('fix-result').getAttribute('data-fixed')).toBe('true');
      expect(await lab.connect(cli, SRV, PORT, 1500)).toBe('ok');
      expect(await lab.connect(cli, SRV, 9090, 800)).toBe('timeout');
      await page.getByRole('button', { name: 'Undo this change' }).click();
      await page.getByTestId('fix-undone').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('fix-undone').textContent()).toBe('The change was undone.');
      expect(await lab.connect(cli, SRV, PORT, 1000)).toBe('timeout');
      expect((await lab.must(srv, ['nft', '-s', 'list', 'ruleset'])).stdout).toBe(rulesBefore);
    });

    it('reads in Simplified Chinese', async () => {
      await page.getByRole('combobox', { name: 'Language' }).click();
      await page.getByRole('option', { name: '简体中文' }).click();
      await expect.poll(() => page.getByTestId('remote-info').textContent()).toContain(`服务器看到本机的地址是 ${CLI}`);
      expect(await page.getByRole('radio', { name: '通过 SSH 连接的服务器' }).isChecked()).toBe(true);
      await page.getByTestId('remote-info').scrollIntoViewIfNeeded();
      await shot(page, 'wizard-ssh-zh-CN.png');
      await page.getByRole('combobox', { name: '语言' }).click();
      await page.getByRole('option', { name: 'English' }).click();
      await page.getByRole('button', { name: 'Check', exact: true }).waitFor();
    });

    it('a changed host key is refused, naming the key on file and the one presented; nothing runs on the server', async () => {
      const tmpBefore = await ours();
      await page.getByTestId('ssh-knownHostsFile').fill(sshd.otherKnownHosts);
      try {
        await check();
        const problem = page.getByTestId('ssh-problem');
        await problem.waitFor({ timeout: 30_000 });
        expect(await problem.getAttribute('data-problem')).toBe('host-key-changed');
        const text = (await problem.textContent()) ?? '';
        expect(text).toContain('Refused: the server’s host key has changed');
        expect(text).toContain(sshd.fingerprint);
        expect(text).toMatch(/known_hosts holds ssh-ed25519 SHA256:/);
        // The last run's verdict goes. Polled: the page draws the verdict and steps from a deferred copy of the run
        // (useDeferredValue, diagnose-page.tsx), which may trail the urgent problem bar by a render on a loaded
        // machine (seen once in a fresh-clone CI run).
        await expect.poll(() => page.getByTestId('verdict').count(), { timeout: 10_000 }).toBe(0);
        expect((await ours()).filter((f) => !tmpBefore.includes(f))).toEqual([]);
        await page.evaluate('window.scrollTo(0, 0)');
        await shot(page, 'wizard-ssh-changed-key.png');
      } finally {
        // The later tests log in against the right known_hosts whatever happened here.
        await page.getByTestId('ssh-knownHostsFile').fill('');
      }
    });

    it('logs in with a password typed in the app; afterwards the password is in no file of the app, the browser or this test', async () => {
      await page.getByRole('radio', { name: 'Password' }).check();
      await page.getByTestId('ssh-password').fill(PASSWORD);
      await check();
      expect(await verdict()).toBe('host-firewall-drop');
      const files = [...(await filesUnder(home)), ...(await filesUnder(work))];
      expect(files.some((f) => f.endsWith('known_hosts'))).toBe(true);
      for (const f of files) expect((await readFile(f)).includes(PASSWORD), f).toBe(false);
      expect(bridge.output()).not.toContain(PASSWORD);
    });

    it('a user whose sudo wants a password: asked in the app (again when wrong), used for that run, then in no file', async () => {
      await page.getByTestId('ssh-target').fill(`${LAB_USER}@${SRV}`);
      await page.getByTestId('ssh-password').fill(PASSWORD);
      await check();
      const sudo = page.getByTestId('sudo-dialog');
      await sudo.waitFor({ timeout: 60_000 });
      await page.getByTestId('sudo-password').fill('not-the-password');
      await shot(page, 'wizard-ssh-sudo.png');
      await sudo.getByRole('button', { name: 'Continue' }).click();
      // sudo -S refused it: asked again, saying so.
      await expect.poll(() => sudo.textContent(), { timeout: 60_000 }).toContain('sudo did not accept that password');
      await page.getByTestId('sudo-password').fill(PASSWORD);
      await sudo.getByRole('button', { name: 'Continue' }).click();
      expect(await verdict()).toBe('host-firewall-drop');
      expect(await page.getByTestId('remote-info').textContent()).toContain(`${LAB_USER}@${SRV}`);
      for (const f of [...(await filesUnder(home)), ...(await filesUnder(work))])
        expect((await readFile(f)).includes(PASSWORD), f).toBe(false);
      expect(bridge.output()).not.toContain(PASSWORD);
      expect(pageErrors).toEqual([]);
    });
  },
);
