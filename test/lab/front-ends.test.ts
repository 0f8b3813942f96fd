import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import type { Isolated } from './harness';
import { decidingOf, requireBuiltCli, runCheck, serverAndClient, stepOf } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';
import { DBUS_CONFIG, waitForOutput } from './support/isolated';
import { cliArgv } from './harness/private-cli';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../unit/electron/probes/linux/fixtures/', import.meta.url));

// CAPTURE_FIXTURES=1: record the scenario as a bundle (real ufw/firewall-cmd outputs) for the unit tests.
async function captureBundle(iso: Isolated, port: number, name: string): Promise<void> {
  if (process.env.CAPTURE_FIXTURES !== '1') return;
  const out = join(tmpdir(), `pdl-${process.pid}-${name}.portdoctor.json`);
  await iso.must([...cliArgv(CLI), 'collect', '--port', String(port), '--out', out], { timeoutMs: 60_000 });
  await copyFile(out, join(FIXTURES, `${name}.portdoctor.json`));
  await rm(out, { force: true });
}

// ufw and firewalld run inside the server's network namespace with private /run and config copies
// (LAB.md); the check runs in that same mount namespace so it sees their state as a real host would.
describe.skipIf(!labAvailable())('lab: ufw and firewalld in charge', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it('ufw deny: the deciding rule is ufw’s, named in ufw terms', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      const iso = await lab.isolate(srv, ['/etc/ufw', '/etc/default/ufw']);
      await iso.must(['ufw', '--force', 'enable'], { timeoutMs: 30_000 });
      await iso.must(['ufw', 'deny', '8080/tcp'], { timeoutMs: 30_000 });
      expect(await lab.connect(cli, '10.231.1.1', 8080, 800)).toBe('timeout');
      const { report } = await runCheck(iso, 8080, ['--source', '10.231.1.2']);
      expect(report.verdict.cause).toBe('host-firewall-drop');
      const fw = stepOf(report, 'firewall');
      expect(fw.evidence[0]?.data).toMatchObject({ inCharge: 'ufw' });
      expect(decidingOf(report)?.text).toMatch(
        /^The ufw rule `.*--dport 8080 -j DROP` \(table filter, chain ufw-user-input, rule \d+\) drops the packet/,
      );
      expect(fw.evidence.some((e) => e.kind === 'note' && /ufw rules for port 8080: 8080\/tcp\s+DENY IN/.test(e.text))).toBe(true);
      await captureBundle(iso, 8080, 'ufw-deny');
      // Allowing it in ufw makes the same check pass.
      await iso.must(['ufw', 'allow', '8080/tcp'], { timeoutMs: 30_000 });
      await iso.must(['ufw', 'delete', 'deny', '8080/tcp'], { timeoutMs: 30_000 });
      expect((await runCheck(iso, 8080, ['--source', '10.231.1.2'])).report.verdict.cause).toBe('ok');
    });
  });

  it('firewalld: the interface’s zone does not open the port (default zone rejects)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdl-dbus-'));
    try {
      await writeFile(join(dir, 'system.conf'), DBUS_CONFIG);
      await withLab({ prefix: 'pdl-' }, async (lab) => {
        const { srv, cli, srvIf } = await serverAndClient(lab);
        await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
        const iso = await lab.isolate(srv, ['/etc/firewalld']);
        await iso.spawn(['dbus-daemon', `--config-file=${join(dir, 'system.conf')}`, '--nofork', '--nopidfile']);
        await waitForOutput(iso, ['ls', '/run/dbus'], /system_bus_socket/, 10_000);
        await iso.spawn(['firewalld', '--nofork', '--nopid', '--log-target', 'console']);
        await waitForOutput(iso, ['firewall-cmd', '--state'], /^running/m, 30_000);
        expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('unreachable');
        const { report } = await runCheck(iso, 8080, ['--source', '10.231.1.2']);
        expect(report.verdict.cause).toBe('host-firewall-reject');
        const fw = stepOf(report, 'firewall');
        expect(fw.evidence[0]?.data).toMatchObject({ inCharge: 'firewalld' });
        expect(decidingOf(report)?.text).toMatch(
          /^The firewalld rule `.*` \(table inet firewalld, chain \S+, handle \d+\) (drops|rejects) the packet/,
        );
        expect(decidingOf(report)?.data?.rejectWith).toMatch(/admin-prohibited/);
        expect(
          fw.evidence.some((e) => e.kind === 'note' && /firewalld zone public .*ports \[\]/.test(e.text)),
          JSON.stringify(fw.evidence),
        ).toBe(true);
        await captureBundle(iso, 8080, 'firewalld-public');
        // Opening the port in the zone (runtime) makes it pass.
        await iso.must(['firewall-cmd', '--zone=public', '--add-port=8080/tcp'], { timeoutMs: 30_000 });
        expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('ok');
        expect((await runCheck(iso, 8080, ['--source', '10.231.1.2'])).report.verdict.cause).toBe('ok');
        // The interface in the "drop" zone (target DROP), which does not open the port: a silent drop, named by zone.
        await iso.must(['firewall-cmd', '--zone=drop', `--change-interface=${srvIf}`], { timeoutMs: 30_000 });
        expect(await lab.connect(cli, '10.231.1.1', 8080, 800)).toBe('timeout');
        const dropped = await runCheck(iso, 8080, ['--source', '10.231.1.2']);
        expect(dropped.report.verdict.cause).toBe('host-firewall-drop');
        expect(decidingOf(dropped.report)?.text).toMatch(
          /^The firewalld rule `.*` \(table inet firewalld, chain \S+, handle \d+\) (drops|rejects) the packet/,
        );
        expect(
          stepOf(dropped.report, 'firewall').evidence.some((e) => e.kind === 'note' && /firewalld zone drop \(target DROP\)/.test(e.text)),
        ).toBe(true);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
