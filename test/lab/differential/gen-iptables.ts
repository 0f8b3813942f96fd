import type { Rng } from './random';
import type { PairNet } from './rig';
import { PORTS } from './rig';

/**
 * Random iptables-restore input (for iptables-nft or iptables-legacy) in the shapes hosts have: INPUT policies,
 * conntrack/state shortcuts, -i lo, -s/-d CIDRs and negations, tcp/multiport ports, --syn and --tcp-flags,
 * addrtype, iprange, limit, comments, user chains with RETURN and -g, raw NOTRACK / CT --notrack, mangle checks,
 * nat REDIRECT / DNAT to this host, REJECT flavours.
 */

const TARGETS = [
  'ACCEPT',
  'ACCEPT',
  'DROP',
  'DROP',
  'REJECT',
  'REJECT --reject-with tcp-reset',
  'REJECT --reject-with icmp-admin-prohibited',
  'REJECT --reject-with icmp-host-prohibited',
];

function ports(r: Rng): string {
  switch (r.int(0, 4)) {
    case 0:
      return `-p tcp -m tcp --dport ${r.pick(PORTS)}`;
    case 1:
      return `-p tcp -m multiport --dports ${r.some(PORTS, 2, 4).join(',')}`;
    case 2:
      return `-p tcp -m tcp ! --dport ${r.pick(PORTS)}`;
    case 3:
      return `-p tcp -m tcp --dport ${r.pick(['20:100', '400:5000', '8000:9000', ':1023', '1024:'])}`;
    default:
      return `-p tcp -m tcp --sport ${r.pick(['1024:65535', '20000:40000', ':1023'])}`;
  }
}

function addrs(r: Rng, net: PairNet): string {
  const b = net.srvAddrs[0].split('.').slice(0, 2).join('.');
  const values = [...net.cliAddrs, `${b}.1.0/24`, `${b}.7.0/24`, `${b}.1.0/30`, `${b}.0.0/16`, '192.168.0.0/16', '10.0.0.0/8'];
  switch (r.int(0, 5)) {
    case 0:
    case 1:
      return `-s ${r.pick(values)}`;
    case 2:
      return `! -s ${r.pick(values)}`;
    case 3:
      return `-d ${r.pick([...net.srvAddrs, '127.0.0.1'])}`;
    case 4:
      return `-m iprange --src-range ${b}.1.2-${b}.1.${r.pick([2, 3, 100])}`;
    default:
      return `-s ${r.some(values, 2, 3).join(',')}`;
  }
}

const MISC = [
  '-i lo',
  '-i eth0',
  '! -i eth0',
  '-m conntrack --ctstate NEW',
  '-m conntrack --ctstate INVALID',
  '-m conntrack --ctstate UNTRACKED',
  '-m conntrack --ctstate ESTABLISHED,RELATED',
  '-m state --state NEW',
  '-m conntrack --ctstate NEW,UNTRACKED',
  '-p tcp --syn',
  '-p tcp ! --syn',
  '-p tcp -m tcp --tcp-flags SYN,ACK SYN',
  '-p tcp -m tcp --tcp-flags SYN,ACK SYN,ACK',
  '-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN',
  '-p tcp -m tcp --tcp-flags ALL NONE',
  '-m addrtype --dst-type LOCAL',
  '-m addrtype --dst-type UNICAST',
  '-m addrtype ! --dst-type LOCAL',
  '-m addrtype --dst-type BROADCAST',
  '-m addrtype --dst-type MULTICAST',
  '-m addrtype --src-type LOCAL',
  '-m addrtype --src-type UNICAST',
  '-m addrtype ! --src-type LOCAL',
  '-m pkttype --pkt-type unicast',
  '-m pkttype --pkt-type broadcast',
  '-m limit --limit 1000/sec',
  '-m mark --mark 0x0',
  '-p udp -m udp --dport 53',
  '-p icmp -m icmp --icmp-type 8',
];

function matches(r: Rng, net: PairNet): string[] {
  const out: string[] = [];
  const n = r.int(0, 3);
  let proto = false;
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 8);
    const m = k <= 2 ? ports(r) : k <= 4 ? addrs(r, net) : r.pick(MISC);
    // One -p per rule: iptables refuses a second.
    if (/(^|\s)-p /.test(m)) {
      if (proto) continue;
      proto = true;
    }
    out.push(m);
  }
  if (r.chance(0.15)) out.push(`-m comment --comment "r${r.int(1, 999)}"`);
  return out;
}

