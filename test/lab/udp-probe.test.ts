import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProbeReportSchema } from '../../shared/schemas/report';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { cliArgv } from './harness/private-cli';
import { requireBuiltCli, serverAndClient } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));

// A UDP server that answers only a datagram that parses as a DNS query (12-byte header, one question) or an NTP client
// request (48 bytes, mode 3): so an answer proves the probe sent the protocol's own payload, as a real service needs.
const SERVER = `
import socket, struct, sys
port, kind = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', port))
print('ready', flush=True)
while True:
    d, a = s.recvfrom(2048)
    if kind == 'dns' and len(d) >= 17 and struct.unpack('!H', d[4:6])[0] == 1:
        s.sendto(d[:2] + b'\\x81\\x05' + d[4:], a)
    elif kind == 'ntp' and len(d) == 48 and d[0] & 7 == 3:
        s.sendto(bytes([0x1c]) + bytes(47), a)
    elif kind == 'echo' and len(d) == 0:
        s.sendto(b'pong', a)
`;

async function udpServer(lab: Lab, ns: string, port: number, kind: 'dns' | 'ntp' | 'echo' | 'mute'): Promise<void> {
  await lab.spawn(ns, ['python3', '-c', SERVER, String(port), kind], { ready: /ready/, readyTimeoutMs: 10_000 });
}

async function probe(lab: Lab, ns: string, target: string, extra: string[] = []) {
  const r = await lab.exec(ns, [...cliArgv(CLI), 'probe', target, '--udp', '--json', '--timeout', '1500', ...extra], { timeoutMs: 30_000 });
  return { code: r.code, report: ProbeReportSchema.parse(JSON.parse(r.stdout)), raw: r };
}

// Issue 13 item 8: `probe host:port --udp` — an answer = open, ICMP port-unreachable = closed, silence = open|filtered.
describe.skipIf(!labAvailable())('lab: UDP probe from the client namespace', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it('open (DNS on 53 and NTP on 123 answer only their own payload; an empty datagram elsewhere), closed, open|filtered', async () => {
    await withLab({ prefix: 'pdu-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      await udpServer(lab, srv, 53, 'dns');
      await udpServer(lab, srv, 123, 'ntp');
      await udpServer(lab, srv, 7000, 'echo');
      await udpServer(lab, srv, 7001, 'mute');

      for (const [port, payload] of [
        [53, 'dns'],
        [123, 'ntp'],
        [7000, 'empty'],
      ] as const) {
        const open = await probe(lab, cli, `10.231.1.1:${port}`);
        expect(open.code, `${port}: ${open.raw.stderr}`).toBe(0);
        expect(open.report).toMatchObject({
          outcome: 'ok',
          cause: 'ok',
          target: { protocol: 'udp', port },
          udp: { state: 'open', payload },
        });
      }

      // Nothing on 7002: the kernel answers with ICMP port-unreachable.
      const closed = await probe(lab, cli, '10.231.1.1:7002');
      expect(closed.code).toBe(1);
      expect(closed.report).toMatchObject({ outcome: 'refused', cause: 'unknown', udp: { state: 'closed' } });
      expect(closed.report.candidates).toContain('not-listening');

      // A service that ignores the datagram looks exactly like a firewall that drops it: open|filtered, never "closed".
      const mute = await probe(lab, cli, '10.231.1.1:7001');
      expect(mute.report).toMatchObject({ outcome: 'timeout', cause: 'unknown', udp: { state: 'open|filtered', sent: 2 } });

      await lab.nft(srv, 'table inet pdu { chain input { type filter hook input priority 0; policy accept; udp dport 7002 drop; }; }');
      const dropped = await probe(lab, cli, '10.231.1.1:7002');
      expect(dropped.report).toMatchObject({ outcome: 'timeout', udp: { state: 'open|filtered' } });
      expect(dropped.report.candidates).toEqual(['host-firewall-drop', 'upstream-filtered']);
      const text = await lab.exec(cli, [...cliArgv(CLI), 'probe', '10.231.1.1:7002', '--udp', '--timeout', '1000', '--lang', 'zh-CN']);
      expect(text.stdout).toContain('10.231.1.1:7002/udp → 超时');
      expect(text.stdout).toContain('portdoctor check 7002 --protocol udp');
    });
  });

  it('diagnose refuses to join a UDP probe (the decision table is for TCP) with one line, instead of a wrong verdict', async () => {
    await withLab({ prefix: 'pdu-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      const { report } = await probe(lab, cli, '10.231.1.1:7003');
      const file = `/tmp/pdu-probe-${process.pid}.json`;
      await lab.must(srv, ['sh', '-c', `cat > ${file}`], { input: JSON.stringify(report) });
      try {
        const r = await lab.exec(srv, [...cliArgv(CLI), 'diagnose', '7003', '--client-report', file]);
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain('portdoctor check 7003 --protocol udp');
      } finally {
        await lab.exec(srv, ['rm', '-f', file]);
      }
    });
  });
});
