import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { cliArgv } from './harness/private-cli';
import { requireBuiltCli, serverAndClient } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));
const NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];

// Issue 13 item 7: what the CLI says on a healthy port and without root must be a sentence a person can act on.
describe.skipIf(!labAvailable())('lab: messages a person can act on', () => {
  keepHostFirewallUnchanged(requireBuiltCli);
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pdm-lab-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const portdoctor = (lab: Lab, ns: string, args: string[], prefix: string[] = []) =>
    lab.exec(ns, [...prefix, 'env', `PORTDOCTOR_DATA_DIR=${dataDir}`, ...cliArgv(CLI), ...args], { timeoutMs: 60_000 });

  it.each([
    { name: 'no rules loaded', rules: null },
    {
      name: 'an nftables accept rule',
      rules: 'table inet filter { chain input { type filter hook input priority 0; policy drop; iif lo accept; tcp dport 8080 accept; }; }',
    },
  ])('healthy port ($name): fix --dry-run says there is nothing to fix and exits 0', async ({ rules }) => {
    await withLab({ prefix: 'pdm-' }, async (lab) => {
      const { srv } = await serverAndClient(lab);
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      if (rules) await lab.nft(srv, rules);
      const en = await portdoctor(lab, srv, ['fix', '8080', '--dry-run', '--lang', 'en']);
      expect(en.code, en.stderr).toBe(0);
      expect(en.stdout).toMatch(/^Nothing to fix: the firewall already lets TCP 8080 in from any address\./);
      expect(en.stderr).toBe('');
      const zh = await portdoctor(lab, srv, ['fix', '8080', '--dry-run', '--lang', 'zh-CN']);
      expect(zh.code).toBe(0);
      expect(zh.stdout).toMatch(/^无需修复：防火墙已经放行来自任何地址的 TCP 8080。/);
    });
  });

  it('without root: check and fix say "run with sudo" once, in short lines, without nft’s netlink error', async () => {
    await withLab({ prefix: 'pdm-' }, async (lab) => {
      const { srv } = await serverAndClient(lab);
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(srv, 'table inet filter { chain input { type filter hook input priority 0; policy accept; tcp dport 8080 drop; }; }');
      const check = await portdoctor(lab, srv, ['check', '8080', '--lang', 'en'], NOBODY);
      const checkText = check.stdout + check.stderr;
      expect(checkText).not.toMatch(/netlink|Operation not permitted|cache initialization/);
      expect(checkText.match(/with sudo/g)).toHaveLength(1);
      expect(checkText).toContain('Only root can read the firewall rules: run PortDoctor again with sudo.');
      expect(checkText).toContain('Not checked: it needs root (administrator) rights.');
      for (const line of checkText.split('\n')) expect(line.length, line).toBeLessThanOrEqual(200);

      const fix = await portdoctor(lab, srv, ['fix', '8080', '--dry-run'], NOBODY);
      expect(fix.code).toBe(2);
      const lines = fix.stderr.trim().split('\n');
      expect(lines).toEqual([
        'portdoctor fix: Only root can read the firewall rules, so no change can be planned: run with sudo: sudo portdoctor fix 8080 --dry-run',
      ]);
      expect(fix.stdout).toBe('');
    });
  });
});
