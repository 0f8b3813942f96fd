import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppliedFix } from '../../shared/schemas/firewall';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { buildPrivateCli, cliArgv } from './harness/private-cli';
import { keepHostFirewallUnchanged } from './support/host-guard';

// Issue #11 item 2 on real nftables: one data folder, two network namespaces (as a host and a container share one).
const run = labAvailable();
const A = '10.5.6.1';
const CLIENT = '10.5.6.5';
const LISTENER = `require('node:net').createServer((s) => { s.on('error', () => {}); s.end('hi\\n'); }).listen(8080, '0.0.0.0', () => console.log('listening'));`;
const BLOCK =
  'table inet filter { chain input { type filter hook input priority 0; policy accept; iif lo accept; tcp dport 8080 drop; }; }';

describe.skipIf(!run)('fixes listed against the firewall viewed (issue #11 item 2)', () => {
  keepHostFirewallUnchanged();
  let cli: { path: string; remove: () => Promise<void> };
  let dataDir: string;
  beforeAll(async () => {
    cli = await buildPrivateCli('pdp');
    dataDir = await mkdtemp(join(tmpdir(), 'pdp-lab-'));
  });
  afterAll(async () => {
    await cli?.remove();
    await rm(dataDir, { recursive: true, force: true });
  });

  const portdoctor = (lab: Lab, ns: string, args: string[], env: string[] = []) =>
    lab.exec(ns, ['env', `PORTDOCTOR_DATA_DIR=${dataDir}`, ...env, ...cliArgv(cli.path), ...args], { timeoutMs: 60_000 });
  const list = async (lab: Lab, ns: string, env: string[] = []): Promise<AppliedFix> => {
    const r = await portdoctor(lab, ns, ['fix', '--list', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { schema: string; fixes: AppliedFix[] };
    expect(doc.schema).toBe('portdoctor.fix-list/1');
    expect(doc.fixes).toHaveLength(1);
    return doc.fixes[0] as AppliedFix;
  };

  it('a fix made in namespace A: present with undo from A, "not present here" from B, "couldn’t check" when nft cannot be run', async () => {
    await withLab({ prefix: 'pdp-', name: 'presence' }, async (lab) => {
      const a = await lab.namespace('a');
      const client = await lab.namespace('cli');
      const b = await lab.namespace('b');
      await lab.link(client, `${CLIENT}/24`, a, `${A}/24`);
      await lab.spawn(a, [process.execPath, '-e', LISTENER], { ready: /^listening/m });
      await lab.nft(a, BLOCK);
      // B has a firewall of its own with the same shape, just not PortDoctor's rule.
      await lab.nft(b, BLOCK);
      const fixed = await portdoctor(lab, a, ['fix', '8080', '--source', CLIENT, '--yes', '--json']);
      expect(fixed.code, fixed.stderr).toBe(0);
      const id = (JSON.parse(fixed.stdout) as { applied: { undoId: string } }).applied.undoId;

      const fromB = await list(lab, b);
      expect(fromB).toMatchObject({ id, presence: 'absent' });
      expect(fromB.presenceDetail).toContain('PortDoctor:8080/tcp');
      const textB = await portdoctor(lab, b, ['fix', '--list']);
      expect(textB.stdout).toContain(`${id}  [not present here]`);
      expect(textB.stdout).not.toContain(`fix --undo ${id}`);

      // nft cannot be run at all (missing from PATH): couldn't check, never "not present".
      const blind = await list(lab, a, ['PATH=/nonexistent']);
      expect(blind).toMatchObject({ id, presence: 'unknown' });
      expect(blind.presenceDetail).toMatch(/not-installed/);
      expect((await portdoctor(lab, a, ['fix', '--list'], ['PATH=/nonexistent'])).stdout).toContain(`${id}  [couldn’t check]`);

      expect(await list(lab, a)).toMatchObject({ id, presence: 'present' });
      const textA = await portdoctor(lab, a, ['fix', '--list']);
      expect(textA.stdout).toContain(`${id}  [present here]`);
      expect(textA.stdout).toContain(`undo with: portdoctor fix --undo ${id}`);
      expect((await portdoctor(lab, a, ['fix', '--undo', id])).code).toBe(0);
      expect((await list(lab, a)).undoneAt).toBeTruthy();
    });
  });
});
