import { describe, expect, it } from 'vitest';
import { CAUSE_PRECEDENCE, diagnoseCheck } from '../../../../shared/diagnose/diagnose-check';
import type { CheckFacts, FirewallFacts } from '../../../../shared/diagnose/facts';
import type { FirewallVerdict } from '../../../../shared/firewall/types';
import type { Socket } from '../../../../shared/schemas/ports';
import { CheckReportSchema } from '../../../../shared/schemas/report';
import { unavailable } from '../../../../shared/schemas/common';

const listener = (localAddress: string, extra: Partial<Socket> = {}): Socket => ({
  protocol: 'tcp',
  family: localAddress.includes(':') ? 6 : 4,
  state: 'LISTEN',
  localAddress,
  localPort: 8080,
  remoteAddress: localAddress.includes(':') ? '::' : '0.0.0.0',
  remotePort: 0,
  recvQ: 0,
  sendQ: 511,
  inode: 1,
  owner: { pid: 42, name: 'nginx', command: 'nginx: master process', user: 'root' },
  ...extra,
});

const verdict = (decision: FirewallVerdict['decision'], extra: Partial<FirewallVerdict> = {}): FirewallVerdict => ({
  backend: 'nftables',
  decision,
  trace: [],
  notes: [],
  rule: { backend: 'nftables', table: 'inet filter', chain: 'input', handle: 7, text: `tcp dport 8080 ${decision}` },
  ...extra,
});

const firewall = (v: FirewallVerdict | null, extra: Partial<FirewallFacts> = {}): CheckFacts['firewall'] => ({
  kind: 'ok',
  data: { present: ['nftables'], inCharge: 'nftables', verdict: v, commands: [], ...extra },
});

function facts(over: Partial<CheckFacts> = {}): CheckFacts {
  return {
    platform: 'linux',
    target: { port: 8080, protocol: 'tcp', source: '10.0.0.5' },
    listeners: { kind: 'ok', data: [listener('0.0.0.0')] },
    addresses: { kind: 'ok', data: [{ interface: 'eth0', address: '192.0.2.2', family: 4 }] },
    localConnect: { kind: 'ok', data: [{ address: '127.0.0.1', outcome: 'ok', elapsedMs: 1 }] },
    firewall: firewall(verdict('accept')),
    route: { kind: 'ok', data: { client: '10.0.0.5', localAddress: '192.0.2.2', interface: 'eth0' } },
    ...over,
  };
}

/** No listener in the table, and the loopback connect refused: what a port nobody listens on looks like. */
const nothing: Pick<CheckFacts, 'listeners' | 'localConnect'> = {
  listeners: { kind: 'ok', data: [] },
  localConnect: { kind: 'ok', data: [{ address: '127.0.0.1', outcome: 'refused', elapsedMs: 1, error: 'ECONNREFUSED' }] },
};

