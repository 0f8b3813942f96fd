import { copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import { requireBuiltCli, runCheck, serverAndClient, stepOf } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';
import { cliArgv } from './harness/private-cli';

// A published port (Docker-style DNAT in the nat table) to a backend in another namespace.
describe.skipIf(!labAvailable())('lab: forwarding', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it('forwarding-disabled: DNAT to a backend with ip_forward=0, then ok with forwarding on', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      const app = await lab.namespace('app');
      await lab.link(srv, '10.233.0.1/24', app, '10.233.0.2/24');
      await lab.route(app, '10.231.1.0/24', '10.233.0.1');
      await lab.listen(app, { host: '0.0.0.0', port: 80 });
      await lab.iptables(srv, ['-t', 'nat', '-N', 'DOCKER'], { backend: 'nft' });
      await lab.iptables(srv, ['-t', 'nat', '-A', 'PREROUTING', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'DOCKER'], {
        backend: 'nft',
      });
      await lab.iptables(
        srv,
        [
          '-t',
          'nat',
          '-A',
          'DOCKER',
          '!',
          '-i',
          'veth1a',
          '-p',
          'tcp',
          '-m',
          'tcp',
          '--dport',
          '8080',
          '-j',
          'DNAT',
          '--to-destination',
          '10.233.0.2:80',
        ],
        { backend: 'nft' },
      );
      await lab.sysctl(srv, 'net.ipv4.ip_forward', '0');
      expect(await lab.connect(cli, '10.231.1.1', 8080, 800)).toBe('timeout');
      const off = await runCheck({ lab, ns: srv }, 8080, ['--source', '10.231.1.2']);
      expect(off.report.verdict.cause).toBe('forwarding-disabled');
      const finding = off.report.findings.find((f) => f.cause === 'forwarding-disabled');
      expect(
        finding?.evidence.some((e) => e.kind === 'published' && /10\.233\.0\.2:80/.test(e.text) && e.source === 'linux.iptables.nft.save'),
      ).toBe(true);
      expect(finding?.evidence.some((e) => e.kind === 'sysctl' && /ip_forward = 0/.test(e.text))).toBe(true);
      if (process.env.CAPTURE_FIXTURES === '1') {
        // A real Docker-style DNAT recording for the unit tests (see test/lab/replay.test.ts).
        const out = join(tmpdir(), `pdl-${process.pid}-forwarding.portdoctor.json`);
        await lab.must(
          srv,
          [...cliArgv(fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url))), 'collect', '--port', '8080', '--out', out],
          { timeoutMs: 60_000 },
        );
        await copyFile(
          out,
          fileURLToPath(new URL('../unit/electron/probes/linux/fixtures/forwarding-disabled.portdoctor.json', import.meta.url)),
        );
        await rm(out, { force: true });
      }
      await lab.sysctl(srv, 'net.ipv4.ip_forward', '1');
      expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('ok');
      const on = await runCheck({ lab, ns: srv }, 8080, ['--source', '10.231.1.2']);
      expect(on.report.verdict.cause).toBe('ok');
      expect(stepOf(on.report, 'service').summary).toMatch(/forwarded to another address/);
    });
  });
});
