import { describe, expect, it } from 'vitest';
import { evaluateNftables } from '../../../../shared/firewall/nft/evaluate';
import type { FirewallVerdict, InboundPacket } from '../../../../shared/firewall/types';
import { nftFixture, syn } from './fixtures';
import { noteText } from '../../../../shared/i18n/note';

interface Case {
  name: string;
  packet: InboundPacket;
  decision: FirewallVerdict['decision'];
  rejectWith?: string;
  /** table/chain/handle: text of the deciding rule. */
  rule?: string;
  policy?: string;
  trace?: number[];
  note?: RegExp;
  unknown?: RegExp;
}

function ruleLine(v: FirewallVerdict): string | undefined {
  return v.rule ? `${v.rule.table}/${v.rule.chain}/${v.rule.handle}: ${v.rule.text}` : undefined;
}

function check(fixture: string, cases: Case[]): void {
  const ruleset = nftFixture(fixture);
  it.each(cases)('$name', (c) => {
    const v = evaluateNftables(ruleset, c.packet);
    expect(v.backend).toBe('nftables');
    expect(v.decision).toBe(c.decision);
    expect(v.rejectWith).toBe(c.rejectWith);
    expect(ruleLine(v)).toBe(c.rule);
    expect(v.policy && `${v.policy.table}/${v.policy.chain}/${v.policy.policy}`).toBe(c.policy);
    if (c.trace) expect(v.trace.map((r) => r.handle)).toEqual(c.trace);
    if (c.note) expect(v.notes.map(noteText).join('\n')).toMatch(c.note);
    if (c.unknown) expect(v.unknownReason).toMatch(c.unknown);
    else expect(v.unknownReason).toBeUndefined();
  });
}

const eth0 = { iif: 'eth0' };
const POLICY = 'inet filter/input/drop';

describe('nft-host: default-deny inet filter plus an ip table at priority -10', () => {
  check('nft-host.nft.json', [
    {
      name: 'ssh is accepted by its rule, comment kept',
      packet: syn('203.0.113.5', 22, eth0),
      decision: 'accept',
      rule: 'inet filter/input/9: tcp dport 22 accept comment "ssh"',
      trace: [9],
    },
    {
      name: 'http accepted but rate-limited',
      packet: syn('203.0.113.5', 80, eth0),
      decision: 'accept',
      rule: 'inet filter/input/10: tcp dport 80 limit rate 10/second accept',
      note: /rate-limited/,
    },
    {
      name: 'reject with tcp reset',
      packet: syn('203.0.113.5', 8081, eth0),
      decision: 'reject',
      rejectWith: 'tcp reset',
      rule: 'inet filter/input/11: tcp dport 8081 reject with tcp reset',
    },
    {
      name: 'reject with icmpx admin-prohibited',
      packet: syn('203.0.113.5', 8082, eth0),
      decision: 'reject',
      rejectWith: 'icmpx admin-prohibited',
      rule: 'inet filter/input/12: tcp dport 8082 reject with icmpx admin-prohibited',
    },
    {
      name: 'bare reject in inet is icmpx port-unreachable',
      packet: syn('203.0.113.5', 8083, eth0),
      decision: 'reject',
      rejectWith: 'icmpx port-unreachable',
      rule: 'inet filter/input/13: tcp dport 8083 reject with icmpx port-unreachable',
    },
    {
      name: 'log + counter + drop',
      packet: syn('203.0.113.5', 8084, eth0),
      decision: 'drop',
      rule: 'inet filter/input/14: tcp dport 8084 log prefix "drop8084 " counter packets 0 bytes 0 drop',
      trace: [14],
    },
    {
      name: 'the ip table at -10 rejects before inet filter runs',
      packet: syn('203.0.113.5', 8085, eth0),
      decision: 'reject',
      rejectWith: 'icmp port-unreachable',
      rule: 'ip extra/input/2: ip saddr 203.0.113.0/24 tcp dport 8085 reject with icmp port-unreachable',
    },
    {
      name: 'other sources fall through to the drop policy, counter in the trace',
      packet: syn('198.51.100.1', 8085, eth0),
      decision: 'drop',
      policy: POLICY,
      trace: [15],
    },
    {
      name: 'no iif: a remote client cannot be on lo, so the policy decides',
      packet: syn('198.51.100.1', 9999),
      decision: 'drop',
      policy: POLICY,
    },
    {
      name: 'loopback source matches iif lo',
      packet: syn('127.0.0.1', 9999),
      decision: 'accept',
      rule: 'inet filter/input/6: iif "lo" accept',
    },
    {
      name: 'IPv6: the ip table does not apply, inet does',
      packet: syn('2001:db8::5', 22, eth0),
      decision: 'accept',
      rule: 'inet filter/input/9: tcp dport 22 accept comment "ssh"',
    },
    {
      name: 'UDP skips every tcp rule',
      packet: { ...syn('203.0.113.5', 8081, eth0), protocol: 'udp' },
      decision: 'drop',
      policy: POLICY,
      trace: [15],
    },
  ]);
});

