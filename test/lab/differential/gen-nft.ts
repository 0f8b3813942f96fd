import type { Rng } from './random';
import type { PairNet } from './rig';
import { PORTS } from './rig';

/**
 * Random nftables rulesets in shapes real hosts have: inet/ip filter tables with policies, conntrack shortcuts,
 * loopback, source allow/deny lists (CIDRs, anonymous and named sets), port sets and ranges, TCP flag checks,
 * fib/addrtype checks, rate limits, jumps/gotos/returns into user chains, raw-priority prerouting chains with
 * notrack, netdev ingress, and nat redirect/dnat to this host. Every rule carries a counter (the ground truth).
 */

const VERDICTS = [
  'accept',
  'accept',
  'drop',
  'drop',
  'reject',
  'reject with tcp reset',
  'reject with icmpx type admin-prohibited',
  'reject with icmp type host-prohibited',
];

function port(r: Rng): number {
  return r.pick(PORTS);
}

function portMatch(r: Rng, proto = 'tcp'): string {
  switch (r.int(0, 5)) {
    case 0:
      return `${proto} dport ${port(r)}`;
    case 1:
      return `${proto} dport { ${r.some(PORTS, 2, 4).join(', ')} }`;
    case 2:
      return `${proto} dport != ${port(r)}`;
    case 3:
      return `${proto} dport ${r.pick(['20-100', '400-5000', '8000-9000', '1-1023', '1024-65535'])}`;
    case 4:
      return `th dport { ${r.some(PORTS, 1, 3).join(', ')} }`;
    default:
      return `${proto} sport ${r.pick(['1024-65535', '20000-40000', '1-1023', '40001-65535'])}`;
  }
}

function addrMatch(r: Rng, net: PairNet, named: string | null): string {
  const b = net.srvAddrs[0].split('.').slice(0, 2).join('.');
  const values = [
    ...net.cliAddrs,
    `${b}.1.0/24`,
    `${b}.7.0/24`,
    `${b}.1.0/30`,
    `${b}.0.0/16`,
    '192.168.0.0/16',
    '10.0.0.0/8',
    '198.51.100.7',
  ];
  switch (r.int(0, 6)) {
    case 0:
    case 1:
      return `ip saddr ${r.pick(values)}`;
    case 2:
      return `ip saddr != ${r.pick(values)}`;
    case 3:
      return `ip saddr { ${r.some(values, 2, 3).join(', ')} }`;
    case 4:
      return named ? `ip saddr @${named}` : `ip saddr ${r.pick(values)}`;
    case 5:
      return `ip daddr ${r.pick([...net.srvAddrs, '127.0.0.1', `${b}.1.255`])}`;
    default:
      return `ip saddr & 255.255.255.0 == ${r.pick([`${b}.1.0`, `${b}.7.0`, '192.168.1.0'])}`;
  }
}

const FLAGS = [
  'tcp flags syn',
  'tcp flags == syn',
  'tcp flags != syn',
  'tcp flags syn / syn,ack',
  'tcp flags syn,ack / syn,ack',
  'tcp flags & (syn|ack) == syn|ack',
  'tcp flags & (fin|syn|rst|ack) == syn',
  'tcp flags & (fin|syn|rst|ack) != syn',
  'tcp flags { syn, ack }',
  'tcp flags syn,ack',
  'tcp flags & (fin|syn) == fin|syn',
  'tcp flags & syn == 0',
];

const MISC = [
  'iifname "lo"',
  'iifname "eth0"',
  'iifname != "eth0"',
  'iif "lo"',
  'meta l4proto tcp',
  'meta l4proto udp',
  'meta pkttype host',
  'meta pkttype broadcast',
  'fib daddr type local',
  'fib daddr type != local',
  'fib daddr type broadcast',
  'fib saddr type unicast',
  'limit rate 1000/second',
  'limit rate over 1/minute',
  'meta mark 0',
  'meta mark 0x1',
  'ct status dnat',
  'ct direction original',
  'ct state new',
  'ct state invalid',
  'ct state untracked',
  'ct state established,related',
  'ct state new,untracked',
  'udp dport 53',
  'icmp type echo-request',
];

/** The matches of one rule (0–3 of them). */
export function nftMatches(r: Rng, net: PairNet, named: string | null): string[] {
  const out: string[] = [];
  const n = r.int(0, 3);
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 9);
    if (k <= 2) out.push(portMatch(r));
    else if (k <= 4) out.push(addrMatch(r, net, named));
    else if (k === 5) out.push(r.pick(FLAGS));
    else out.push(r.pick(MISC));
  }
  return out;
}

