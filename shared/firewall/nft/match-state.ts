import { addrType } from '../addr-type';
import type { NftValue } from './elements';
import type { NftPacket } from './packet';

/**
 * nft `ct` keys and `fib` lookups for a new inbound SYN: what conntrack holds for a connection it has just seen
 * (state new, the original tuple, zone and mark 0 when no rule sets them), and what the routing tables say.
 */

type Obj = Record<string, unknown>;

const num = (v: number): NftValue => ({ kind: 'num', v });
const str = (v: string, alias?: number): NftValue => (alias === undefined ? { kind: 'str', v } : { kind: 'str', v, alias });
const absent: NftValue = { kind: 'absent' };
const unknownValue = (reason: string): NftValue => ({ kind: 'unknown', reason });
const NFPROTO_IPV4 = str('ipv4', 2);
const NFPROTO_IPV6 = str('ipv6', 10);
const CT_NEW = str('new', 8);
const CT_UNTRACKED = str('untracked', 64);
const CT_INVALID = str('invalid', 1);

/** `meta nfproto` / `ct l3proto` of the packet's family. */
export function nfprotoValue(family: 4 | 6): NftValue {
  return family === 4 ? NFPROTO_IPV4 : NFPROTO_IPV6;
}

/** A `ct` key of the packet's conntrack entry (`dir`: original/reply when the expression names one). */
export function ctValue(key: string, dir: string | undefined, pk: NftPacket): NftValue {
  if (pk.ctStage === 'at') return unknownValue(`ct ${key} in a chain at conntrack's own priority (-200): which runs first is not known`);
  // Before conntrack (and after notrack) the packet has no entry: nft_ct reads state invalid (untracked), and
  // every other ct key breaks the rule (no match, whatever the operator).
  if (key === 'state') return pk.untracked ? CT_UNTRACKED : pk.ctStage === 'before' ? CT_INVALID : CT_NEW;
  if (pk.untracked || pk.ctStage === 'before') return absent;
  if (key === 'direction') return str('original', 0);
  // A SYN to a local address was not NATed to get here and is not expected: no status bits apply.
  if (key === 'status') return str('none', 0);
  if (key === 'helper') return unknownValue('ct helper depends on which conntrack helper is attached');
  if (key === 'mark' && !pk.marksSet) return num(0);
  if (key === 'zone' && !pk.zoneSet) return num(0);
  if (key === 'l3proto') return nfprotoValue(pk.p.family);
  if (key === 'protocol') return pk.l4Value;
  // A new entry's original tuple is the packet as it arrived (a DNAT changes only the reply direction).
  if (dir === 'original') {
    const ip = /^(ip6? )?(saddr|daddr)$/.exec(key);
    if (ip && (ip[1] === undefined || ip[1] === (pk.p.family === 4 ? 'ip ' : 'ip6 ')))
      return (ip[2] === 'saddr' ? pk.saddrValue : pk.orig.daddr) ?? absent;
    if (ip) return absent;
    if (key === 'proto-dst') return pk.orig.dport;
    if (key === 'proto-src') return pk.p.sport === undefined ? unknownValue('the client source port is not known') : num(pk.p.sport);
  }
  return unknownValue(`ct ${key} depends on runtime state`);
}

const FIB_TYPE: Record<string, number> = { unicast: 1, local: 2, broadcast: 3, multicast: 5 };

/** A `fib` lookup's result for the packet (`fib daddr type`, the reverse-path `fib saddr . iif oif`). */
export function fibValue(b: Obj, pk: NftPacket): NftValue {
  const flags = Array.isArray(b.flags) ? b.flags.map(String) : [String(b.flags)];
  if (b.result === 'type') {
    const ip = flags.includes('daddr') ? pk.daddr : flags.includes('saddr') ? pk.saddr : null;
    if (flags.includes('oif')) return unknownValue('fib … . oif type: the output interface is not known');
    const type = ip ? addrType(ip, pk.p, flags.includes('iif') ? pk.p.iif : undefined, flags.includes('daddr') && !pk.forwarded) : null;
    if (!type || (flags.includes('iif') && pk.p.iif === undefined))
      return unknownValue(`fib ${flags.join(' . ')} type: this host's addresses are not known`);
    const name = type.toLowerCase();
    return str(name, FIB_TYPE[name]);
  }
  // Reverse-path checks (fib saddr . iif oif): a client that reached us is assumed routable back.
  if (b.result === 'oif' && flags.includes('saddr')) return num(1);
  return unknownValue(`fib ${flags.join(' . ')} ${String(b.result)} is not modelled`);
}
