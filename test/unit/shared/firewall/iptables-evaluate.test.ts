import { describe, expect, it } from 'vitest';
import { evaluateIptables } from '../../../../shared/firewall/iptables/evaluate';
import type { FirewallVerdict, InboundPacket } from '../../../../shared/firewall/types';
import { iptablesFixture, syn } from './fixtures';
import { noteText } from '../../../../shared/i18n/note';

interface Case {
  name: string;
  packet: InboundPacket;
  decision: FirewallVerdict['decision'];
  rejectWith?: string;
  /** table/chain/position: the `-A` line. */
  rule?: string;
  policy?: string;
  trace?: string[];
  note?: RegExp;
  unknown?: RegExp;
}

const eth0 = { iif: 'eth0' };
const ref = (v: { table?: string; chain?: string; position?: number }): string => `${v.table}/${v.chain}/${v.position}`;

function check(fixture: string, backend: 'iptables-nft' | 'iptables-legacy', cases: Case[]): void {
  const ruleset = iptablesFixture(fixture);
  it.each(cases)('$name', (c) => {
    const v = evaluateIptables(ruleset, c.packet, backend);
    expect(v.backend).toBe(backend);
    expect(v.decision).toBe(c.decision);
    expect(v.rejectWith).toBe(c.rejectWith);
    expect(v.rule ? `${ref(v.rule)}: ${v.rule.text}` : undefined).toBe(c.rule);
    expect(v.policy && `${v.policy.table}/${v.policy.chain}/${v.policy.policy}`).toBe(c.policy);
    if (c.trace) expect(v.trace.map(ref)).toEqual(c.trace);
    if (c.note) expect(v.notes.map(noteText).join('\n')).toMatch(c.note);
    if (c.unknown) expect(v.unknownReason).toMatch(c.unknown);
    else expect(v.unknownReason).toBeUndefined();
  });
}

