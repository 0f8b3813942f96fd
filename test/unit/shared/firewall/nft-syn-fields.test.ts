import { describe, expect, it } from 'vitest';
import { evaluateNftables } from '../../../../shared/firewall/nft/evaluate';
import { parseNftRuleset } from '../../../../shared/firewall/nft/parse-nft-ruleset';
import { synHeaders, tcpdumpBytes } from '../../../../shared/firewall/syn-headers';
import type { ConnectedNetwork, InboundPacket } from '../../../../shared/firewall/types';
import { fixture } from './fixtures';

// Issue #17 item 7: what depends only on the SYN and the host is judged, the rest stays unknown. Rule lines from the
// nftables test suite as the real nft 1.0.6 listed them (nft-syn-fields.json: line → `nft -j list ruleset` after
// loading it alone into an input chain, policy opposite to its verdict), and a SYN the lab captured with tcpdump
// (syn-capture.json: a Linux client over veth, MTU 1500) with the server's `ip -j addr` interfaces.
const LINES = JSON.parse(fixture('nft-syn-fields.json')) as Record<string, unknown>;
const CAPTURE = JSON.parse(fixture('syn-capture.json')) as { tcpdump: string; links: ConnectedNetwork[] };
const HEADERS = synHeaders(tcpdumpBytes(CAPTURE.tcpdump));
const SERVER = CAPTURE.links.find((l) => l.iface !== 'lo' && !l.address.includes(':'))?.address ?? '';

/** The captured SYN to the lab server from 192.168.1.5, judged on 2026-12-05. */
function packet(extra: Partial<InboundPacket> = {}): InboundPacket {
  return {
    family: 4,
    protocol: 'tcp',
    source: '192.168.1.5',
    destination: SERVER,
    dport: 22,
    sport: 40000,
    iif: 'eth0',
    links: CAPTURE.links,
    ...(HEADERS ? { headers: HEADERS } : {}),
    at: Date.UTC(2026, 11, 5, 12),
    ...extra,
  };
}

function decide(line: string, p: InboundPacket = packet()): string {
  const doc = LINES[line];
  if (!doc) throw new Error(`no listing for ${line}`);
  const r = parseNftRuleset(JSON.stringify(doc));
  if (r.kind !== 'ok') throw new Error(r.detail);
  const v = evaluateNftables(r.data, p);
  return v.decision === 'unknown' ? `unknown: ${v.unknownReason ?? ''}` : v.decision;
}

describe('the captured SYN', () => {
  it('parses as the client kernel sent it: MSS 1460, SACK permitted, timestamps, window scale; DF, TTL 64', () => {
    expect(HEADERS).toMatchObject({
      length: 60,
      ttl: 64,
      fragOff: 0x4000,
      hdrLength: 5,
      dscp: 0,
      ecn: 0,
      tcp: { ackseq: 0, doff: 10, urgptr: 0 },
    });
    expect(HEADERS?.tcp?.options?.map((o) => o.kind)).toEqual([2, 4, 8, 1, 3]);
    expect(HEADERS?.tcp?.options?.[0]?.data).toEqual([0x05, 0xb4]);
    // The timestamp's values change with every connection: not kept.
    expect(HEADERS?.tcp?.options?.[2]?.data).toBeUndefined();
    expect(synHeaders(tcpdumpBytes(CAPTURE.tcpdump).slice(0, 30))).toBeNull();
  });
});

