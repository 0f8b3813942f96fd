import type { InboundPacket } from '../types';
import { isLoopbackValue, parseIpValue } from '../ip-match';
import { ctValue, fibValue, nfprotoValue } from './match-state';
import { inputLinkValue, ipHeaderValue, tcpHeaderValue, tcpOptionValue, timeMatch } from './header';
import type { NftValue } from './elements';
import type { Tri } from '../tri';
import { elemMatches, findElem, flagsNumber } from './elements';
import type { NftSet } from './model';
import type { NftPacket } from './packet';

/**
 * Judges nft match expressions against a new inbound SYN (or first UDP datagram). Each value is known,
 * `absent` (the header is not in this packet, so the rule cannot match, as nft's implicit protocol
 * dependency would decide) or `unknown` with the reason (marks, helpers, owners: runtime state).
 */

type Obj = Record<string, unknown>;

/** The single key of a libnftables JSON object (`{"payload": {…}}`), found without allocating. */
export function firstKey(o: Obj): string | undefined {
  for (const k in o) return k;
  return undefined;
}

const L4: Record<string, number> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  'ipv6-icmp': 58,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
  gre: 47,
  esp: 50,
  ah: 51,
};
const SYN_VALUE: NftValue = { kind: 'num', v: 2 };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const num = (v: number): NftValue => ({ kind: 'num', v });
const str = (v: string, alias?: number): NftValue => (alias === undefined ? { kind: 'str', v } : { kind: 'str', v, alias });
const absent: NftValue = { kind: 'absent' };
// Values that do not depend on the rule: built once, not per rule.
const ETHER_IP = str('ip', 0x0800);
const ETHER_IP6 = str('ip6', 0x86dd);
const PKTTYPE_HOST = str('host', 0);
const EMPTY_NAME = str('', 0);
const unknownValue = (reason: string): NftValue => ({ kind: 'unknown', reason });

function payloadValue(b: Obj, pk: NftPacket): NftValue {
  const { p } = pk;
  const proto = String(b.protocol);
  const field = String(b.field);
  if (proto === 'ip' || proto === 'ip6') {
    if ((proto === 'ip') !== (p.family === 4)) return absent;
    if (field === 'saddr' && pk.saddrValue) return pk.saddrValue;
    if (field === 'daddr' && pk.daddrValue) return pk.daddrValue;
    if (field === 'protocol' || field === 'nexthdr') return pk.l4Value;
    return ipHeaderValue(p, proto, field) ?? unknownValue(`${proto} ${field} is not modelled`);
  }
  if (proto === 'tcp' || proto === 'udp' || proto === 'th') {
    if (proto !== 'th' && proto !== p.protocol) return absent;
    if (field === 'dport') return pk.dportValue;
    if (field === 'sport') return p.sport === undefined ? unknownValue('the client source port is not known') : num(p.sport);
    if (field === 'flags' && proto === 'tcp') return SYN_VALUE;
    return (proto === 'tcp' ? tcpHeaderValue(p, field) : null) ?? unknownValue(`${proto} ${field} is not modelled`);
  }
  // A SYN carries no ICMP, SCTP, … header: any match on one fails.
  if (['icmp', 'icmpv6', 'sctp', 'dccp', 'esp', 'ah', 'comp', 'udplite', 'igmp', 'gre'].includes(proto)) return absent;
  return unknownValue(`payload ${proto} ${field} is not modelled`);
}

