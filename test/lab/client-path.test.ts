import { describe, expect, it } from 'vitest';
import { labAvailable } from './harness';
import type { Lab } from './harness';
import { json, sleep, useClientLab } from './support/client-lab';
import type { CheckReport, ProbeReport, WatchReport } from '../../shared/schemas/report';

const run = labAvailable();

describe.skipIf(!run)('client, capture and the combined verdict (namespaces)', () => {
  const { scenario } = useClientLab('client-path');

  it('an upstream router drops the port: client times out, watch sees no SYN, diagnose says upstream-filtered', async () => {
    await scenario('upstream', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(net.rtr, 'table inet pdc { chain fw { type filter hook forward priority 0; policy accept; tcp dport 8080 drop; }; }');
      const probeRun = await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '1500', '--json']);
      const probe = json<ProbeReport>(probeRun);
      expect(probeRun.code).toBe(1);
      expect(probe).toMatchObject({ outcome: 'timeout', localAddress: '10.232.1.2' });
      // The client tries again while the server captures: a real SYN would show up if it arrived.
      const [watchRun] = await Promise.all([
        pd.run(net.srv, ['watch', '8080', '--seconds', '4', '--json']),
        sleep(1500).then(() => pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '1500'])),
      ]);
      const watch = json<WatchReport>(watchRun);
      expect(watch.peers).toEqual([]);
      expect(watch.capture).toMatchObject({ tool: 'tcpdump', packets: 0, stoppedBy: 'time' });
      const diag = await pd.run(net.srv, [
        'diagnose',
        '8080',
        '--client-report',
        await pd.save('probe.json', probeRun.stdout),
        '--watch-report',
        await pd.save('watch.json', watchRun.stdout),
        '--json',
      ]);
      const report = json<CheckReport>(diag);
      expect(report.verdict.cause).toBe('upstream-filtered');
      expect(report.verdict.partial ?? false).toBe(false);
      expect(report.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
        'service:pass',
        'binding:pass',
        'firewall:pass',
        'client:fail',
        'packets:fail',
      ]);
      expect(report.findings.at(-1)?.evidence[0]?.text).toContain('timeout-no-syn');
      expect(report.verdict.fixes[0]?.commands ?? report.verdict.fixes[0]?.detail).toBeTruthy();
      expect(diag.code).toBe(1);
    });
  });

  it('the host drops it instead: the capture shows the SYN retransmitted, diagnose --watch says host-firewall-drop', async () => {
    await scenario('hostdrop', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(net.srv, 'table inet pdc { chain input { type filter hook input priority 0; policy accept; tcp dport 8080 drop; }; }');
      const probeRun = await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '2500', '--json']);
      const [diag] = await Promise.all([
        pd.run(
          net.srv,
          ['diagnose', '8080', '--client-report', await pd.save('probe.json', probeRun.stdout), '--watch', '5', '--json'],
          60_000,
        ),
        sleep(2000).then(() => pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '2500'])),
      ]);
      const report = json<CheckReport>(diag);
      expect(report.verdict.cause).toBe('host-firewall-drop');
      const packets = report.steps.find((s) => s.id === 'packets');
      expect(packets?.evidence[0]?.data).toMatchObject({ address: '10.232.1.2', synAck: 0, result: 'unanswered' });
      expect(Number(packets?.evidence[0]?.data?.retransmissions)).toBeGreaterThan(0);
    });
  });

  it.each([
    {
      name: 'nft reject with tcp reset',
      outcome: 'refused',
      row: 'refused-firewall-reject',
      setup: (lab: Lab, srv: string) =>
        lab.nft(
          srv,
          'table inet pdc { chain input { type filter hook input priority 0; policy accept; tcp dport 8080 reject with tcp reset; }; }',
        ),
    },
    {
      name: 'iptables REJECT (icmp-port-unreachable)',
      outcome: 'refused',
      row: 'icmp-from-target',
      setup: (lab: Lab, srv: string) => lab.iptables(srv, ['-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'REJECT']),
    },
    {
      name: 'iptables REJECT --reject-with icmp-host-prohibited',
      outcome: 'unreachable',
      row: 'icmp-from-target',
      setup: (lab: Lab, srv: string) =>
        lab.iptables(srv, ['-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'REJECT', '--reject-with', 'icmp-host-prohibited']),
    },
  ])(
    '$name: the client report alone is judged host-firewall-reject ($outcome), not not-listening or no-route',
    async ({ name, outcome, row, setup }) => {
      await scenario(`rej${name.length}`, async (lab, pd, net) => {
        await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
        await setup(lab, net.srv);
        const probeRun = await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '2000', '--json']);
        expect(json<ProbeReport>(probeRun).outcome).toBe(outcome);
        const report = json<CheckReport>(
          await pd.run(net.srv, ['diagnose', '8080', '--client-report', await pd.save('probe.json', probeRun.stdout), '--json']),
        );
        expect(report.verdict.cause).toBe('host-firewall-reject');
        // An ICMP error's sender is read by the probe (issue 17 item 11): the target itself, so the row naming it decides;
        // a TCP reset carries no ICMP and keeps the refused row.
        expect(json<ProbeReport>(probeRun).icmp?.from).toBe(row === 'icmp-from-target' ? net.srvAddress : undefined);
        expect(report.findings.at(-1)?.evidence[0]?.text).toContain(row);
      });
    },
  );

  it('IPv6: nft reject with icmpx admin-prohibited reaches the client as EACCES, judged host-firewall-reject', async () => {
    await scenario('rej6', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '::', port: 8080 });
      await lab.nft(
        net.srv,
        'table inet pdc { chain input { type filter hook input priority 0; policy accept; tcp dport 8080 reject with icmpx admin-prohibited; }; }',
      );
      const probeRun = await pd.run(net.cli, ['probe', `[${net.srvAddress6}]:8080`, '--timeout', '3000', '--json']);
      expect(json<ProbeReport>(probeRun)).toMatchObject({ outcome: 'unreachable', error: 'EACCES', localAddress: 'fd00:232:1::2' });
      const report = json<CheckReport>(
        await pd.run(net.srv, ['diagnose', '8080', '--client-report', await pd.save('probe.json', probeRun.stdout), '--json']),
      );
      expect(report.verdict.cause).toBe('host-firewall-reject');
      expect(report.target.source).toBe('fd00:232:1::2');
    });
  });

  it('a down service with --stand-in: the client reaches our listener, so the path works and the cause is not-listening', async () => {
    await scenario('standdx', async (_lab, pd, net) => {
      const [diag, probeRun] = await Promise.all([
        pd.run(net.srv, ['diagnose', '8080', '--watch', '4', '--stand-in', '--json'], 60_000),
        sleep(2500).then(() => pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--json'])),
      ]);
      expect(json<ProbeReport>(probeRun).outcome).toBe('ok');
      const report = json<CheckReport>(diag);
      // No client report was passed, so the check (nothing listens) decides; the capture shows our listener answered.
      expect(report.verdict.cause).toBe('not-listening');
      const packets = report.steps.find((s) => s.id === 'packets');
      expect(packets?.evidence.find((e) => e.kind === 'stand-in')?.text).toMatch(/listened on :: itself: 1 connection/);
      expect(packets?.status).toBe('pass');
    });
  });

  it('a full accept queue: client times out, the SYN arrives unanswered, diagnose says accept-queue-overflow', async () => {
    await scenario('queue', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080, backlog: 1, stall: true });
      await sleep(300); // the listener stops accepting 50 ms after it listens
      // Fill the queue (backlog 1 holds two) from the client; later SYNs are dropped by the kernel.
      const fill = `const n=require('net');for(let i=0;i<3;i++){const s=n.connect({host:process.argv[1],port:8080,timeout:60000});s.on('error',()=>{})}setTimeout(()=>console.log('filled'),500);setInterval(()=>{},1000)`;
      await lab.spawn(net.cli, [process.execPath, '-e', fill, net.srvAddress], { ready: /^filled/m });
      const probeRun = await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '1500', '--json']);
      expect(json<ProbeReport>(probeRun).outcome).toBe('timeout');
      const [diag] = await Promise.all([
        pd.run(
          net.srv,
          ['diagnose', '8080', '--client-report', await pd.save('probe.json', probeRun.stdout), '--watch', '5', '--json'],
          60_000,
        ),
        sleep(2500).then(() => pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '1500'])),
      ]);
      const report = json<CheckReport>(diag);
      expect(report.verdict.cause).toBe('accept-queue-overflow');
      // watch samples the queue through its capture (issue 17 item 10): the counter rising while it is full decides.
      expect(report.findings.at(-1)?.evidence[0]?.text).toContain('timeout-queue-overflowing');
    });
  });
});
