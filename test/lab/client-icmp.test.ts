import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labAvailable } from './harness';
import type { PdRunner } from './harness/client-path';
import { json, useClientLab } from './support/client-lab';
import type { ClientNet } from './support/client-lab';
import type { CheckReport, ProbeReport } from '../../shared/schemas/report';

const REPORTS = fileURLToPath(new URL('../fixtures/capture/reports/', import.meta.url));

// Issue 17 item 11: client → router → server, a REJECT with an ICMP type on the router's FORWARD path or on the
// server's INPUT. The probe reads who sent the ICMP error (IP_RECVERR) and the verdict follows the sender: a hop
// before the target is a filter on the path (naming it), the target itself is its firewall — never `no-route`.
const CODES = [
  { reject: 'icmp-admin-prohibited', code: 13, name: 'admin-prohibited', errno: 'EHOSTUNREACH', hopCause: 'upstream-filtered' },
  { reject: 'icmp-net-unreachable', code: 0, name: 'net-unreachable', errno: 'ENETUNREACH', hopCause: 'unknown' },
  { reject: 'icmp-host-unreachable', code: 1, name: 'host-unreachable', errno: 'EHOSTUNREACH', hopCause: 'unknown' },
] as const;

async function probeAndDiagnose(
  pd: PdRunner,
  net: ClientNet,
  name: string,
): Promise<{ probe: ProbeReport; probeText: string; report: CheckReport }> {
  const run = await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '2000', '--json']);
  const probe = json<ProbeReport>(run);
  const diag = await pd.run(net.srv, ['diagnose', '8080', '--client-report', await pd.save(`${name}.json`, run.stdout), '--json']);
  if (process.env.CAPTURE_FIXTURES === '1') {
    await writeFile(`${REPORTS}${name}.probe.json`, `${JSON.stringify(probe, null, 2)}\n`);
    const check = await pd.run(net.srv, ['check', '8080', '--source', probe.localAddress ?? '', '--json']);
    await writeFile(`${REPORTS}${name}.check.json`, `${JSON.stringify(json<CheckReport>(check), null, 2)}\n`);
  }
  return { probe, probeText: run.stdout, report: json<CheckReport>(diag) };
}

const evidenceText = (r: { evidence?: { kind: string; text: string }[] }, kind: string) =>
  (r.evidence ?? [])
    .filter((e) => e.kind === kind)
    .map((e) => e.text)
    .join(' | ');

describe.skipIf(!labAvailable())('the sender of the ICMP error places the stop (namespaces)', () => {
  const { scenario } = useClientLab('client-icmp');

  it('the router rejects: upstream-filtered naming the router, for each ICMP code, never no-route', async () => {
    await scenario('icmphop', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      for (const c of CODES) {
        await lab.iptables(net.rtr, ['-F', 'FORWARD']);
        await lab.iptables(net.rtr, ['-A', 'FORWARD', '-p', 'tcp', '--dport', '8080', '-j', 'REJECT', '--reject-with', c.reject]);
        const { probe, report } = await probeAndDiagnose(pd, net, `router-${c.name}`);
        // Before: `no-route` (row unreachable-no-route), although the client's own route works.
        expect(report.verdict.cause).toBe('upstream-filtered');
        expect(probe).toMatchObject({
          outcome: 'unreachable',
          error: c.errno,
          icmp: { family: 4, type: 3, code: c.code, from: '10.232.1.1' },
          cause: c.hopCause,
        });
        if (c.hopCause === 'unknown') expect(probe.candidates).toEqual(['upstream-filtered', 'no-route']);
        expect(evidenceText(probe, 'icmp')).toContain(
          `ICMP ${c.name} (type 3, code ${c.code}) came from 10.232.1.1, a hop before 10.232.2.2`,
        );
        // The client's own route works: it is printed, and the verdict is not no-route.
        expect(probe.route?.text).toMatch(/^10\.232\.2\.2 via 10\.232\.1\.1 dev/);
        expect(report.verdict.cause).toBe('upstream-filtered');
        expect(report.verdict.partial ?? false).toBe(c.hopCause === 'unknown');
        const decided = report.findings.at(-1)?.evidence ?? [];
        expect(decided[0]?.text).toContain('icmp-from-hop');
        expect(decided.find((e) => e.kind === 'icmp')?.text).toMatch(/came from 10\.232\.1\.1, a hop before 10\.232\.2\.2/);
      }
      // Chinese: the same sentence in the probe's text output.
      const zh = await pd.run(net.cli, ['probe', `${net.srvAddress}:8080`, '--timeout', '2000', '--lang', 'zh-CN']);
      expect(zh.stdout).toContain('来自 10.232.1.1，这是 10.232.2.2 之前的一跳');
    });
  });

  it('the target rejects with ICMP: host-firewall-reject from the client alone, for each code and port-unreachable', async () => {
    await scenario('icmptgt', async (lab, pd, net) => {
      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      for (const c of [...CODES, { reject: 'icmp-port-unreachable', code: 3, name: 'port-unreachable', errno: 'ECONNREFUSED' }]) {
        await lab.iptables(net.srv, ['-F', 'INPUT']);
        await lab.iptables(net.srv, ['-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'REJECT', '--reject-with', c.reject]);
        const { probe, report } = await probeAndDiagnose(pd, net, `target-${c.name}`);
        expect(probe).toMatchObject({ error: c.errno, icmp: { type: 3, code: c.code, from: '10.232.2.2' }, cause: 'host-firewall-reject' });
        expect(probe.candidates).toBeUndefined();
        expect(evidenceText(probe, 'icmp')).toContain(`ICMP ${c.name} (type 3, code ${c.code}) came from 10.232.2.2, the target itself`);
        expect(report.verdict.cause).toBe('host-firewall-reject');
        expect(report.findings.at(-1)?.evidence[0]?.text).toContain('icmp-from-target');
      }
      // Nothing listening: a reset, no ICMP; the probe says so and keeps its candidates.
      await lab.iptables(net.srv, ['-F', 'INPUT']);
      const closed = json<ProbeReport>(await pd.run(net.cli, ['probe', `${net.srvAddress}:8081`, '--timeout', '2000', '--json']));
      expect(closed).toMatchObject({ outcome: 'refused', cause: 'unknown' });
      expect(closed.icmp).toBeUndefined();
      expect(evidenceText(closed, 'icmp')).toMatch(/the refusal is a TCP reset/);
    });
  });
});