describe('nft: matches on what the SYN carries', () => {
  it.each([
    ['sctp chunk init exists', 'accept'],
    ['tcp option maxseg size 1', 'accept'],
    ['tcp option sack exists', 'accept'],
    ['tcp option sack-perm exists', 'drop'],
    ['tcp option 6 exists', 'accept'],
    ['tcp option 255 missing', 'drop'],
    ['tcp option window count 1', 'accept'],
    ['ip ttl 233', 'accept'],
    ['ip ttl != 45-50', 'drop'],
    ['ip length 232', 'accept'],
    ['ip dscp cs1', 'accept'],
    ['ip dscp != cs1', 'drop'],
    ['ip frag-off 222 accept', 'drop'],
    ['tcp window 22222', 'accept'],
    ['tcp urgptr 1234 accept', 'drop'],
    ['tcp ackseq != 233', 'drop'],
    ['meta length { 33-55, 56-88, 100-120}', 'drop'],
    ['meta l4proto 33-45', 'accept'],
    ['meta l4proto != 33-45', 'drop'],
    ['meta mark 0xffffff00/24', 'accept'],
    ['tcp flags & (fin | syn | rst | psh | ack | urg) == { fin, ack, psh | ack, fin | psh | ack }', 'accept'],
  ])('%s: %s', (line, want) => {
    expect(decide(line)).toBe(want);
  });

  it('without a captured SYN the same header matches stay unknown', () => {
    const bare = packet({ headers: undefined });
    for (const line of ['tcp option maxseg size 1', 'ip ttl 233', 'tcp window 22222', 'meta length { 33-55, 56-88, 100-120}'])
      expect(decide(line, bare)).toMatch(/^unknown: .*not known/);
    // A UDP datagram has no TCP options whatever was captured.
    expect(decide('tcp option sack-perm exists', packet({ protocol: 'udp' }))).toBe('accept');
  });

  it('fields that change with every SYN stay unknown even with a capture', () => {
    for (const line of ['ip id 22', 'tcp sequence 22']) expect(decide(line)).toMatch(/^unknown: .*of this SYN is not known/);
  });
});

describe('nft: the interfaces, priority, socket and conntrack of an arriving SYN', () => {
  it.each([
    ['meta iiftype ether', 'drop'],
    ['meta iiftype != ppp', 'drop'],
    ['meta iifgroup 0', 'drop'],
    ['meta iifgroup {11-33, 44-55}', 'accept'],
    // No output interface on the way to a local socket: an empty name, index 0; type and group break the rule.
    ['meta oifname "dummy0"', 'accept'],
    ['meta oifname != "dummy0"', 'drop'],
    ['meta oif "lo" accept', 'drop'],
    ['meta oifgroup != 0', 'accept'],
    ['meta oiftype != ether', 'accept'],
    ['meta priority none', 'drop'],
    ['meta priority 1:1234', 'accept'],
    ['meta priority bcad:dada-bcad:dadc', 'accept'],
    ['meta cgroup != 1048577', 'accept'],
    ['ct zone 0', 'drop'],
    ['ct zone 23', 'accept'],
    ['ct l3proto ipv4', 'drop'],
    ['ct original ip daddr 192.168.0.1', 'accept'],
    ['ct original ip saddr 192.168.1.0/24', 'drop'],
    ['ct protocol 6 ct original proto-dst 22', 'drop'],
  ])('%s: %s', (line, want) => {
    expect(decide(line)).toBe(want);
  });

  it("the input interface's type and group are unknown when the host's interfaces were not read", () => {
    expect(decide('meta iiftype ether', packet({ links: [] }))).toMatch(/^unknown: .*meta iiftype: the link type of eth0 is not known/);
    expect(decide('meta iifgroup 0', packet({ links: [] }))).toMatch(/^unknown: .*meta iifgroup: the group of eth0 is not known/);
  });

  it('a priority is unknown once a rule sets one; cpu and conntrack timers stay runtime state', () => {
    // The `meta priority set cafe:beef` rule (its drop left out) ahead of `meta priority none drop`.
    type Doc = { nftables: Record<string, { expr?: unknown[]; handle?: number }>[] };
    const setter = (LINES['meta priority set cafe:beef'] as Doc).nftables.find((i) => i.rule)?.rule;
    const doc = structuredClone(LINES['meta priority none']) as Doc;
    const at = doc.nftables.findIndex((i) => i.rule);
    doc.nftables.splice(at, 0, {
      rule: { ...setter, handle: 99, expr: (setter?.expr ?? []).filter((e) => !(typeof e === 'object' && e !== null && 'drop' in e)) },
    });
    LINES['priority set, then matched'] = doc;
    expect(decide('priority set, then matched')).toMatch(/^unknown: .*meta priority: a rule on this host sets/);
    for (const line of ['meta cpu 1', 'ct expiration 30s']) expect(decide(line)).toMatch(/^unknown: .*runtime state/);
  });
});

