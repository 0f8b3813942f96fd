import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCapturePermissionError, parseTcpdump, parseTcpdumpLine } from '../../../../electron/capture/parse-tcpdump';
import { summarizeCapture } from '../../../../electron/capture/summarize-capture';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/capture/${name}`, import.meta.url), 'utf8');

// Expected per-peer summaries of each real capture (SOURCES.md says what produced it).
const CASES: {
  file: string;
  packets: number;
  peers: Record<string, { syn: number; synAck: number; rst: number; icmp: number; retransmissions: number; result: string }>;
}[] = [
  { file: 'closed', packets: 2, peers: { '10.77.1.2': { syn: 1, synAck: 0, rst: 1, icmp: 0, retransmissions: 0, result: 'reset' } } },
  { file: 'handshake', packets: 8, peers: { '10.77.1.2': { syn: 1, synAck: 1, rst: 0, icmp: 0, retransmissions: 0, result: 'answered' } } },
  {
    file: 'host-drop',
    packets: 3,
    peers: { '10.77.1.2': { syn: 3, synAck: 0, rst: 0, icmp: 0, retransmissions: 2, result: 'unanswered' } },
  },
  {
    file: 'reject-admin-prohibited',
    packets: 2,
    peers: { '10.77.1.2': { syn: 1, synAck: 0, rst: 0, icmp: 1, retransmissions: 0, result: 'rejected' } },
  },
  {
    file: 'reject-tcp-reset',
    packets: 2,
    peers: { '10.77.1.2': { syn: 1, synAck: 0, rst: 1, icmp: 0, retransmissions: 0, result: 'reset' } },
  },
  {
    file: 'reject-icmp-port-unreachable',
    packets: 2,
    peers: { '10.77.1.2': { syn: 1, synAck: 0, rst: 0, icmp: 1, retransmissions: 0, result: 'rejected' } },
  },
  {
    file: 'reject-icmp-host-prohibited',
    packets: 2,
    peers: { '10.77.1.2': { syn: 1, synAck: 0, rst: 0, icmp: 1, retransmissions: 0, result: 'rejected' } },
  },
  { file: 'upstream-drop', packets: 0, peers: {} },
  {
    file: 'two-peers',
    packets: 11,
    peers: {
      '10.77.1.3': { syn: 1, synAck: 1, rst: 0, icmp: 0, retransmissions: 0, result: 'answered' },
      '10.77.1.2': { syn: 3, synAck: 0, rst: 0, icmp: 0, retransmissions: 2, result: 'unanswered' },
    },
  },
  { file: 'v6-closed', packets: 2, peers: { 'fd77:1::2': { syn: 1, synAck: 0, rst: 1, icmp: 0, retransmissions: 0, result: 'reset' } } },
  {
    file: 'v6-reject-admin-prohibited',
    packets: 4,
    peers: { 'fd77:1::2': { syn: 2, synAck: 0, rst: 0, icmp: 2, retransmissions: 1, result: 'rejected' } },
  },
];

describe('tcpdump parser and per-peer summary (real captures)', () => {
  it.each(CASES)('$file', ({ file, packets, peers }) => {
    const parsed = parseTcpdump(fixture(`${file}.tcpdump.txt`));
    expect(parsed).toHaveLength(packets);
    const summary = summarizeCapture(parsed, 8080);
    const got = Object.fromEntries(
      summary.map((p) => [
        p.address,
        { syn: p.syn, synAck: p.synAck, rst: p.rst, icmp: p.icmp, retransmissions: p.retransmissions, result: p.result },
      ]),
    );
    expect(got).toEqual(peers);
  });

  it('reads the interface, direction, family, ports, flags and sequence number', () => {
    const [syn, rst] = parseTcpdump(fixture('closed.tcpdump.txt'));
    expect(syn).toMatchObject({
      time: '2026-11-21 05:18:43.855947',
      iface: 'pdc-s0',
      direction: 'in',
      family: 4,
      src: '10.77.1.2',
      sport: 49474,
      dst: '10.77.2.2',
      dport: 8080,
      protocol: 'tcp',
      flags: 'S',
      seq: 1551536024,
    });
    expect(rst).toMatchObject({ direction: 'out', src: '10.77.2.2', sport: 8080, dst: '10.77.1.2', flags: 'R.' });
    const [, v6rst] = parseTcpdump(fixture('v6-closed.tcpdump.txt'));
    expect(v6rst).toMatchObject({ family: 6, src: 'fd77:2::2', sport: 8080, dst: 'fd77:1::2', dport: 52920 });
  });

  it('keeps what the ICMP errors said', () => {
    const [peer] = summarizeCapture(parseTcpdump(fixture('reject-admin-prohibited.tcpdump.txt')), 8080);
    expect(peer?.icmpTypes).toEqual(['host 10.77.2.2 unreachable - admin prohibited filter']);
    const [v6] = summarizeCapture(parseTcpdump(fixture('v6-reject-admin-prohibited.tcpdump.txt')), 8080);
    expect(v6?.icmpTypes).toEqual(['unreachable prohibited fd77:2::2']);
  });

  it('counts loopback traffic once (tcpdump -i any shows lo packets as In only)', () => {
    const summary = summarizeCapture(parseTcpdump(fixture('loopback-closed.tcpdump.txt')), 8090);
    expect(summary).toEqual([expect.objectContaining({ address: '127.0.0.1', syn: 1, rst: 1, result: 'reset' })]);
  });

  it('ignores headers, stats and junk, and another port', () => {
    expect(parseTcpdump(fixture('closed.tcpdump.stderr.txt'))).toEqual([]);
    expect(parseTcpdumpLine('IP 1.2.3.4 > 5.6.7.8: junk')).toBeNull();
    expect(parseTcpdumpLine('')).toBeNull();
    expect(summarizeCapture(parseTcpdump(fixture('closed.tcpdump.txt')), 9090)).toEqual([]);
  });

  it('recognises the no-permission message', () => {
    expect(isCapturePermissionError(fixture('no-permission.tcpdump.stderr.txt'))).toBe(true);
    expect(isCapturePermissionError(fixture('closed.tcpdump.stderr.txt'))).toBe(false);
  });
});
