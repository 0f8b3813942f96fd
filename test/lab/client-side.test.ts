import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import { pdRunner } from './harness/client-path';
import { json, sleep, useClientLab } from './support/client-lab';
import type { CheckReport, ProbeReport, WatchReport } from '../../shared/schemas/report';
import { cliArgv } from './harness/private-cli';

const run = labAvailable();

// Holds `n` connections open from inside the client namespace until killed.
const HOLD = `const n=require('net');let k=0;const want=+process.argv[3];for(let i=0;i<want;i++){const s=n.connect({host:process.argv[1],port:+process.argv[2]});s.on('error',e=>console.log('error',e.code));s.on('connect',()=>{if(++k===want)console.log('held')})}setInterval(()=>{},1000)`;

describe.skipIf(!run)('client-side failures and the stand-in listener (namespaces)', () => {
  const { scenario, cliPath } = useClientLab('client-side');

  it('a client with no route: unreachable (ENETUNREACH), diagnose says no-route', async () => {
    await scenario('noroute', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      await lab.must(net.cli, ['ip', 'route', 'del', 'default']);
      const probeRun = await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--json']);
      const probe = json<ProbeReport>(probeRun);
      expect(probe).toMatchObject({ outcome: 'unreachable', error: 'ENETUNREACH' });
      expect(probe.elapsedMs).toBeLessThan(1000);
      expect(probe.route?.error).toMatch(/unreachable/i);
      const report = json<CheckReport>(
        await pd.run(net.srv, ['diagnose', '8080', '--client-report', await pd.save('probe.json', probeRun.stdout), '--json']),
      );
      expect(report.verdict.cause).toBe('no-route');
    });
  });

  it('a client whose ephemeral range is used up: source-exhausted, with how much of the range is used', async () => {
    await scenario('exhaust', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080, stall: true });
      await lab.sysctl(net.cli, 'net.ipv4.ip_local_port_range', '40000 40001');
      await lab.spawn(net.cli, [process.execPath, '-e', HOLD, net.srvAddress, '8080', '2'], { ready: /^held/m });
      const probeRun = await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--json']);
      const probe = json<ProbeReport>(probeRun);
      expect(probe).toMatchObject({ outcome: 'source-exhausted', cause: 'source-exhausted', error: 'EADDRNOTAVAIL' });
      const usage = probe.evidence?.find((e) => e.kind === 'ephemeral-ports');
      expect(usage?.text).toBe('ephemeral ports 40000–40001: 2 of 2 in use (100%)');
      const report = json<CheckReport>(
        await pd.run(net.srv, ['diagnose', '8080', '--client-report', await pd.save('probe.json', probeRun.stdout), '--json']),
      );
      expect(report.verdict.cause).toBe('source-exhausted');
    });
  });

  it('a name that does not resolve (no DNS reachable): dns-failure, fast and bounded', async () => {
    await withLab({ prefix: 'pdc-', name: 'dns' }, async (lab) => {
      // Only loopback: the resolver has no server to ask, so nothing leaves the namespace.
      const lone = await lab.namespace('lone');
      const pd = await pdRunner(lab, cliPath());
      try {
        const started = Date.now();
        const r = await pd.run(lone, ['probe', 'portdoctor-lab.invalid:8080', '--timeout', '2000', '--json']);
        const probe = json<ProbeReport>(r);
        expect(probe).toMatchObject({ outcome: 'dns-failure', cause: 'dns-failure', addresses: [] });
        expect(probe.resolution?.elapsedMs).toBeLessThanOrEqual(2100);
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(r.code).toBe(1);
      } finally {
        await pd.dispose();
      }
    });
  });

  it('the stand-in listener makes a down service’s path testable, then goes away', async () => {
    await scenario('standin', async (lab, pd, net) => {
      const down = json<ProbeReport>(await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--json']));
      expect(down.outcome).toBe('refused');
      const [watchRun, probeRun] = await Promise.all([
        pd.run(net.srv, ['watch', '8080', '--seconds', '4', '--stand-in', '--json']),
        sleep(1500).then(() => pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--http', '--json'])),
      ]);
      const probe = json<ProbeReport>(probeRun);
      expect(probe.outcome).toBe('ok');
      expect(probe.http?.error).toMatch(/PortDoctor stand-in listener on port 8080/);
      const watch = json<WatchReport>(watchRun);
      // Two connections: the probe's connect, then its HTTP request.
      expect(watch.standIn).toMatchObject({ connections: 2 });
      expect(watch.peers).toEqual([expect.objectContaining({ address: '10.232.1.2', syn: 2, synAck: 2, result: 'answered' })]);
      const after = json<ProbeReport>(await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--json']));
      expect(after.outcome).toBe('refused');
    });
  });

  it('watch streams each packet live (capture:watch events) and ends with the per-peer summary', async () => {
    await scenario('stream', async (_lab, pd, net) => {
      const [watchRun] = await Promise.all([
        pd.run(net.srv, ['watch', '8080', '--seconds', '3']),
        sleep(1500).then(() => pd.run(net.cli, ['probe', `${net.srvAddress}:8080`])),
      ]);
      // Text mode: events go to stderr as they arrive, the summary to stdout.
      expect(watchRun.stderr).toMatch(/^\S+ \S+ 10\.232\.1\.2 S$/m);
      expect(watchRun.stderr).toMatch(/^\S+ \S+ 10\.232\.1\.2 R\.$/m);
      // A refused connect is tried once more to read who sent the refusal (IP_RECVERR, issue 17 item 11): two SYNs, two RSTs.
      expect(watchRun.stdout).toContain('10.232.1.2: reset — SYN 2 (retransmitted 0), SYN-ACK 0, RST 2');
      expect(watchRun.code).toBe(1);
    });
  });

  it('a name from the hosts file: every address, the time taken, and that the hosts file answered', async () => {
    await scenario('hosts', async (lab, _pd, net) => {
      await lab.listen(net.srv, { host: '::', port: 8080 });
      // A private /etc/hosts inside the client's own mount namespace: the host's file is never touched.
      const iso = await lab.isolate(net.cli, ['/etc/hosts']);
      await iso.must(['tee', '-a', '/etc/hosts'], { input: `${net.srvAddress} svc.pdc-lab\n${net.srvAddress6} svc.pdc-lab\n` });
      const r = await iso.exec([...cliArgv(cliPath()), 'probe', 'svc.pdc-lab:8080', '--json'], { timeoutMs: 30_000 });
      const probe = json<ProbeReport>(r);
      expect(probe.outcome).toBe('ok');
      expect(probe.resolution?.fromHostsFile).toBe(true);
      expect(probe.resolution?.addresses.map((a) => `${a.address}/${a.family}`).sort()).toEqual(
        [`${net.srvAddress6}/6`, `${net.srvAddress}/4`].sort(),
      );
      expect(probe.attempts?.map((a) => a.outcome)).toEqual(['ok', 'ok']);
      expect(probe.evidence?.[0]?.text).toMatch(/^svc\.pdc-lab resolved to .* in \d+ ms \(from the hosts file\)$/);
    });
  });
});