function rule(r: Rng, net: PairNet, named: string | null, verdict: string): string {
  const comment = r.chance(0.15) ? ` comment "r${r.int(1, 999)}"` : '';
  return `    ${[...nftMatches(r, net, named), 'counter', verdict].filter(Boolean).join(' ')}${comment}`;
}

function chainRules(r: Rng, net: PairNet, named: string | null, users: string[], min: number, max: number, inUser: boolean): string[] {
  const lines: string[] = [];
  const n = r.int(min, max);
  for (let i = 0; i < n; i++) {
    const k = r.next();
    let verdict: string;
    if (users.length > 0 && k < 0.2) verdict = `${r.chance(0.8) ? 'jump' : 'goto'} ${r.pick(users)}`;
    else if (inUser && k < 0.35) verdict = 'return';
    else if (k < 0.45) verdict = '';
    else verdict = r.pick(VERDICTS);
    lines.push(rule(r, net, named, verdict));
  }
  return lines;
}

/** A realistic "standard" input chain head: loopback, established, invalid. */
function head(r: Rng): string[] {
  const out: string[] = [];
  if (r.chance(0.6)) out.push('    iifname "lo" counter accept');
  if (r.chance(0.6)) out.push('    ct state established,related counter accept');
  if (r.chance(0.4)) out.push('    ct state invalid counter drop');
  return out;
}

function filterTable(r: Rng, net: PairNet, family: string, name: string): string {
  const named = r.chance(0.4) ? 'allowed' : null;
  const b = net.srvAddrs[0].split('.').slice(0, 2).join('.');
  const lines = [`table ${family} ${name} {`];
  if (named)
    lines.push(
      `  set ${named} {\n    type ipv4_addr; flags interval;\n    elements = { ${r.some([...net.cliAddrs, `${b}.7.0/24`, '192.0.2.0/24'], 1, 3).join(', ')} }\n  }`,
    );
  const users = r.chance(0.5) ? r.some(['svc', 'allow_in', 'deny_in'], 1, 2) : [];
  const prio = r.pick([0, 0, 0, -150, 10, -5]);
  const policy = r.chance(0.45) ? 'drop' : 'accept';
  lines.push(
    `  chain input {\n    type filter hook input priority ${prio}; policy ${policy};`,
    ...head(r),
    ...chainRules(r, net, named, users, 1, 6, false),
    '  }',
  );
  for (const u of users) lines.push(`  chain ${u} {`, ...chainRules(r, net, named, [], 1, 4, true), '  }');
  if (r.chance(0.25)) {
    const pre = r.pick([-300, -300, -150, -250, 0]);
    const pick = r.pick(['notrack', 'ct state invalid drop', 'ct state new accept', 'ct state untracked accept', 'drop', 'accept']);
    lines.push(
      `  chain pre {\n    type filter hook prerouting priority ${pre}; policy accept;`,
      rule(r, net, named, ''),
      `    ${nftMatches(r, net, named).join(' ')} counter ${pick}`,
      '  }',
    );
  }
  lines.push('}');
  return lines.join('\n');
}

function natTable(r: Rng, net: PairNet): string {
  const from = port(r);
  const to = r.pick(PORTS);
  const action = r.pick([
    `redirect to :${to}`,
    `dnat to ${net.srvAddrs[1]}:${to}`,
    `dnat to ${net.srvAddrs[0]}:${to}`,
    `redirect to :${to}`,
  ]);
  return `table ip nat {\n  chain prerouting {\n    type nat hook prerouting priority -100; policy accept;\n    tcp dport ${from} counter ${action}\n  }\n}`;
}

function ingressTable(r: Rng, net: PairNet): string {
  const dev = r.chance(0.8) ? 'eth0' : 'lo';
  const body = rule(r, net, null, r.pick(['drop', 'accept', '', 'drop']));
  return `table netdev edge {\n  chain ingress {\n    type filter hook ingress device "${dev}" priority ${r.pick([0, -500])}; policy accept;\n${body}\n  }\n}`;
}

/** One nftables ruleset (for `nft -f`, after a flush). */
export function genNft(r: Rng, net: PairNet): string {
  const parts = [filterTable(r, net, r.pick(['inet', 'inet', 'ip']), 'filter')];
  if (r.chance(0.25)) parts.push(filterTable(r, net, r.pick(['inet', 'ip']), 'extra'));
  if (r.chance(0.25)) parts.push(natTable(r, net));
  if (r.chance(0.2)) parts.push(ingressTable(r, net));
  return `${parts.join('\n')}\n`;
}