describe('nft-sets: named/anonymous sets, concatenations, verdict maps, jump/goto/return', () => {
  check('nft-sets.nft.json', [
    {
      name: 'named interval set jumps to a chain that accepts a named port set',
      packet: syn('10.1.2.3', 8050, eth0),
      decision: 'accept',
      rule: 'inet fw/allow_web/11: tcp dport @web_ports accept',
      trace: [19, 11],
    },
    {
      name: 'address range element of a named set',
      packet: syn('172.16.0.9', 443, eth0),
      decision: 'accept',
      rule: 'inet fw/allow_web/11: tcp dport @web_ports accept',
      trace: [19, 11],
    },
    {
      name: 'jumped chain without a match returns',
      packet: syn('10.1.2.3', 22, eth0),
      decision: 'drop',
      policy: 'inet fw/input/drop',
      trace: [19],
    },
    {
      name: 'verdict map jump, then drop in the jumped chain',
      packet: syn('198.51.100.9', 2224, eth0),
      decision: 'drop',
      rule: 'inet fw/sshguard/9: ip saddr 198.51.100.0/24 drop',
      trace: [21, 9],
    },
    {
      name: 'verdict map jump, return, policy',
      packet: syn('203.0.113.9', 2224, eth0),
      decision: 'drop',
      policy: 'inet fw/input/drop',
      trace: [21, 10],
    },
    {
      name: 'verdict map accept',
      packet: syn('1.1.1.1', 2222, eth0),
      decision: 'accept',
      rule: 'inet fw/input/21: tcp dport vmap @port_verdicts',
    },
    {
      name: 'verdict map drop',
      packet: syn('1.1.1.1', 2223, eth0),
      decision: 'drop',
      rule: 'inet fw/input/21: tcp dport vmap @port_verdicts',
    },
    {
      name: 'concatenated set hit',
      packet: syn('192.0.2.7', 9000, eth0),
      decision: 'accept',
      rule: 'inet fw/input/20: ip saddr . tcp dport @svc_pairs accept',
    },
    { name: 'concatenated set miss (wrong pair)', packet: syn('192.0.2.7', 9001, eth0), decision: 'drop', policy: 'inet fw/input/drop' },
    {
      name: 'range with != prefix drops outsiders',
      packet: syn('8.8.8.8', 3001, eth0),
      decision: 'drop',
      rule: 'inet fw/input/22: tcp dport 3000-3999 ip saddr != 10.0.0.0/8 drop',
    },
    {
      name: 'range accepts insiders',
      packet: syn('10.0.0.1', 3001, eth0),
      decision: 'accept',
      rule: 'inet fw/input/23: tcp dport 3000-3999 accept',
      trace: [19, 23],
    },
    {
      name: 'tcp flags: a SYN is syn without ack',
      packet: syn('1.1.1.1', 6000, eth0),
      decision: 'accept',
      rule: 'inet fw/input/25: tcp flags & (syn | ack) == syn tcp dport 6000 accept',
    },
    { name: 'meta nfproto ipv6 does not match IPv4', packet: syn('1.1.1.1', 7000, eth0), decision: 'drop', policy: 'inet fw/input/drop' },
    {
      name: 'meta nfproto ipv6 matches IPv6',
      packet: syn('2001:db8::9', 7000, eth0),
      decision: 'accept',
      rule: 'inet fw/input/26: meta nfproto ipv6 tcp dport 7000 accept',
    },
    {
      name: 'iifname goto: anonymous set accepts',
      packet: syn('1.1.1.1', 445, { iif: 'eth1' }),
      decision: 'accept',
      rule: 'inet fw/lan/13: tcp dport { 139, 445 } accept',
      trace: [18, 13],
    },
    {
      name: 'goto chain ends: the base policy decides (no return to input)',
      packet: syn('1.1.1.1', 2222, { iif: 'eth1' }),
      decision: 'drop',
      policy: 'inet fw/input/drop',
      trace: [18],
    },
    {
      name: 'ct helper cannot be judged and would change the verdict',
      packet: syn('1.1.1.1', 5000, eth0),
      decision: 'unknown',
      rule: 'inet fw/input/24: tcp dport 5000 ct helper "ftp" accept',
      unknown: /handle 24.*ct helper.*accepted, otherwise dropped/,
    },
    {
      // No rule of this ruleset sets a mark: an arriving SYN's mark is 0, so `meta mark 1` does not match.
      name: 'meta mark 1 does not match when no rule sets marks',
      packet: syn('1.1.1.1', 7001, eth0),
      decision: 'drop',
      policy: 'inet fw/input/drop',
    },
    {
      name: 'iifname wildcard matches by prefix',
      packet: syn('1.1.1.1', 7100, { iif: 'wg0' }),
      decision: 'accept',
      rule: 'inet fw/input/28: iifname "wg*" tcp dport 7100 accept',
    },
    {
      name: 'iifname wildcard does not match another prefix',
      packet: syn('1.1.1.1', 7100, eth0),
      decision: 'drop',
      policy: 'inet fw/input/drop',
    },
    {
      name: 'unknown iif that does not change the verdict is noted, not fatal',
      packet: syn('1.1.1.1', 8080),
      decision: 'drop',
      policy: 'inet fw/input/drop',
      note: /iifname "eth1" goto lan.*drop either way/,
    },
    {
      name: 'unknown iif that would change the verdict makes it unknown',
      packet: syn('1.1.1.1', 445),
      decision: 'unknown',
      rule: 'inet fw/input/18: iifname "eth1" goto lan',
      unknown: /input interface is not known.*accepted, otherwise dropped/,
    },
  ]);
});