const POLICY = 'filter/INPUT/DROP';
const hostCases: Case[] = [
  {
    name: 'ssh accepted, comment read',
    packet: syn('8.8.8.8', 22, eth0),
    decision: 'accept',
    rule: 'filter/INPUT/5: -A INPUT -p tcp -m tcp --dport 22 -m comment --comment ssh -j ACCEPT',
  },
  {
    name: 'multiport jump, allow-listed source accepts',
    packet: syn('10.1.2.3', 8005, eth0),
    decision: 'accept',
    rule: 'filter/ALLOW_SRC/1: -A ALLOW_SRC -s 10.0.0.0/8 -j ACCEPT',
    trace: ['filter/INPUT/6', 'filter/ALLOW_SRC/1'],
  },
  {
    name: 'multiport jump, other source returns to the DROP policy',
    packet: syn('8.8.8.8', 443, eth0),
    decision: 'drop',
    policy: POLICY,
    trace: ['filter/INPUT/6', 'filter/ALLOW_SRC/3'],
  },
  {
    name: 'REJECT --reject-with tcp-reset',
    packet: syn('8.8.8.8', 8081, eth0),
    decision: 'reject',
    rejectWith: 'tcp reset',
    rule: 'filter/INPUT/7: -A INPUT -p tcp -m tcp --dport 8081 -j REJECT --reject-with tcp-reset',
  },
  {
    name: 'plain REJECT is icmp port-unreachable',
    packet: syn('8.8.8.8', 8083, eth0),
    decision: 'reject',
    rejectWith: 'icmp port-unreachable',
    rule: 'filter/INPUT/8: -A INPUT -p tcp -m tcp --dport 8083 -j REJECT --reject-with icmp-port-unreachable',
  },
  {
    name: 'REJECT icmp-admin-prohibited',
    packet: syn('8.8.8.8', 9400, eth0),
    decision: 'reject',
    rejectWith: 'icmp admin-prohibited',
    rule: 'filter/INPUT/25: -A INPUT -p tcp -m tcp --dport 9400 -j REJECT --reject-with icmp-admin-prohibited',
  },
  {
    name: 'LOG with limit is non-terminal and rate-limited, then DROP',
    packet: syn('8.8.8.8', 8084, eth0),
    decision: 'drop',
    rule: 'filter/INPUT/10: -A INPUT -p tcp -m tcp --dport 8084 -j DROP',
    trace: ['filter/INPUT/9', 'filter/INPUT/10'],
    note: /rate-limited/,
  },
  {
    name: 'NFQUEUE queues',
    packet: syn('8.8.8.8', 8086, eth0),
    decision: 'queue',
    rule: 'filter/INPUT/11: -A INPUT -p tcp -m tcp --dport 8086 -j NFQUEUE --queue-num 2',
  },
  {
    name: 'iprange inside',
    packet: syn('192.0.2.3', 8087, eth0),
    decision: 'accept',
    rule: 'filter/INPUT/12: -A INPUT -p tcp -m tcp --dport 8087 -m iprange --src-range 192.0.2.1-192.0.2.50 -j ACCEPT',
  },
  { name: 'iprange outside', packet: syn('192.0.2.51', 8087, eth0), decision: 'drop', policy: POLICY },
  {
    name: 'addrtype dst LOCAL matches a packet for this host',
    packet: syn('8.8.8.8', 8088, eth0),
    decision: 'accept',
    rule: 'filter/INPUT/13: -A INPUT -p tcp -m tcp --dport 8088 -m addrtype --dst-type LOCAL -j ACCEPT',
  },
  {
    name: 'mark match is unknown and would change the verdict',
    packet: syn('8.8.8.8', 8089, eth0),
    decision: 'unknown',
    rule: 'filter/INPUT/14: -A INPUT -p tcp -m tcp --dport 8089 -m mark --mark 0x1 -j ACCEPT',
    unknown: /rule 14.*mark.*accepted, otherwise dropped/,
  },
  {
    name: 'helper match is unknown',
    packet: syn('8.8.8.8', 8090, eth0),
    decision: 'unknown',
    rule: 'filter/INPUT/15: -A INPUT -p tcp -m tcp --dport 8090 -m helper --helper ftp -j ACCEPT',
    unknown: /helper/,
  },
  {
    name: '--tcp-flags SYN,RST,ACK SYN matches a SYN',
    packet: syn('8.8.8.8', 8091, eth0),
    decision: 'accept',
    rule: 'filter/INPUT/16: -A INPUT -p tcp -m tcp --dport 8091 --tcp-flags SYN,RST,ACK SYN -j ACCEPT',
  },
  {
    name: '--syn matches a SYN',
    packet: syn('8.8.8.8', 8092, eth0),
    decision: 'accept',
    rule: 'filter/INPUT/17: -A INPUT -p tcp -m tcp --dport 8092 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT',
  },
  {
    name: 'udp rule accepts udp',
    packet: { ...syn('8.8.8.8', 53, eth0), protocol: 'udp' },
    decision: 'accept',
    rule: 'filter/INPUT/18: -A INPUT -p udp -m udp --dport 53 -j ACCEPT',
  },
  { name: 'udp rule ignores tcp', packet: syn('8.8.8.8', 53, eth0), decision: 'drop', policy: POLICY },
  {
    name: '! -s drops outsiders',
    packet: syn('8.8.8.8', 9000, eth0),
    decision: 'drop',
    rule: 'filter/INPUT/19: -A INPUT ! -s 10.0.0.0/8 -p tcp -m tcp --dport 9000 -j DROP',
  },
  {
    name: '! -s lets insiders reach the accept',
    packet: syn('10.9.9.9', 9000, eth0),
    decision: 'accept',
    rule: 'filter/INPUT/20: -A INPUT -p tcp -m tcp --dport 9000 -j ACCEPT',
  },
  {
    name: 'goto, RETURN from the goto chain ends in the base policy',
    packet: syn('10.1.1.1', 9100, eth0),
    decision: 'drop',
    policy: POLICY,
    trace: ['filter/INPUT/21', 'filter/GOTO_CHAIN/1'],
  },
  { name: 'goto chain drops', packet: syn('10.2.1.1', 9100, eth0), decision: 'drop', rule: 'filter/GOTO_CHAIN/2: -A GOTO_CHAIN -j DROP' },
  {
    name: '-i eth1 accepts on eth1',
    packet: syn('8.8.8.8', 9300, { iif: 'eth1' }),
    decision: 'accept',
    rule: 'filter/INPUT/22: -A INPUT -i eth1 -p tcp -m tcp --dport 9300 -j ACCEPT',
  },
  {
    name: '-i eth1 with an unknown interface is unknown',
    packet: syn('8.8.8.8', 9300),
    decision: 'unknown',
    rule: 'filter/INPUT/22: -A INPUT -i eth1 -p tcp -m tcp --dport 9300 -j ACCEPT',
    unknown: /input interface is not known/,
  },
  {
    name: 'ipset DROP that changes nothing is a note, not unknown',
    packet: syn('8.8.8.8', 9500, eth0),
    decision: 'drop',
    policy: POLICY,
    note: /rule 23.*ipset.*drop either way/,
  },
  {
    name: 'ipset ACCEPT that would change the verdict is unknown',
    packet: syn('8.8.8.8', 9501, eth0),
    decision: 'unknown',
    rule: 'filter/INPUT/24: -A INPUT -p tcp -m tcp --dport 9501 -m set --match-set pde_allow src -j ACCEPT',
    unknown: /ipset contents/,
  },
  {
    name: 'raw PREROUTING drop comes before filter',
    packet: syn('198.51.100.66', 22, eth0),
    decision: 'drop',
    rule: 'raw/PREROUTING/1: -A PREROUTING -s 198.51.100.66/32 -j DROP',
  },
  {
    name: 'mangle MARK is non-terminal',
    packet: syn('8.8.8.8', 9200, eth0),
    decision: 'drop',
    policy: POLICY,
    trace: ['mangle/PREROUTING/1'],
  },
  {
    name: 'loopback source arrives on lo',
    packet: syn('127.0.0.1', 9999),
    decision: 'accept',
    rule: 'filter/INPUT/2: -A INPUT -i lo -j ACCEPT',
  },
];