describe('diagnoseCheck', () => {
  it.each<[string, Partial<CheckFacts>, string]>([
    ['everything passes', {}, 'ok'],
    ['nothing listens', { ...nothing }, 'not-listening'],
    ['nothing listens and the firewall drops: the inner link wins', { ...nothing, firewall: firewall(verdict('drop')) }, 'not-listening'],
    [
      'loopback only and the firewall drops',
      { listeners: { kind: 'ok', data: [listener('127.0.0.1')] }, firewall: firewall(verdict('drop')) },
      'loopback-only',
    ],
    [
      'bound to another address than the route uses',
      { listeners: { kind: 'ok', data: [listener('198.51.100.7')] } },
      'bound-other-address',
    ],
    ['IPv6 only, IPv4 client', { listeners: { kind: 'ok', data: [listener('::', { v6Only: true })] } }, 'address-family-mismatch'],
    ['dual-stack :: reached by an IPv4 client', { listeners: { kind: 'ok', data: [listener('::', { v6Only: false })] } }, 'ok'],
    ['queue full', { listeners: { kind: 'ok', data: [listener('0.0.0.0', { recvQ: 129, sendQ: 128 })] } }, 'accept-queue-overflow'],
    ['firewall drop', { firewall: firewall(verdict('drop')) }, 'host-firewall-drop'],
    ['firewall reject', { firewall: firewall(verdict('reject', { rejectWith: 'tcp reset' })) }, 'host-firewall-reject'],
    ['held by another process than expected', { target: { port: 8080, protocol: 'tcp', expect: 'caddy' } }, 'port-in-use'],
  ])('%s → %s', (_name, over, cause) => {
    const report = diagnoseCheck(facts(over));
    expect(report.verdict.cause).toBe(cause);
    expect(CheckReportSchema.safeParse(report).success).toBe(true);
    if (cause !== 'ok')
      expect(report.findings.some((f) => f.cause === cause && f.severity === 'error' && f.evidence.length > 0)).toBe(true);
  });

  it('reports kernel state as information, not as a cause', () => {
    const report = diagnoseCheck(
      facts({
        kernel: {
          kind: 'ok',
          data: {
            somaxconn: 4096,
            tcpTwReuse: 2,
            ipForward: false,
            timeWait: 3,
            closeWait: 1,
            localPortRange: [32768, 60999],
            localPortsInUse: 12,
          },
        },
      }),
    );
    expect(report.verdict.cause).toBe('ok');
    const info = report.findings.find((f) => f.severity === 'info');
    expect(info?.evidence.map((e) => e.text)).toEqual([
      '3 TIME-WAIT connection(s) on the port',
      '1 CLOSE-WAIT connection(s) on the port: the application does not close them',
      'net.core.somaxconn 4096, net.ipv4.tcp_tw_reuse 2, net.ipv4.ip_forward 0',
      'ephemeral ports 32768–60999: 12 of 28232 in use',
    ]);
  });

  it('names the deciding rule and the fix for a drop', () => {
    const report = diagnoseCheck(facts({ firewall: firewall(verdict('drop')) }));
    const rule = report.steps[2]?.evidence.find((e) => e.kind === 'rule');
    expect(rule?.text).toBe('The nftables rule `tcp dport 8080 drop` (table inet filter, chain input, handle 7) drops the packet.');
    expect(report.verdict.fixes[0]?.commands).toEqual(['portdoctor fix 8080 --protocol tcp --source 10.0.0.5 --dry-run']);
  });

  it('never passes on unknown ground', () => {
    const u = diagnoseCheck(facts({ firewall: unavailable('needs-admin', 'nft: Operation not permitted', 'sudo nft list ruleset') }));
    expect(u.steps[2]).toMatchObject({ status: 'unknown', reason: 'needs-admin' });
    expect(u.verdict).toMatchObject({ cause: 'unknown', partial: true });
    expect(u.verdict.summary).toMatch(/^Not verified: .*firewall \(needs-admin\)/);
    const undecided = diagnoseCheck(
      facts({ firewall: firewall(verdict('unknown', { unknownReason: 'xt match "recent" cannot be judged statically' })) }),
    );
    expect(undecided.steps[2]?.status).toBe('unknown');
    expect(undecided.steps[2]?.summary).toMatch(/recent/);
    const noSockets = diagnoseCheck(facts({ listeners: unavailable('needs-admin', 'denied', 'ss -ltnp') }));
    expect(noSockets.steps[0]?.status).toBe('unknown');
    expect(noSockets.steps[1]?.status).toBe('skipped');
    expect(noSockets.verdict.partial).toBe(true);
  });

  it('keeps a found cause when another step is unknown, and marks it partial', () => {
    const report = diagnoseCheck(
      facts({ listeners: { kind: 'ok', data: [listener('127.0.0.1')] }, firewall: unavailable('timeout', 'nft did not finish') }),
    );
    expect(report.verdict).toMatchObject({ cause: 'loopback-only', partial: true });
  });

  it('without --source judges a client from another network and says who is let in', () => {
    const report = diagnoseCheck(
      facts({
        target: { port: 8080, protocol: 'tcp' },
        route: undefined,
        firewall: firewall(verdict('drop'), { evaluatedSource: '203.0.113.10', allowedSources: ['10.0.0.0/8'] }),
      }),
    );
    expect(report.verdict.cause).toBe('host-firewall-drop');
    expect(report.steps[2]?.summary).toMatch(/from another network \(203\.0\.113\.10 stands for it\)/);
    expect(report.steps[2]?.evidence.find((e) => e.kind === 'allowed-sources')?.text).toBe('sources the rules let in: 10.0.0.0/8');
  });

  it('forwarding-disabled before not-listening when the port is DNATed elsewhere', () => {
    const report = diagnoseCheck(
      facts({
        ...nothing,
        forwarding: {
          kind: 'ok',
          data: {
            ipForward: false,
            published: [
              {
                externalPort: 8080,
                internalAddress: '172.17.0.2',
                internalPort: 80,
                source: 'linux.iptables.nft.save',
                text: '-A DOCKER … -j DNAT --to-destination 172.17.0.2:80',
              },
            ],
          },
        },
      }),
    );
    expect(report.verdict.cause).toBe('forwarding-disabled');
    expect(CAUSE_PRECEDENCE.indexOf('forwarding-disabled')).toBeLessThan(CAUSE_PRECEDENCE.indexOf('not-listening'));
  });

  it('privileged-port when the expected service runs without privilege below the unprivileged start', () => {
    const report = diagnoseCheck(
      facts({
        target: { port: 80, protocol: 'tcp', expect: 'web' },
        ...nothing,
        expected: { kind: 'ok', data: [{ pid: 9, name: 'web', uid: 1000, canBindPrivileged: false }] },
        kernel: { kind: 'ok', data: { unprivilegedPortStart: 1024 } },
      }),
    );
    expect(report.verdict.cause).toBe('privileged-port');
    // With CAP_NET_BIND_SERVICE it is an ordinary not-listening.
    const capable = diagnoseCheck(
      facts({
        target: { port: 80, protocol: 'tcp', expect: 'web' },
        ...nothing,
        expected: { kind: 'ok', data: [{ pid: 9, name: 'web', uid: 1000, canBindPrivileged: true }] },
      }),
    );
    expect(capable.verdict.cause).toBe('not-listening');
  });

  it('never says not-listening when its own loopback connect succeeded (issue 17 item 14)', () => {
    const report = diagnoseCheck(facts({ listeners: { kind: 'ok', data: [] } }));
    expect(report.verdict).toMatchObject({ cause: 'unknown', partial: true });
    expect(report.steps[0]).toMatchObject({
      status: 'unknown',
      reason: 'inconsistent',
      summary: expect.stringMatching(/answered on loopback \(127\.0\.0\.1:8080\)/) as unknown,
    });
    expect(report.findings.some((f) => f.cause === 'not-listening')).toBe(false);
    expect(CheckReportSchema.safeParse(report).success).toBe(true);
    // A refused or timed-out connect proves nothing: still not-listening.
    const refused = diagnoseCheck(
      facts({
        listeners: { kind: 'ok', data: [] },
        localConnect: { kind: 'ok', data: [{ address: '127.0.0.1', outcome: 'timeout', elapsedMs: 1000 }] },
      }),
    );
    expect(refused.verdict.cause).toBe('not-listening');
  });
});