describe('firewalld (real, nftables backend): zone public with services, ports and rich rules', () => {
  check('firewalld.nft.json', [
    {
      name: 'service ssh',
      packet: syn('8.8.8.8', 22, eth0),
      decision: 'accept',
      rule: 'inet firewalld/filter_IN_public_allow/73: tcp dport 22 accept',
    },
    {
      name: 'port 8080/tcp',
      packet: syn('8.8.8.8', 8080, eth0),
      decision: 'accept',
      rule: 'inet firewalld/filter_IN_public_allow/176: tcp dport 8080 accept',
    },
    {
      name: 'rich rule reject with tcp reset wins over the port',
      packet: syn('203.0.113.4', 8080, eth0),
      decision: 'reject',
      rejectWith: 'tcp reset',
      rule: 'inet firewalld/filter_IN_public_deny/178: ip saddr 203.0.113.0/24 tcp dport 8080 reject with tcp reset',
    },
    {
      name: 'rich rule drop',
      packet: syn('198.51.100.3', 22, eth0),
      decision: 'drop',
      rule: 'inet firewalld/filter_IN_public_deny/179: ip saddr 198.51.100.0/24 drop',
    },
    {
      name: 'rich rule source-scoped accept',
      packet: syn('10.1.1.1', 9000, eth0),
      decision: 'accept',
      rule: 'inet firewalld/filter_IN_public_allow/177: ip saddr 10.0.0.0/8 tcp dport 9000 accept',
    },
    {
      name: 'anything else: the zone rejects admin-prohibited',
      packet: syn('8.8.8.8', 9000, eth0),
      decision: 'reject',
      rejectWith: 'icmpx admin-prohibited',
      rule: 'inet firewalld/filter_IN_public/72: reject with icmpx admin-prohibited',
    },
    {
      name: 'IPv6 passes the rpfilter (fib) check and reaches the zone',
      packet: syn('2001:db8::5', 9999, eth0),
      decision: 'reject',
      rejectWith: 'icmpx admin-prohibited',
      rule: 'inet firewalld/filter_IN_public/72: reject with icmpx admin-prohibited',
    },
  ]);
});

describe('nft-notrack: a raw-priority notrack makes ct state untracked for later chains', () => {
  check('nft-notrack.nft.json', [
    {
      name: 'untracked port is accepted by the untracked rule',
      packet: syn('8.8.8.8', 5353, eth0),
      decision: 'accept',
      rule: 'inet t/input/5: ct state untracked tcp dport 5353 accept',
      trace: [3, 5],
    },
    {
      name: 'a tracked port is new',
      packet: syn('8.8.8.8', 5354, eth0),
      decision: 'accept',
      rule: 'inet t/input/6: ct state new tcp dport 5354 accept',
    },
    { name: 'anything else: policy', packet: syn('8.8.8.8', 5355, eth0), decision: 'drop', policy: 'inet t/input/drop' },
  ]);
});