function metaValue(key: string, pk: NftPacket): NftValue {
  const { p } = pk;
  switch (key) {
    case 'l4proto':
      return pk.l4Value;
    case 'nfproto':
      return nfprotoValue(p.family);
    case 'protocol':
      return p.family === 4 ? ETHER_IP : ETHER_IP6;
    case 'iif':
    case 'iifname':
      return ifaceValue(pk);
    // On the way to a local socket (ingress, prerouting, input) no output device exists: nft_meta stores an
    // empty name and index 0, and breaks the rule for its type and group. Only a DNATed packet on the forward
    // path has one (from the connected network holding its new destination).
    case 'oif':
    case 'oifname':
      if (!pk.forwarded) return EMPTY_NAME;
      return pk.p.oif !== undefined ? str(pk.p.oif) : unknownValue(`meta ${key}: the output interface is not known`);
    case 'oiftype':
    case 'oifgroup':
      return pk.forwarded
        ? unknownValue(`meta ${key}: the output interface's ${key === 'oiftype' ? 'type' : 'group'} is not known`)
        : absent;
    case 'length':
      // skb->len at these hooks: the whole IP packet.
      return pk.p.headers?.length !== undefined
        ? num(pk.p.headers.length)
        : unknownValue('meta length: the length of this SYN is not known');
    case 'priority':
      return pk.prioritySet ? unknownValue('meta priority: a rule on this host sets priorities at runtime') : num(0);
    case 'pkttype':
      return PKTTYPE_HOST;
    case 'mark':
      return pk.marksSet ? unknownValue('meta mark: a rule on this host sets marks at runtime') : num(0);
    case 'iiftype':
    case 'iifgroup': {
      const iif = ifaceValue(pk);
      return inputLinkValue(key, pk.p, iif.kind === 'str' ? iif.v : undefined);
    }
    // An arriving SYN has no local socket yet (early demux finds established sockets only): socket keys break the rule.
    case 'skuid':
    case 'skgid':
    case 'cgroup':
      return absent;
    default:
      return unknownValue(`meta ${key} depends on runtime state`);
  }
}

function ifaceValue(pk: NftPacket): NftValue {
  if (pk.p.iif !== undefined) return str(pk.p.iif);
  // Only loopback-sourced packets arrive on lo; any other input interface is unknown without --iif.
  if (pk.saddr && isLoopbackValue(pk.saddr)) return str('lo');
  // A client on another host cannot arrive on lo; any other interface name stays unknown.
  return { kind: 'not-lo' };
}

/** The value of a match's left-hand side for this packet. */
export function leftValue(expr: unknown, pk: NftPacket): NftValue {
  if (!isObj(expr)) return unknownValue(`left-hand side ${JSON.stringify(expr)} is not modelled`);
  const k = firstKey(expr);
  const body = k === undefined ? undefined : expr[k];
  const b = isObj(body) ? body : {};
  if (k === 'payload') return payloadValue(b, pk);
  if (k === 'meta') return metaValue(String(b.key), pk);
  if (k === 'ct') return ctValue(String(b.key), b.dir === undefined ? undefined : String(b.dir), pk);
  if (k === 'fib') return fibValue(b, pk);
  if (k === 'tcp option') return tcpOptionValue(b, pk.p);
  // A SYN carries no SCTP chunk (nft's dependency on meta l4proto sctp fails first).
  if (k === 'sctp chunk') return absent;
  if (k === 'concat' && Array.isArray(body)) {
    const parts = body.map((x) => leftValue(x, pk));
    return parts.find((x) => x.kind === 'absent' || x.kind === 'unknown') ?? { kind: 'concat', parts };
  }
  if ((k === '&' || k === '|') && Array.isArray(body)) return bitValue(k, body, pk);
  return unknownValue(`expression ${k} is not modelled`);
}

function bitValue(op: '&' | '|', body: unknown[], pk: NftPacket): NftValue {
  const base = leftValue(body[0], pk);
  if (base.kind === 'ip' && op === '&' && typeof body[1] === 'string') {
    // `ip saddr & 255.255.255.0 == 10.0.1.0`: the address under a mask.
    const mask = parseIpValue(body[1]);
    if (!mask || mask.family !== base.v.family) return unknownValue(`address mask ${body[1]} is not understood`);
    return { kind: 'ip', v: { family: base.v.family, value: base.v.value & mask.value } };
  }
  if (base.kind !== 'num')
    return base.kind === 'absent' || base.kind === 'unknown' ? base : unknownValue('bitwise operation on a non-number');
  const mask = flagsNumber(body[1]);
  if (mask === null) return unknownValue(`bitmask ${JSON.stringify(body[1])} is not understood`);
  return num(op === '&' ? base.v & mask : base.v | mask);
}

