import type { InboundPacket } from '../types';
import type { Tri } from '../tri';
import type { IpValue } from '../ip-match';
import { inRange, isLoopbackValue, parseIpRange } from '../ip-match';
import { addrType, addrTypeIs } from '../addr-type';
import { recentMatches } from '../recent';
import type { RecentSeen } from '../recent';
import type { IptablesMatch, IptablesOption, IptablesRule } from './model';

/**
 * Judges iptables matches against a new inbound SYN. Runtime state (ipset contents, marks, owners,
 * helpers) cannot be known statically: those matches are `unknown` with the reason, never assumed.
 */

/** The packet with parsed addresses. */
export interface IptPacket {
  p: InboundPacket;
  saddr: IpValue;
  daddr: IpValue;
  /** Set by the walk before each rule: an earlier NOTRACK / CT --notrack leaves the packet untracked. */
  untracked: boolean;
  /** In raw PREROUTING (priority -300), before conntrack has seen the packet: no entry yet, state INVALID. */
  beforeConntrack?: boolean;
  /** Whether any rule of the host sets packet marks; if none does, an arriving SYN's mark is 0. */
  marksSet?: boolean;
  /** On the FORWARD path after a DNAT: it has an output interface (`p.oif`, unknown when not given). */
  forwarded: boolean;
  /** After a DNAT: the destination the client used, which conntrack keeps (`--ctorigdst`, `--ctorigdstport`, `--ctstate DNAT`). */
  orig?: { daddr: IpValue; dport: number };
  /** Recent lists an earlier rule of this walk `--set` the SYN into (see recent.ts). */
  recentSet?: Set<string>;
  /** Counting recent matches the walk reached, with their standing (only when the kernel's lists were read). */
  recentSeen?: RecentSeen[];
}

const PROTO_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'ipv6-icmp' };
const TCP_FLAGS: Record<string, number> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128, ALL: 255, NONE: 0 };
const SYN = 2;

const neg = (r: Tri, n: boolean): Tri => (typeof r === 'boolean' ? r !== n : r);

// Rule option values repeat across thousands of rules and every evaluation: split and parse each text once.
const lists = new Map<string, string[]>();
const LIST_LIMIT = 100_000;

function listOf(text: string): string[] {
  let parts = lists.get(text);
  if (!parts) {
    parts = text.split(',');
    if (lists.size > LIST_LIMIT) lists.clear();
    lists.set(text, parts);
  }
  return parts;
}

/** AND over the options of one match: any false wins, then any unknown (no intermediate arrays). */
function allOf(items: IptablesOption[], pk: IptPacket, judge: (item: IptablesOption, pk: IptPacket) => Tri): Tri {
  let unknown: Tri | null = null;
  for (const item of items) {
    const r = judge(item, pk);
    if (r === false) return false;
    if (r !== true) unknown = r;
  }
  return unknown ?? true;
}

function ifaceMatches(pattern: string, pk: IptPacket): Tri {
  const iif = pk.p.iif ?? (isLoopbackValue(pk.saddr) ? 'lo' : undefined);
  // A client on another host cannot arrive on lo; any other interface name stays unknown.
  if (iif === undefined) return pattern === 'lo' ? false : { unknown: 'the input interface is not known (give the packet an iif)' };
  // iptables(8): a trailing "+" matches any interface name with that prefix.
  return pattern.endsWith('+') ? iif.startsWith(pattern.slice(0, -1)) : iif === pattern;
}

function oifMatches(pattern: string, pk: IptPacket): Tri {
  const oif = pk.p.oif;
  if (oif === undefined)
    return { unknown: 'the output interface of the DNATed packet is not known (no connected network holds its new destination)' };
  return pattern.endsWith('+') ? oif.startsWith(pattern.slice(0, -1)) : oif === pattern;
}

function addrMatches(spec: string, ip: IpValue): Tri {
  const parts = listOf(spec);
  for (const part of parts) {
    const range = parseIpRange(part);
    if (!range) return { unknown: `address ${part} is not understood (a host name?)` };
    if (inRange(ip, range)) return true;
  }
  return false;
}