describe('iptables-nft host (iptables-save, nf_tables backend)', () => check('iptables-nft-host.save', 'iptables-nft', hostCases));
describe('iptables-legacy host (iptables-legacy-save): same rules, same answers', () =>
  check('iptables-legacy-host.save', 'iptables-legacy', hostCases));

describe('ip6tables host', () => {
  check('ip6tables-host.save', 'iptables-nft', [
    {
      name: 'source-scoped ssh',
      packet: syn('2001:db8::5', 22, eth0),
      decision: 'accept',
      rule: 'filter/INPUT/4: -A INPUT -s 2001:db8::/32 -p tcp -m tcp --dport 22 -j ACCEPT',
    },
    { name: 'other sources hit the policy', packet: syn('2001:dead::1', 22, eth0), decision: 'drop', policy: POLICY },
    {
      name: 'plain REJECT is icmpv6 port-unreachable',
      packet: syn('2001:dead::1', 8083, eth0),
      decision: 'reject',
      rejectWith: 'icmpv6 port-unreachable',
      rule: 'filter/INPUT/6: -A INPUT -p tcp -m tcp --dport 8083 -j REJECT --reject-with icmp6-port-unreachable',
    },
    {
      name: 'an IPv4 packet is not judged by ip6tables rules',
      packet: syn('8.8.8.8', 22, eth0),
      decision: 'unknown',
      unknown: /IPv6.*IPv4 packet is judged by iptables-save/,
    },
  ]);
});