function rules(r: Rng, net: PairNet, chain: string, users: string[], min: number, max: number, inUser: boolean): string[] {
  const out: string[] = [];
  const n = r.int(min, max);
  for (let i = 0; i < n; i++) {
    const k = r.next();
    let target: string;
    if (users.length > 0 && k < 0.2) target = r.chance(0.8) ? `-j ${r.pick(users)}` : `-g ${r.pick(users)}`;
    else if (inUser && k < 0.35) target = '-j RETURN';
    else if (k < 0.42) target = '';
    else target = `-j ${r.pick(TARGETS)}`;
    out.push(['-A', chain, ...matches(r, net), target].filter(Boolean).join(' '));
  }
  return out;
}

function filter(r: Rng, net: PairNet): string {
  const users = r.chance(0.5) ? r.some(['SVC', 'ALLOW-IN', 'DENY-IN'], 1, 2) : [];
  const head: string[] = [];
  if (r.chance(0.6)) head.push('-A INPUT -i lo -j ACCEPT');
  if (r.chance(0.6)) head.push('-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  if (r.chance(0.3)) head.push('-A INPUT -m conntrack --ctstate INVALID -j DROP');
  const lines = ['*filter', `:INPUT ${r.chance(0.45) ? 'DROP' : 'ACCEPT'} [0:0]`, ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
  for (const u of users) lines.push(`:${u} - [0:0]`);
  lines.push(...head, ...rules(r, net, 'INPUT', users, 1, 6, false));
  for (const u of users) lines.push(...rules(r, net, u, [], 1, 4, true));
  lines.push('COMMIT');
  return lines.join('\n');
}

function raw(r: Rng, net: PairNet): string {
  const target = r.pick([
    '-j NOTRACK',
    '-j CT --notrack',
    '-j DROP',
    '-j ACCEPT',
    '-m conntrack --ctstate INVALID -j DROP',
    '-m state --state NEW -j DROP',
    '-m conntrack --ctstate UNTRACKED -j DROP',
  ]);
  return [
    '*raw',
    ':PREROUTING ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ['-A PREROUTING', ...matches(r, net), target].join(' '),
    'COMMIT',
  ].join('\n');
}

function mangle(r: Rng, net: PairNet): string {
  const chain = r.pick(['PREROUTING', 'INPUT']);
  const body = rules(r, net, chain, [], 1, 2, false);
  return [
    '*mangle',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ...body,
    'COMMIT',
  ].join('\n');
}

function nat(r: Rng, net: PairNet): string {
  const to = r.pick(PORTS);
  const target = r.pick([
    `-j REDIRECT --to-ports ${to}`,
    `-j DNAT --to-destination ${net.srvAddrs[1]}:${to}`,
    `-j REDIRECT --to-ports ${to}`,
    `-j DNAT --to-destination ${net.srvAddrs[0]}:${to}`,
  ]);
  const rule = `-A PREROUTING -p tcp -m tcp --dport ${r.pick(PORTS)} ${target}`;
  return [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    rule,
    'COMMIT',
  ].join('\n');
}

/** One iptables-restore document (all of its tables replace what was there). */
export function genIptables(r: Rng, net: PairNet): string {
  const parts = [filter(r, net)];
  if (r.chance(0.25)) parts.push(raw(r, net));
  if (r.chance(0.2)) parts.push(mangle(r, net));
  if (r.chance(0.25)) parts.push(nat(r, net));
  return `${parts.join('\n')}\n`;
}

/** iptables-restore input that empties every table (iptables-legacy keeps its tables between rulesets). */
export const EMPTY_IPTABLES = ['filter', 'raw', 'mangle', 'nat']
  .map((t) => {
    const chains: Record<string, string[]> = {
      filter: ['INPUT', 'FORWARD', 'OUTPUT'],
      raw: ['PREROUTING', 'OUTPUT'],
      mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
      nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
    };
    return [`*${t}`, ...(chains[t] ?? []).map((c) => `:${c} ACCEPT [0:0]`), 'COMMIT'].join('\n');
  })
  .join('\n')
  .concat('\n');