/** The basic `-p/-s/-d/-i/-o/-f` matches (false as soon as one fails: most rules of a large ruleset do not match). */
export function basicMatches(rule: IptablesRule, pk: IptPacket): Tri {
  let unknown: Tri = true;
  if (rule.protocol) {
    const v = rule.protocol.value.toLowerCase();
    const name = PROTO_NUMBERS[v] ?? v;
    if ((name === 'all' || name === '0' || name === pk.p.protocol) === rule.protocol.neg) return false;
  }
  if (rule.destination) {
    const r = neg(addrMatches(rule.destination.value, pk.daddr), rule.destination.neg);
    if (r === false) return false;
    if (r !== true) unknown = r;
  }
  if (rule.source) {
    const r = neg(addrMatches(rule.source.value, pk.saddr), rule.source.neg);
    if (r === false) return false;
    if (r !== true) unknown = r;
  }
  if (rule.outInterface) {
    // Inbound packets to a local socket have no output interface; iptables refuses -o in INPUT anyway.
    if (!pk.forwarded) {
      if (!rule.outInterface.neg) return false;
    } else {
      const r = neg(oifMatches(rule.outInterface.value, pk), rule.outInterface.neg);
      if (r === false) return false;
      if (r !== true) unknown = r;
    }
  }
  // A SYN is the first fragment (or unfragmented): `-f` matches only second and later fragments.
  if (rule.fragment && !rule.fragment.neg) return false;
  if (rule.inInterface) {
    const r = neg(ifaceMatches(rule.inInterface.value, pk), rule.inInterface.neg);
    if (r === false) return false;
    if (r !== true) unknown = r;
  }
  return unknown;
}

/** `80`, `1000:2000`, `:1024`, `1024:` against a port. */
export function portInSpec(spec: string, port: number): Tri {
  const range = portRange(spec);
  if (!range) return { unknown: `port ${spec} is not a number (a service name?)` };
  return port >= range[0] && port <= range[1];
}

const portRanges = new Map<string, [number, number] | null>();

function portRange(spec: string): [number, number] | null {
  const hit = portRanges.get(spec);
  if (hit !== undefined) return hit;
  const [lo, hi] = spec.includes(':') ? spec.split(':') : [spec, spec];
  const a = lo === '' ? 0 : Number(lo);
  const b = hi === '' || hi === undefined ? 65535 : Number(hi);
  const range: [number, number] | null = Number.isInteger(a) && Number.isInteger(b) ? [a, b] : null;
  if (portRanges.size > LIST_LIMIT) portRanges.clear();
  portRanges.set(spec, range);
  return range;
}

function portList(spec: string, port: number | undefined): Tri {
  if (port === undefined) return { unknown: 'the client source port is not known' };
  let unknown: Tri | null = null;
  for (const s of listOf(spec)) {
    const r = portInSpec(s, port);
    if (r === true) return true;
    if (r !== false) unknown = r;
  }
  return unknown ?? false;
}

function flagsOf(list: string): number {
  return listOf(list).reduce((n, f) => n | (TCP_FLAGS[f.toUpperCase()] ?? 0), 0);
}

function l4Option(o: IptablesOption, pk: IptPacket): Tri {
  const v = o.values[0] ?? '';
  switch (o.name) {
    case 'dport':
    case 'destination-port':
    case 'dports':
    case 'destination-ports':
      return neg(portList(v, pk.p.dport), o.neg);
    case 'sport':
    case 'source-port':
    case 'sports':
    case 'source-ports':
      return neg(portList(v, pk.p.sport), o.neg);
    case 'ports':
      return neg(portList(v, pk.p.dport) === true ? true : portList(v, pk.p.sport), o.neg);
    case 'tcp-flags':
      return neg((SYN & flagsOf(v)) === flagsOf(o.values[1] ?? ''), o.neg);
    case 'syn':
      return neg(true, o.neg);
    default:
      return { unknown: `option --${o.name} is not modelled` };
  }
}

function ctState(o: IptablesOption, pk: IptPacket): Tri {
  // A SYN opening a connection is NEW; UNTRACKED after a NOTRACK; INVALID before conntrack ran (raw PREROUTING:
  // xt_conntrack sees no entry); DNAT too once a DNAT rewrote it.
  const states = pk.untracked ? ['UNTRACKED'] : pk.beforeConntrack ? ['INVALID'] : pk.orig ? ['NEW', 'DNAT'] : ['NEW'];
  return neg(o.values[0] === undefined ? false : listOf(o.values[0]).some((s) => states.includes(s.toUpperCase())), o.neg);
}

/** -m conntrack: without a conntrack entry (untracked, or before conntrack) only --ctstate is tested (xt_conntrack). */
function conntrackMatch(opts: IptablesOption[], pk: IptPacket): Tri {
  if (!pk.untracked && !pk.beforeConntrack) return allOf(opts, pk, conntrackOption);
  const state = opts.filter((o) => o.name === 'ctstate');
  return state.length === 0 ? false : allOf(state, pk, ctState);
}

function conntrackOption(o: IptablesOption, pk: IptPacket): Tri {
  const v = o.values[0] ?? '';
  switch (o.name) {
    case 'ctstate':
      return ctState(o, pk);
    case 'ctdir':
      return neg(v === 'ORIGINAL', o.neg);
    // The original direction as the client sent it: before a DNAT, the packet's own destination.
    case 'ctorigdstport':
      return neg(portInSpec(v, pk.orig?.dport ?? pk.p.dport), o.neg);
    case 'ctorigdst':
      return neg(addrMatches(v, pk.orig?.daddr ?? pk.daddr), o.neg);
    case 'ctorigsrc':
      return neg(addrMatches(v, pk.saddr), o.neg);
    case 'ctproto':
      return neg((PROTO_NUMBERS[v] ?? v.toLowerCase()) === pk.p.protocol, o.neg);
    default:
      return { unknown: `conntrack --${o.name} is not modelled` };
  }
}

