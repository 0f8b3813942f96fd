import { describe, expect, it } from 'vitest';
import { labAvailable } from './harness';
import type { Lab } from './harness';
import { cliArgv } from './harness/private-cli';
import type { PdRunner } from './harness/client-path';
import { json, useClientLab } from './support/client-lab';
import type { ClientNet } from './support/client-lab';
import type { CheckReport, ProbeReport } from '../../shared/schemas/report';

const run = labAvailable();
// In the server's subnet but assigned to nobody: the router's ARP gets no answer, so the client's SYN goes nowhere.
const WRONG = '10.232.2.50';
const NAME = 'svc.pdc-lab';

/** Probe `svc.pdc-lab:8080` from the client with a private /etc/hosts mapping the name to `address` (real resolution). */
async function probeThroughHosts(
  lab: Lab,
  pd: PdRunner,
  cli: () => string,
  net: ClientNet,
  address: string,
): Promise<{ probe: ProbeReport; file: string }> {
  // The client's own mount namespace: the host's /etc/hosts is never touched.
  const iso = await lab.isolate(net.cli, ['/etc/hosts']);
  await iso.must(['tee', '-a', '/etc/hosts'], { input: `${address} ${NAME}\n` });
  const r = await iso.exec([...cliArgv(cli()), 'probe', `${NAME}:8080`, '--timeout', '1500', '--json'], { timeoutMs: 30_000 });
  return { probe: json<ProbeReport>(r), file: await pd.save('probe.json', r.stdout) };
}

describe.skipIf(!run)('a client whose hosts file names the wrong address (issue 17 item 9)', () => {
  const { scenario, cliPath } = useClientLab('wrong-address');

  it('diagnose compares the address the client used with this host’s own: dns-failure, showing both', async () => {
    await scenario('wrongaddr', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      const { probe, file } = await probeThroughHosts(lab, pd, cliPath, net, WRONG);
      expect(probe).toMatchObject({ outcome: 'timeout', remoteAddress: WRONG, addresses: [WRONG] });
      expect(probe.resolution?.fromHostsFile).toBe(true);

      const report = json<CheckReport>(await pd.run(net.srv, ['diagnose', '8080', '--client-report', file, '--json']));
      expect(report.host?.addresses).toContain(net.srvAddress);
      expect(report.verdict.cause).toBe('dns-failure');
      const joined = report.findings.at(-1);
      expect(joined?.evidence[0]?.data?.rule).toBe('client-wrong-address');
      const address = joined?.evidence.find((e) => e.kind === 'address');
      expect(address?.text).toContain(`the client’s hosts file maps ${NAME} to ${WRONG}, which is none of this host’s addresses (`);
      expect(address?.text).toContain(net.srvAddress);
      expect(address?.data).toMatchObject({ resolvedTo: WRONG, fromHostsFile: true });
      // No public address was named: a NAT in front stays possible, and the user is told how to say so.
      expect(report.verdict.partial).toBe(true);
      expect(joined?.evidence.find((e) => e.kind === 'note')?.text).toContain(`--public-address ${WRONG}`);

      const zh = await pd.run(net.srv, ['diagnose', '8080', '--client-report', file, '--lang', 'zh-CN']);
      expect(zh.stdout).toContain(`客户端的 hosts 文件把 ${NAME} 映射到 ${WRONG}，它不是本机的任何地址（`);

      // Named as this host's public (NAT) address, the same report is judged by the path again: nothing arrives.
      const named = json<CheckReport>(
        await pd.run(net.srv, ['diagnose', '8080', '--client-report', file, '--public-address', WRONG, '--json']),
      );
      expect(named.verdict.cause).toBe('upstream-filtered');
    });
  });

  it('a right hosts entry with a router dropping the SYN stays upstream-filtered', async () => {
    await scenario('rightaddr', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(net.rtr, 'table inet pdc { chain fw { type filter hook forward priority 0; policy accept; tcp dport 8080 drop; }; }');
      const { probe, file } = await probeThroughHosts(lab, pd, cliPath, net, net.srvAddress);
      expect(probe).toMatchObject({ outcome: 'timeout', remoteAddress: net.srvAddress });
      const report = json<CheckReport>(await pd.run(net.srv, ['diagnose', '8080', '--client-report', file, '--json']));
      expect(report.verdict.cause).toBe('upstream-filtered');
      expect(report.findings.at(-1)?.evidence.some((e) => e.kind === 'address')).toBe(false);
    });
  });
});