describe('nft: map lookups and the time of the SYN', () => {
  it('a map without the key ends the rule; `*` holds every key', () => {
    expect(decide('mark set ip saddr map { 10.2.3.2 : 0x0000002a, 10.2.3.1 : 0x00000017}')).toBe('accept');
    expect(decide('meta mark set ip saddr map { 1.1.1.1 : 0x00000001, * : 0x00000002 }')).toBe('drop');
    expect(decide('ip saddr vmap { 1.1.1.1 : drop, * : accept }')).toBe('accept');
  });

  it('meta time far from the instant decides; near it, or without it, unknown', () => {
    expect(decide('meta time < "2022-07-01 11:00:00" accept')).toBe('drop');
    expect(decide('meta time "2019-07-01 00:00:00" drop')).toBe('accept');
    expect(decide('meta time < "2022-07-01 11:00:00" accept', packet({ at: Date.UTC(2022, 6, 1, 20) }))).toMatch(/^unknown: .*two days/);
    expect(decide('meta time < "2022-07-01 11:00:00" accept', packet({ at: undefined }))).toMatch(
      /^unknown: .*meta time: when the SYN arrives is not known/,
    );
  });
});

describe('nft: quotas and reject flavours of another family', () => {
  it("a quota decides from what it used and the SYN's length; at the edge, unknown", () => {
    expect(decide('quota over 1 kbytes')).toBe('accept');
    expect(decide('quota 1 kbytes')).toBe('drop');
    // 970 bytes used: a 60-byte SYN takes it past 1 kbyte (a 40-byte one would not).
    type Doc = { nftables: { rule?: { expr: { quota?: Record<string, unknown> }[] } }[] };
    const used = structuredClone(LINES['quota over 1 kbytes']) as Doc;
    const q = used.nftables.find((i) => i.rule)?.rule?.expr[0]?.quota;
    if (q) Object.assign(q, { used: 970, used_unit: 'bytes' });
    LINES['quota over 1 kbytes, 970 used'] = used;
    expect(decide('quota over 1 kbytes, 970 used')).toBe('drop');
    expect(decide('quota over 1 kbytes, 970 used', packet({ headers: undefined }))).toMatch(/^unknown: .*quota: 970 of 1024 bytes used/);
  });

  it('a byte limit smaller than the SYN never matches it; one that holds it is judged for a quiet client', () => {
    expect(decide('limit rate 1 bytes / second')).toBe('accept');
    expect(decide('limit rate 1 kbytes/second')).toBe('drop');
    // 100 bytes a second: a 60-byte SYN fits, a SYN of unknown length (40–200 bytes) may not.
    type Doc = { nftables: { rule?: { expr: { limit?: Record<string, unknown> }[] } }[] };
    const doc = structuredClone(LINES['limit rate 1 bytes / second']) as Doc;
    const l = doc.nftables.find((i) => i.rule)?.rule?.expr[0]?.limit;
    if (l) l.rate = 100;
    LINES['limit rate 100 bytes/second'] = doc;
    expect(decide('limit rate 100 bytes/second')).toBe('drop');
    expect(decide('limit rate 100 bytes/second', packet({ headers: undefined }))).toMatch(/^unknown: .*limit: a bucket of 100 bytes/);
  });

  it("`reject with icmpv6` in an inet table does not match an IPv4 SYN (nft's implicit meta nfproto ipv6)", () => {
    expect(decide('reject with icmpv6 no-route')).toBe('accept');
    expect(decide('meta nfproto ipv6 reject')).toBe('accept');
    expect(decide('reject with icmp port-unreachable')).toBe('reject');
  });
});