function stateOption(o: IptablesOption, pk: IptPacket): Tri {
  return o.name === 'state' ? ctState(o, pk) : { unknown: `state --${o.name} is not modelled` };
}

function addrtype(opts: IptablesOption[], pk: IptPacket): Tri {
  // --limit-iface-in: the local lookup is limited to the input interface (an address of another one is UNICAST).
  const limit = opts.some((o) => o.name === 'limit-iface-in');
  if (limit && pk.p.iif === undefined) return { unknown: 'addrtype --limit-iface-in: the input interface is not known' };
  return allOf(opts, pk, (o) => {
    if (o.name === 'limit-iface-in' || o.name === 'limit-iface-out') return true;
    const ip = o.name === 'dst-type' ? pk.daddr : o.name === 'src-type' ? pk.saddr : null;
    if (!ip) return { unknown: `addrtype --${o.name} is not modelled` };
    const type = addrType(ip, pk.p, limit ? pk.p.iif : undefined, o.name === 'dst-type' && !pk.forwarded);
    if (!type) return { unknown: `addrtype --${o.name}: this host's addresses are not known` };
    return neg(
      listOf(o.values[0] ?? '').some((t) => addrTypeIs(type, t)),
      o.neg,
    );
  });
}

// `--mark value[/mask]` against the mark 0 of a SYN no rule has marked.
function markOption(o: IptablesOption): Tri {
  const [value, mask] = (o.values[0] ?? '').split('/').map((x) => Number(x));
  if (value === undefined || Number.isNaN(value) || Number.isNaN(mask ?? 0))
    return { unknown: `--mark ${o.values[0] ?? ''} is not understood` };
  return neg((0 & (mask ?? 0xffffffff)) === value, o.neg);
}

function iprange(o: IptablesOption, pk: IptPacket): Tri {
  const ip = o.name === 'src-range' ? pk.saddr : o.name === 'dst-range' ? pk.daddr : null;
  if (!ip) return { unknown: `iprange --${o.name} is not modelled` };
  return neg(addrMatches(o.values[0] ?? '', ip), o.neg);
}

const RUNTIME: Record<string, string> = {
  set: 'ipset contents are not read',
  mark: 'packet marks are set at runtime',
  connmark: 'connection marks are set at runtime',
  owner: 'owner matches apply to locally generated packets only',
  helper: 'the conntrack helper is attached at runtime',
  physdev: 'bridge ports are not known',
  hashlimit: 'hash limits depend on traffic history',
  connlimit: 'connection counts are runtime state',
  socket: 'socket lookups are runtime state',
  string: 'payload contents are not known',
  u32: 'raw packet bytes are not modelled',
  bpf: 'BPF programs are not evaluated',
  cgroup: 'cgroups apply to local sockets only',
  quota: 'quotas depend on traffic history',
  statistic: 'statistic matches are random or counting',
};

/** Judge one `-m` match module. */
export function moduleMatches(m: IptablesMatch, pk: IptPacket): Tri {
  const opts = m.options;
  switch (m.module) {
    case 'tcp':
    case 'udp':
      return m.module !== pk.p.protocol ? false : allOf(opts, pk, l4Option);
    case 'multiport':
      return allOf(opts, pk, l4Option);
    case 'conntrack':
      return conntrackMatch(opts, pk);
    case 'state':
      return allOf(opts, pk, stateOption);
    case 'comment':
    case 'limit':
      return true;
    case 'addrtype':
      return addrtype(opts, pk);
    case 'iprange':
      return allOf(opts, pk, iprange);
    case 'icmp':
    case 'icmp6':
    case 'icmpv6':
      return false;
    case 'pkttype':
      return neg((opts[0]?.values[0] ?? '').toLowerCase() === 'unicast', opts[0]?.neg ?? false);
    case 'recent':
      return recentMatches(opts, pk);
    case 'mark':
      return pk.marksSet === false ? allOf(opts, pk, markOption) : { unknown: `-m mark: ${RUNTIME.mark}` };
    case 'rt':
    case 'frag':
    case 'hbh':
    case 'dst':
      // IPv6 extension-header matches fail when the header is absent (xt_rt & co. return false, `!` or not);
      // a client's SYN carries no routing, fragment, hop-by-hop or destination-options header.
      return false;
    case 'rpfilter':
      // Reverse-path check: a client that reached us is assumed routable back through the same interface.
      return !opts.some((o) => o.name === 'invert');
    default:
      return { unknown: `-m ${m.module}: ${RUNTIME[m.module] ?? 'this match is not modelled'}` };
  }
}