describe('ufw (real): before/user/after chains', () => {
  check('ufw-iptables.save', 'iptables-nft', [
    {
      name: 'allow 22/tcp',
      packet: syn('8.8.8.8', 22, eth0),
      decision: 'accept',
      rule: 'filter/ufw-user-input/1: -A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT',
    },
    {
      name: 'allow from 10/8 to 8080',
      packet: syn('10.1.1.1', 8080, eth0),
      decision: 'accept',
      rule: 'filter/ufw-user-input/2: -A ufw-user-input -s 10.0.0.0/8 -p tcp -m tcp --dport 8080 -j ACCEPT',
    },
    {
      name: '8080 from elsewhere: default deny (policy), logged',
      packet: syn('8.8.8.8', 8080, eth0),
      decision: 'drop',
      policy: POLICY,
      note: /UFW BLOCK/,
    },
    {
      name: 'deny 9000/tcp',
      packet: syn('8.8.8.8', 9000, eth0),
      decision: 'drop',
      rule: 'filter/ufw-user-input/3: -A ufw-user-input -p tcp -m tcp --dport 9000 -j DROP',
    },
    {
      name: 'reject 9001/tcp',
      packet: syn('8.8.8.8', 9001, eth0),
      decision: 'reject',
      rejectWith: 'tcp reset',
      rule: 'filter/ufw-user-input/4: -A ufw-user-input -p tcp -m tcp --dport 9001 -j REJECT --reject-with tcp-reset',
    },
    {
      name: 'limit 2222/tcp: accepted for a quiet client, rate-limited',
      packet: syn('8.8.8.8', 2222, eth0),
      decision: 'accept',
      rule: 'filter/ufw-user-limit-accept/1: -A ufw-user-limit-accept -j ACCEPT',
      note: /rate-limited/,
    },
    {
      name: 'samba ports skip to the policy',
      packet: syn('8.8.8.8', 445, eth0),
      decision: 'drop',
      rule: 'filter/ufw-skip-to-policy-input/1: -A ufw-skip-to-policy-input -j DROP',
    },
  ]);
});

describe('iptables-legacy notrack: CT --notrack in raw makes the state UNTRACKED in filter', () => {
  check('iptables-notrack.save', 'iptables-legacy', [
    {
      name: 'UNTRACKED accept',
      packet: syn('8.8.8.8', 5353, eth0),
      decision: 'accept',
      rule: 'filter/INPUT/2: -A INPUT -p tcp -m tcp --dport 5353 -m conntrack --ctstate UNTRACKED -j ACCEPT',
      trace: ['raw/PREROUTING/1', 'filter/INPUT/2'],
    },
    {
      name: 'NEW accept on a tracked port',
      packet: syn('8.8.8.8', 5354, eth0),
      decision: 'accept',
      rule: 'filter/INPUT/3: -A INPUT -p tcp -m tcp --dport 5354 -m state --state NEW -j ACCEPT',
    },
    { name: 'policy otherwise', packet: syn('8.8.8.8', 5355, eth0), decision: 'drop', policy: POLICY },
  ]);
});

describe('ufw IPv6 (real ip6tables-save): the routing-header drop does not apply to a SYN', () => {
  check('ufw-ip6tables.save', 'iptables-nft', [
    {
      name: 'allow 22/tcp (v6)',
      packet: syn('2001:db8::5', 22, eth0),
      decision: 'accept',
      rule: 'filter/ufw6-user-input/1: -A ufw6-user-input -p tcp -m tcp --dport 22 -j ACCEPT',
    },
    {
      name: 'deny 9000/tcp (v6)',
      packet: syn('2001:db8::5', 9000, eth0),
      decision: 'drop',
      rule: 'filter/ufw6-user-input/2: -A ufw6-user-input -p tcp -m tcp --dport 9000 -j DROP',
    },
    {
      name: 'reject 9001/tcp (v6)',
      packet: syn('2001:db8::5', 9001, eth0),
      decision: 'reject',
      rejectWith: 'tcp reset',
      rule: 'filter/ufw6-user-input/3: -A ufw6-user-input -p tcp -m tcp --dport 9001 -j REJECT --reject-with tcp-reset',
    },
    // This capture's ufw6-user-limit-accept chain is empty (ufw wrote no ACCEPT there), so the policy drops.
    {
      name: 'limit 2222/tcp (v6) falls through an empty limit-accept chain',
      packet: syn('2001:db8::5', 2222, eth0),
      decision: 'drop',
      policy: POLICY,
      note: /rate-limited/,
    },
    { name: 'no rule: default deny', packet: syn('2001:db8::5', 8080, eth0), decision: 'drop', policy: POLICY },
  ]);
});