describe('counters', () => {
  it('the deciding rule carries the counters nft printed (live evidence)', () => {
    const v = evaluateNftables(nftFixture('counted.nft.json'), syn('198.51.100.1', 8081, eth0));
    expect(v).toMatchObject({ decision: 'reject', rule: { handle: 11 } });
    expect(v.rule?.counters).toBeUndefined();
    // The policy decides here; the catch-all counter before it is in the trace with what it counted (nothing:
    // the real SYNs of this capture were stopped earlier).
    const counted = evaluateNftables(nftFixture('counted.nft.json'), syn('198.51.100.1', 8085, eth0));
    expect(counted).toMatchObject({ decision: 'drop', trace: [{ handle: 15, counters: { packets: 0, bytes: 0 } }] });
  });
});

describe('iptables-nft tables as nft shows them', () => {
  it('tables with xt matches are skipped and reported; translatable ones (raw) are still judged', () => {
    const ruleset = nftFixture('iptables-nft-host.nft.json');
    const v = evaluateNftables(ruleset, syn('8.8.8.8', 9501, eth0));
    expect(v.decision).toBe('accept');
    expect(v.notes.map(noteText).join('\n')).toMatch(/table ip filter is managed by iptables-nft/);
    const raw = evaluateNftables(ruleset, syn('198.51.100.66', 22, eth0));
    expect(raw.decision).toBe('drop');
    expect(raw.rule).toMatchObject({
      table: 'ip raw',
      chain: 'PREROUTING',
      handle: 2,
      text: 'ip saddr 198.51.100.66 counter packets 0 bytes 0 drop',
    });
  });
  it('when not skipped, the first opaque xt match that matters makes the verdict unknown, naming it', () => {
    const v = evaluateNftables(nftFixture('iptables-nft-host.nft.json'), syn('8.8.8.8', 9501, eth0), { skipTable: () => false });
    expect(v.decision).toBe('unknown');
    expect(v.rule).toMatchObject({
      table: 'ip filter',
      chain: 'INPUT',
      handle: 4,
      text: 'xt match conntrack counter packets 0 bytes 0 accept',
    });
    expect(v.unknownReason).toMatch(/iptables-nft match "conntrack" is opaque/);
  });
});

describe('bad input and edge cases', () => {
  it('an empty ruleset accepts with no rule and no policy, and says there are no rules', () => {
    const v = evaluateNftables(nftFixture('nft-empty.nft.json'), syn('8.8.8.8', 8080));
    expect(v).toMatchObject({ decision: 'accept', trace: [] });
    expect(v.rule).toBeUndefined();
    expect(v.policy).toBeUndefined();
    expect(v.notes.map(noteText).join('\n')).toMatch(/no rules/i);
  });
  it.each([
    [8443, /tcp option maxseg size/],
    [8444, /ip dscp/],
    [8445, /socket transparent/],
  ])('unknown expression on port %i makes the verdict unknown, naming it', (port, what) => {
    const v = evaluateNftables(nftFixture('nft-unknown.nft.json'), syn('8.8.8.8', port));
    expect(v.decision).toBe('unknown');
    expect(v.rule?.text).toMatch(what);
    expect(v.unknownReason).toMatch(/dropped, otherwise accepted/);
  });
  it('meta skuid never matches an arriving SYN (it has no local socket yet): the rule is passed over', () => {
    const v = evaluateNftables(nftFixture('nft-unknown.nft.json'), syn('8.8.8.8', 8446));
    expect(v.decision).toBe('accept');
    expect(v.trace).toEqual([]);
  });
  it('a table of the other family does not apply (ip6 table, IPv4 packet)', () => {
    const v = evaluateNftables(nftFixture('nft-unknown.nft.json'), syn('8.8.8.8', 22));
    expect(v.decision).toBe('accept');
    expect(v.policy).toEqual({ table: 'inet odd', chain: 'input', policy: 'accept' });
  });
  it('the same ip6 table decides for IPv6', () => {
    const v = evaluateNftables(nftFixture('nft-unknown.nft.json'), syn('2001:db8::7', 23));
    expect(v.decision).toBe('drop');
    expect(v.policy).toEqual({ table: 'ip6 only6', chain: 'input', policy: 'drop' });
  });
  it('an unknown verdict keeps the trace up to the rule that could not be judged, not the path after it', () => {
    const v = evaluateNftables(nftFixture('nft-sets.nft.json'), syn('10.1.2.3', 8050));
    expect(v.decision).toBe('unknown');
    expect(v.rule?.handle).toBe(18);
    expect(v.unknownReason).toMatch(/dropped, otherwise accepted/);
    expect(v.trace).toEqual([]);
  });
  it('a packet whose addresses do not fit its family is unknown', () => {
    const v = evaluateNftables(nftFixture('nft-host.nft.json'), { ...syn('8.8.8.8', 22), family: 6 });
    expect(v.decision).toBe('unknown');
    expect(v.unknownReason).toMatch(/not an IPv6 address/);
  });
});