/** Does the value lie in the right-hand side (literal, anonymous set, named set, list of flags)? */
export function inRight(value: NftValue, right: unknown, pk: NftPacket): Tri {
  if (typeof right === 'string' && right.startsWith('@')) {
    const set = pk.sets(right.slice(1));
    if (!set) return { unknown: `set ${right} does not exist` };
    return anyMatches(value, set.elem);
  }
  if (isObj(right) && Array.isArray(right.set)) return anyMatches(value, right.set);
  if (Array.isArray(right)) return value.kind === 'num' ? (value.v & (flagsNumber(right) ?? 0)) !== 0 : anyMatches(value, right);
  return elemMatches(value, right);
}

function anyMatches(value: NftValue, elems: unknown[]): Tri {
  if (elems.length > 8) {
    const r = findElem(value, elems);
    return typeof r === 'number' ? r !== -1 : r;
  }
  let unknown: Tri | null = null;
  for (const e of elems) {
    const r = elemMatches(value, e);
    if (r === true) return true;
    if (r !== false) unknown = r;
  }
  return unknown ?? false;
}

/** Judge one `match` statement. */
export function evaluateMatch(m: Obj, pk: NftPacket): Tri {
  const left = isObj(m.left) ? m.left : {};
  if (isObj(left.meta) && left.meta.key === 'time') return timeMatch(String(m.op), m.right, pk.p.at);
  // A raw tcp option load (`tcp option @6,0,8`) is modelled only as the presence test nft writes it for.
  if (isObj(left['tcp option']) && left['tcp option'].name === undefined && typeof m.right !== 'boolean')
    return { unknown: 'a raw tcp option load is not modelled' };
  const value = leftValue(m.left, pk);
  if (value.kind === 'absent') return false;
  if (value.kind === 'unknown') return { unknown: value.reason };
  const op = String(m.op);
  if (value.kind === 'num' && typeof m.right !== 'number' && !isObj(m.right)) {
    const mask = flagsNumber(m.right);
    if (mask !== null) {
      // nft(8): `tcp flags syn` (op in) is "any of these bits"; `tcp flags ! syn` none of them; `==` / `!=` with a
      // list of flags compare the whole value (`tcp flags & (syn|ack) == syn|ack`, `tcp flags syn / syn,ack`).
      if (op === 'in') return (value.v & mask) !== 0;
      if (op === '!') return (value.v & mask) === 0;
      if (op === '==') return value.v === mask;
      if (op === '!=') return value.v !== mask;
    }
  }
  if (op === '==' || op === 'in') return inRight(value, m.right, pk);
  if (op === '!=') {
    const r = inRight(value, m.right, pk);
    return typeof r === 'boolean' ? !r : r;
  }
  if (value.kind === 'num' && typeof m.right === 'number') {
    if (op === '<') return value.v < m.right;
    if (op === '>') return value.v > m.right;
    if (op === '<=') return value.v <= m.right;
    if (op === '>=') return value.v >= m.right;
  }
  return { unknown: `operator ${op} is not modelled here` };
}

/** Parse the packet's addresses once; null fields mean they do not fit the packet family. */
export function nftPacket(p: InboundPacket, sets: (name: string) => NftSet | undefined): NftPacket {
  const saddr = parseIpValue(p.source);
  const daddr = parseIpValue(p.destination);
  return {
    p,
    saddr,
    daddr,
    saddrValue: saddr && { kind: 'ip', v: saddr },
    daddrValue: daddr && { kind: 'ip', v: daddr },
    dportValue: num(p.dport),
    l4Value: str(p.protocol, L4[p.protocol]),
    sets,
    untracked: false,
    ctStage: 'after',
    marksSet: true,
    prioritySet: true,
    zoneSet: true,
    orig: { daddr: daddr && { kind: 'ip', v: daddr }, dport: num(p.dport) },
    forwarded: false,
  };
}