describe('docker-like chains', () => {
  const docker0 = { links: [{ iface: 'docker0', address: '172.17.0.1', prefixLength: 16 }] };

  it('INPUT decides for a host port; a published port is judged on FORWARD after the DNAT', () => {
    const ruleset = iptablesFixture('iptables-docker.save');
    expect(evaluateIptables(ruleset, syn('8.8.8.8', 2375, { ...eth0, ...docker0 }), 'iptables-nft')).toMatchObject({
      decision: 'drop',
      rule: { chain: 'INPUT', position: 1 },
    });
    const published = evaluateIptables(ruleset, syn('8.8.8.8', 8080, { ...eth0, ...docker0 }), 'iptables-nft');
    expect(published).toMatchObject({
      decision: 'accept',
      rule: { table: 'filter', chain: 'DOCKER', position: 1 },
      forwarded: { to: '172.17.0.2', port: 80, oif: 'docker0', rule: { table: 'nat', chain: 'DOCKER', position: 2 } },
    });
    expect(published.trace.map(ref)).toEqual([
      'filter/FORWARD/1',
      'filter/DOCKER-USER/2',
      'filter/FORWARD/2',
      'filter/DOCKER-ISOLATION-STAGE-1/2',
      'filter/FORWARD/4',
      'filter/DOCKER/1',
    ]);
  });

  it('DOCKER-USER drops a published port for the sources it names (INPUT accepts everything)', () => {
    const v = evaluateIptables(iptablesFixture('iptables-docker.save'), syn('203.0.113.9', 8080, { ...eth0, ...docker0 }), 'iptables-nft');
    expect(v).toMatchObject({ decision: 'drop', rule: { chain: 'DOCKER-USER', position: 1 }, forwarded: { to: '172.17.0.2', port: 80 } });
  });

  it('without the connected networks the output interface is unknown, and so is the verdict', () => {
    const v = evaluateIptables(iptablesFixture('iptables-docker.save'), syn('8.8.8.8', 8080, eth0), 'iptables-nft');
    expect(v.decision).toBe('unknown');
    expect(v.unknownReason).toMatch(/output interface/);
  });
});

describe('bad input', () => {
  it('an empty save output accepts and says there are no rules', () => {
    const v = evaluateIptables(iptablesFixture('iptables-empty.save'), syn('8.8.8.8', 22), 'iptables-nft');
    expect(v).toMatchObject({ decision: 'accept', trace: [] });
    expect(v.rule).toBeUndefined();
    expect(v.policy).toBeUndefined();
    expect(v.notes.map(noteText).join('\n')).toMatch(/no rules/i);
  });
  it('a jump to a chain or target that is not there is unknown', () => {
    const v = evaluateIptables(
      {
        tables: [
          {
            name: 'filter',
            chains: [
              {
                name: 'INPUT',
                policy: 'ACCEPT',
                rules: [
                  {
                    table: 'filter',
                    chain: 'INPUT',
                    position: 1,
                    line: 3,
                    text: '-A INPUT -j TARPIT',
                    matches: [],
                    target: { name: 'TARPIT', goto: false, options: [] },
                  },
                ],
              },
            ],
          },
        ],
      },
      syn('8.8.8.8', 22),
      'iptables-legacy',
    );
    expect(v.decision).toBe('unknown');
    expect(v.unknownReason).toMatch(/TARPIT/);
  });
});
