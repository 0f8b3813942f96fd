import type { PairNet } from './rig';
import type { RulesetCase } from './truth';

/**
 * One ruleset per disagreement class the differential test found (issue #17), in the smallest shape that shows
 * it. The lab runs each against the kernel (test/lab/differential.test.ts); PD_CAPTURE=1 records the kernel's
 * listings, outcome and counters as fixtures (test/fixtures/linux/differential/) for the unit test.
 */
export interface ClassCase {
  name: string;
  /** Which finding of issue #17 it belongs to (1–7), or a letter for one the harness found besides. */
  finding: string;
  ruleset(net: PairNet): RulesetCase;
  /** Index into the client's addresses, and the port. */
  src?: number;
  dport: number;
}

const filter = (policy: string, ...rules: string[]) =>
  ['*filter', `:INPUT ${policy} [0:0]`, ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join('\n');
const nat = (...rules: string[]) =>
  [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ...rules,
    'COMMIT',
    '',
  ].join('\n');
const raw = (...rules: string[]) => ['*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join('\n');
const input = (policy: string, ...rules: string[]) =>
  `table inet filter {\n chain input {\n  type filter hook input priority 0; policy ${policy};\n${rules.map((r) => `  ${r}\n`).join('')} }\n}\n`;

export const CLASS_CASES: ClassCase[] = [
  {
    name: 'addrtype --dst-type UNICAST does not match a SYN to a local address',
    finding: '1',
    dport: 8080,
    ruleset: () => ({ iptablesNft: filter('DROP', '-A INPUT -p tcp -m addrtype --dst-type UNICAST -j ACCEPT') }),
  },
  {
    name: 'addrtype --dst-type LOCAL matches it',
    finding: '1',
    dport: 8080,
    ruleset: () => ({ iptablesLegacy: filter('ACCEPT', '-A INPUT -p tcp -m addrtype --dst-type LOCAL -m tcp --dport 8080 -j DROP') }),
  },
  {
    name: 'addrtype --src-type LOCAL does not match a remote client',
    finding: '1',
    dport: 80,
    ruleset: () => ({ iptablesNft: filter('ACCEPT', '-A INPUT -m addrtype --src-type LOCAL -j DROP') }),
  },
  {
    name: 'addrtype ! --src-type UNICAST does not match a remote client',
    finding: '1',
    dport: 80,
    ruleset: () => ({ iptablesNft: filter('DROP', '-A INPUT -m addrtype ! --src-type UNICAST -j ACCEPT') }),
  },
  {
    name: 'fib daddr type unicast does not match a local address',
    finding: '1',
    dport: 443,
    ruleset: () => ({ nft: input('accept', 'fib daddr type unicast counter drop', 'fib saddr type local counter drop') }),
  },
  {
    name: 'nft ct state invalid at raw priority drops a new SYN',
    finding: '2',
    dport: 8080,
    ruleset: () => ({
      nft: 'table inet raw {\n chain pre {\n  type filter hook prerouting priority -300; policy accept;\n  ct state invalid counter drop\n }\n}\n',
    }),
  },
  {
    name: 'nft ct state new accept at raw priority does not match',
    finding: '2',
    dport: 8080,
    ruleset: () => ({
      nft: 'table ip raw {\n chain pre {\n  type filter hook prerouting priority raw; policy drop;\n  ct state new counter accept\n }\n}\n',
    }),
  },
  {
    name: 'iptables raw --ctstate INVALID drops a new SYN',
    finding: '2',
    dport: 22,
    ruleset: () => ({ iptablesNft: `${filter('ACCEPT')}${raw('-A PREROUTING -p tcp -m conntrack --ctstate INVALID -j DROP')}` }),
  },
  {
    name: 'iptables-legacy raw -m state NEW does not match',
    finding: '2',
    dport: 22,
    ruleset: () => ({ iptablesLegacy: `${filter('ACCEPT')}${raw('-A PREROUTING -p tcp -m state --state NEW -j DROP')}` }),
  },
  {
    name: 'notrack in raw, then ctstate UNTRACKED',
    finding: '2',
    dport: 80,
    ruleset: () => ({
      iptablesLegacy: `${filter('ACCEPT', '-A INPUT -m conntrack --ctstate UNTRACKED -j REJECT')}${raw('-A PREROUTING -p tcp -j CT --notrack')}`,
    }),
  },
  {
    name: 'netdev ingress on the input interface drops',
    finding: '3',
    dport: 8080,
    ruleset: () => ({
      nft: 'table netdev edge {\n chain ingress {\n  type filter hook ingress device "eth0" priority 0; policy accept;\n  tcp dport 8080 counter drop\n }\n}\n',
    }),
  },
  {
    name: 'netdev ingress bound to another device does not see it',
    finding: '3',
    dport: 8080,
    ruleset: () => ({
      nft: 'table netdev edge {\n chain ingress {\n  type filter hook ingress device "lo" priority 0; policy accept;\n  tcp dport 8080 counter drop\n }\n}\n',
    }),
  },
  {
    name: 'netdev ingress drops by source before an inet input chain accepts',
    finding: '3',
    dport: 443,
    ruleset: (n) => ({
      nft: `table netdev edge {\n chain ingress {\n  type filter hook ingress device "eth0" priority -500; policy accept;\n  ip saddr ${n.cliAddrs[0]} counter drop\n }\n}\n${input('drop', 'tcp dport 443 counter accept')}`,
    }),
  },
  {
    name: 'iptables REDIRECT to a port INPUT drops',
    finding: '4',
    dport: 9000,
    ruleset: () => ({
      iptablesNft: `${filter('ACCEPT', '-A INPUT -p tcp -m tcp --dport 8080 -j DROP')}${nat('-A PREROUTING -p tcp -m tcp --dport 9000 -j REDIRECT --to-ports 8080')}`,
    }),
  },
  {
    name: 'iptables REDIRECT away from a port INPUT drops',
    finding: '4',
    dport: 9000,
    ruleset: () => ({
      iptablesLegacy: `${filter('ACCEPT', '-A INPUT -p tcp -m tcp --dport 9000 -j DROP')}${nat('-A PREROUTING -p tcp -m tcp --dport 9000 -j REDIRECT --to-ports 80')}`,
    }),
  },
  {
    name: 'nft redirect to a port the input chain rejects',
    finding: '4',
    dport: 3306,
    ruleset: () => ({
      nft: `${input('accept', 'tcp dport 5432 counter reject with tcp reset')}table ip nat {\n chain pre {\n  type nat hook prerouting priority -100; policy accept;\n  tcp dport 3306 counter redirect to :5432\n }\n}\n`,
    }),
  },
  {
    name: 'nft dnat to this host, then a filter chain after nat sees the new port',
    finding: '4',
    dport: 22,
    ruleset: (n) => ({
      nft: `table ip nat {\n chain pre {\n  type nat hook prerouting priority -100; policy accept;\n  tcp dport 22 counter dnat to ${n.srvAddrs[1]}:443\n }\n chain late {\n  type filter hook prerouting priority 0; policy accept;\n  tcp dport 443 counter drop\n }\n}\n`,
    }),
  },
  {
    name: 'tcp flags & (syn|ack) == syn|ack does not match a SYN',
    finding: '5',
    dport: 80,
    ruleset: () => ({ nft: input('accept', 'tcp flags & (syn|ack) == syn|ack counter drop') }),
  },
  {
    name: 'tcp flags syn / syn,ack matches a SYN',
    finding: '5',
    dport: 80,
    ruleset: () => ({ nft: input('drop', 'tcp flags syn / syn,ack counter accept') }),
  },
  {
    name: 'tcp flags syn,ack / syn,ack does not match a SYN',
    finding: '5',
    dport: 80,
    ruleset: () => ({ nft: input('accept', 'tcp flags syn,ack / syn,ack counter reject') }),
  },
  {
    name: 'tcp flags != syn does not match a SYN',
    finding: '5',
    dport: 80,
    ruleset: () => ({ nft: input('accept', 'tcp flags != syn counter drop') }),
  },
  {
    name: 'only iptables-legacy has rules: it is in charge, by its policy',
    finding: '6',
    dport: 8080,
    ruleset: () => ({ iptablesLegacy: filter('ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j DROP') }),
  },
  {
    name: 'an nft rule accepts, legacy accepts by policy: the nft rule is named',
    finding: '6',
    dport: 443,
    ruleset: () => ({ nft: input('drop', 'tcp dport 443 counter accept'), iptablesLegacy: filter('ACCEPT', '-A INPUT -p udp -j DROP') }),
  },
  {
    name: 'iptables-nft accepts by rule, legacy has rules too: the accepting rule is named',
    finding: '6',
    dport: 80,
    ruleset: () => ({
      iptablesNft: filter('DROP', '-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT'),
      iptablesLegacy: filter('ACCEPT', '-A INPUT -p tcp -m tcp --dport 22 -j REJECT'),
    }),
  },
  {
    name: 'a table nft wrote as "ip filter" is judged from nft, not from iptables-save',
    finding: 'A',
    dport: 8443,
    ruleset: () => ({
      nft: 'table ip filter {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport 8443 counter drop\n }\n}\n',
    }),
  },
  {
    name: 'meta mark 0x1 does not match when no rule sets marks',
    finding: '7',
    dport: 80,
    ruleset: () => ({ nft: input('accept', 'meta mark 0x1 counter accept', 'tcp dport 80 counter drop') }),
  },
  {
    name: '-m mark --mark 0x0 matches when no rule sets marks',
    finding: '7',
    dport: 80,
    ruleset: () => ({ iptablesLegacy: filter('ACCEPT', '-A INPUT -m mark --mark 0x0 -j DROP') }),
  },
  {
    name: 'ip saddr & 255.255.255.0 == the client network',
    finding: '7',
    dport: 22,
    ruleset: (n) => ({ nft: input('accept', `ip saddr & 255.255.255.0 == ${n.cliAddrs[0]?.replace(/\.\d+$/, '.0')} counter drop`) }),
  },
  {
    name: 'meta iif lo / meta l4proto / pkttype host',
    finding: '7',
    dport: 22,
    ruleset: () => ({ nft: input('drop', 'meta iif "lo" counter accept', 'meta l4proto tcp meta pkttype host counter accept') }),
  },
];
