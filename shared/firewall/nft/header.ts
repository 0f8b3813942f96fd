import type { InboundPacket, SynHeaders } from '../types';
import type { NftValue } from './elements';

/**
 * Values the SYN carries in its headers (`ip ttl`, `tcp window`, `tcp option maxseg size`, `meta length`) and the
 * input interface's link type and group. Each is known only when the packet says so (`headers`, `links`): a
 * field nobody captured stays `unknown`, never a guess. A header the packet does not carry (an SCTP chunk, a
 * TCP option the SYN left out) is `absent`: the kernel's lookup fails and the rule does not match.
 */

type Obj = Record<string, unknown>;

const num = (v: number): NftValue => ({ kind: 'num', v });
const absent: NftValue = { kind: 'absent' };
const unknownValue = (reason: string): NftValue => ({ kind: 'unknown', reason });

/** DSCP names as nft prints them (nft's dscp_type). */
const DSCP: Record<number, string> = {
  0: 'cs0',
  8: 'cs1',
  16: 'cs2',
  24: 'cs3',
  32: 'cs4',
  40: 'cs5',
  48: 'cs6',
  56: 'cs7',
  10: 'af11',
  12: 'af12',
  14: 'af13',
  18: 'af21',
  20: 'af22',
  22: 'af23',
  26: 'af31',
  28: 'af32',
  30: 'af33',
  34: 'af41',
  36: 'af42',
  38: 'af43',
  44: 'va',
  46: 'ef',
  1: 'le',
};
const ECN: Record<number, string> = { 0: 'not-ect', 1: 'ect1', 2: 'ect0', 3: 'ce' };

/** A number nft may also name (`cs1`, `ect0`): matches the name or the number, and ranges of numbers. */
function named(v: number | undefined, names: Record<number, string>, what: string): NftValue {
  if (v === undefined) return unknownValue(`${what} of this SYN is not known`);
  const name = names[v];
  return name === undefined ? num(v) : { kind: 'str', v: name, alias: v };
}

function known(v: number | undefined, what: string): NftValue {
  return v === undefined ? unknownValue(`${what} of this SYN is not known`) : num(v);
}

/** An IPv4/IPv6 header field other than the addresses and the protocol; null when it is not one this knows. */
export function ipHeaderValue(p: InboundPacket, proto: string, field: string): NftValue | null {
  const h: SynHeaders = p.headers ?? {};
  const what = `${proto} ${field}`;
  switch (field) {
    case 'version':
      return num(p.family);
    case 'length':
    case 'payload_length':
      if (h.length === undefined) return unknownValue(`${what} of this SYN is not known`);
      // ip6 payload_length excludes the 40-byte fixed header.
      return num(field === 'length' ? h.length : h.length - 40);
    case 'dscp':
      return named(h.dscp, DSCP, what);
    case 'ecn':
      return named(h.ecn, ECN, what);
    case 'ttl':
    case 'hoplimit':
      return known(h.ttl, what);
    case 'id':
      return known(h.id, what);
    case 'frag-off':
      return known(h.fragOff, what);
    case 'hdrlength':
      return known(h.hdrLength, what);
    case 'checksum':
      return known(h.checksum, what);
    default:
      return null;
  }
}

/** A TCP header field other than the ports and flags; null when it is not one this knows. */
export function tcpHeaderValue(p: InboundPacket, field: string): NftValue | null {
  const t = p.headers?.tcp ?? {};
  const what = `tcp ${field}`;
  switch (field) {
    case 'sequence':
      return known(t.sequence, what);
    case 'ackseq':
      return known(t.ackseq, what);
    case 'doff':
      return known(t.doff, what);
    case 'window':
      return known(t.window, what);
    case 'checksum':
      return known(t.checksum, what);
    case 'urgptr':
      return known(t.urgptr, what);
    default:
      return null;
  }
}

/** TCP option kinds by nft's names (tcpopt.c). */
const TCP_OPTIONS: Record<string, number> = {
  eol: 0,
  nop: 1,
  maxseg: 2,
  window: 3,
  'sack-perm': 4,
  sack: 5,
  sack0: 5,
  sack1: 5,
  sack2: 5,
  sack3: 5,
  timestamp: 8,
  md5sig: 19,
  mptcp: 30,
  fastopen: 34,
};

/** Where a field of an option lies in the bytes after kind and length: offset and width in bytes. */
const OPTION_FIELDS: Record<string, [number, number]> = { size: [0, 2], count: [0, 1], tsval: [0, 4], tsecr: [4, 4], subtype: [0, 1] };

function optionKind(name: string): number | null {
  if (/^\d+$/.test(name)) return Number(name);
  return TCP_OPTIONS[name] ?? null;
}

/**
 * `tcp option NAME [FIELD]`: with no field, whether the option is there (true/false); with one, its value. The
 * kernel's lookup walks the options: when the option is missing a field match breaks the rule (`absent`).
 */
