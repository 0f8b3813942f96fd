import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import { exec } from './harness/exec';
import { keepHostFirewallUnchanged } from './support/host-guard';

const run = labAvailable();

describe.skipIf(!run)('lab harness', () => {
  keepHostFirewallUnchanged();

  it('builds two namespaces, connects them, filters inside one, and removes everything', async () => {
    let names: string[] = [];
    await withLab({ prefix: 'pdl-', name: 'harness' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const cli = await lab.namespace('cli');
      names = [srv, cli];
      await lab.link(cli, '10.231.1.2/24', srv, '10.231.1.1/24');
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('ok');
      expect(await lab.connect(cli, '10.231.1.1', 8081)).toBe('refused');
      await lab.nft(srv, 'table inet t { chain input { type filter hook input priority 0; policy accept; tcp dport 8080 drop; }; }');
      expect(await lab.connect(cli, '10.231.1.1', 8080, 800)).toBe('timeout');
      await lab.iptables(srv, ['-I', 'INPUT', '-p', 'tcp', '--dport', '8081', '-j', 'REJECT'], { backend: 'legacy' });
      expect(await lab.connect(cli, '10.231.1.1', 8081)).toBe('refused');
      const nobody = await lab.listen(srv, { host: '0.0.0.0', port: 80, user: 'nobody', allowFailure: true });
      expect(nobody.output()).toMatch(/error EACCES/);
    });
    const left = (await exec(['ip', 'netns', 'list'])).stdout;
    for (const n of names) expect(left).not.toContain(n);
  });

  it('isolates ufw state in a private mount namespace', async () => {
    await withLab({ prefix: 'pdl-', name: 'iso' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const iso = await lab.isolate(srv, ['/etc/ufw', '/etc/default/ufw']);
      await iso.must(['ufw', '--force', 'enable'], { timeoutMs: 30_000 });
      await iso.must(['ufw', 'deny', '8080/tcp'], { timeoutMs: 30_000 });
      expect((await iso.must(['ufw', 'status'])).stdout).toMatch(/8080\/tcp\s+DENY/);
      expect((await lab.must(srv, ['iptables-save'])).stdout).toMatch(/ufw-user-input/);
    });
  });

  it('cleans up when the test body throws', async () => {
    let ns = '';
    await expect(
      withLab({ prefix: 'pdl-' }, async (lab) => {
        ns = await lab.namespace('x');
        await lab.spawn(ns, ['sleep', '30']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await exec(['ip', 'netns', 'list'])).stdout).not.toContain(ns);
  });
});