export function tcpOptionValue(b: Obj, p: InboundPacket): NftValue {
  // `tcp option 6 exists` lists as a raw load of the option's kind byte: {base: 6, offset: 0, len: 8}.
  const name = b.name === undefined && typeof b.base === 'number' ? String(b.base) : String(b.name);
  const field = b.field === undefined ? undefined : String(b.field);
  // nft puts a `meta l4proto tcp` dependency before any tcp option match: on another protocol the rule stops.
  if (p.protocol !== 'tcp') return absent;
  const options = p.headers?.tcp?.options;
  if (!options) return unknownValue(`tcp option ${name}: the options of this SYN are not known`);
  const kind = optionKind(name);
  if (kind === null) return unknownValue(`tcp option ${name} is not known here`);
  // nft's sack1…sack3 are the second to fourth block of a SACK option.
  const block = /^sack(\d)$/.exec(name)?.[1];
  const opt = options.find((o) => o.kind === kind);
  if (field === undefined) return num(opt ? 1 : 0);
  if (!opt) return absent;
  if (field === 'length') return num(opt.length);
  let at: [number, number] | undefined = OPTION_FIELDS[field];
  if (kind === 5 && (field === 'left' || field === 'right')) at = [8 * Number(block ?? 0) + (field === 'right' ? 4 : 0), 4];
  if (!at) return unknownValue(`tcp option ${name} ${field} is not modelled`);
  if (!opt.data) return unknownValue(`tcp option ${name} ${field} of this SYN is not known`);
  const [off, width] = at;
  // Past the option's end the kernel's load fails: the rule does not match.
  if (off + width > opt.data.length) return absent;
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + (opt.data[off + i] ?? 0);
  // mptcp subtype is the high nibble of its first byte.
  return num(field === 'subtype' ? v >> 4 : v);
}

/** ARPHRD numbers of link types as iproute2 names them, with nft's names where they differ (`gre` is `ipgre`). */
const LINK_TYPES: Record<string, [string, number]> = {
  ether: ['ether', 1],
  loopback: ['loopback', 772],
  ppp: ['ppp', 512],
  ipip: ['ipip', 768],
  tunnel6: ['ipip6', 769],
  sit: ['sit', 776],
  gre: ['ipgre', 778],
  none: ['none', 65534],
};

/** `meta iiftype` / `meta iifgroup` of the input interface, from the host's interfaces (`ip -j addr`). */
export function inputLinkValue(key: 'iiftype' | 'iifgroup', p: InboundPacket, iif: string | undefined): NftValue {
  if (iif === undefined) return unknownValue(`meta ${key}: the input interface is not known`);
  const link = p.links?.find((l) => l.iface === iif && (key === 'iiftype' ? l.linkType : l.group) !== undefined);
  if (key === 'iiftype') {
    const t = link?.linkType === undefined ? undefined : LINK_TYPES[link.linkType];
    if (!t)
      return iif === 'lo' ? { kind: 'str', v: 'loopback', alias: 772 } : unknownValue(`meta iiftype: the link type of ${iif} is not known`);
    return { kind: 'str', v: t[0], alias: t[1] };
  }
  const g = link?.group;
  if (g === undefined) return unknownValue(`meta iifgroup: the group of ${iif} is not known`);
  if (g === 'default') return { kind: 'str', v: 'default', alias: 0 };
  // A number, or a name from /etc/iproute2/group (its number is then not known: named elements only).
  return /^\d+$/.test(g) ? { kind: 'str', v: g, alias: Number(g) } : { kind: 'str', v: g };
}

const DAY_MS = 86_400_000;

/**
 * `meta time OP "2019-07-01 00:00:00"` for a SYN judged at `at` (ms since the epoch). nft prints the time in the
 * listing's local zone, which is not known here: within two days of it the answer stays unknown.
 */
export function timeMatch(op: string, right: unknown, at: number | undefined): boolean | { unknown: string } {
  if (at === undefined) return { unknown: 'meta time: when the SYN arrives is not known' };
  const m = typeof right === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(right) : null;
  if (!m) return { unknown: `meta time ${JSON.stringify(right)} is not modelled` };
  const [y, mo, d, h, mi, sec] = m.slice(1).map(Number);
  const t = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, sec ?? 0);
  if (Math.abs(at - t) < 2 * DAY_MS)
    return { unknown: `meta time ${right}: the check runs within two days of it, and the listing's time zone is not known` };
  // The kernel compares nanoseconds: far from the instant, equality never holds.
  if (op === '==') return false;
  if (op === '!=') return true;
  if (op === '<' || op === '<=') return at < t;
  if (op === '>' || op === '>=') return at > t;
  return { unknown: `operator ${op} on meta time is not modelled` };
}
