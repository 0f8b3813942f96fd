import { normalizeIp } from '../net/address';
import { parseIpValue } from '../firewall/ip-match';
import type { Cause } from '../schemas/common';
import { say } from '../i18n/say';
import type { Said } from '../i18n/say';

/**
 * What an ICMP "destination unreachable" that ended a TCP connect says about where the SYN stopped. A TCP stack
 * answers a closed port with a reset, never with ICMP: an ICMP error from the target's own address is its firewall
 * rejecting (iptables REJECT, nft `reject`). From another address it is a hop on the path: the filter codes
 * (prohibited, port unreachable) are a filter there; the plain unreachable codes are a filter (`--reject-with
 * icmp-host-unreachable`) or a router with no route or neighbour on to the target. RFC 792, RFC 1812 §5.2.7.1, RFC 4443 §3.1.
 */

/** The ICMP error as a probe report carries it. */
export interface IcmpError {
  family: 4 | 6;
  type: number;
  code: number;
  from: string;
}

// Destination unreachable: ICMPv4 type 3, ICMPv6 type 1.
const UNREACH_TYPE = { 4: 3, 6: 1 } as const;
const NAMES: Record<4 | 6, Record<number, string>> = {
  4: {
    0: 'net-unreachable',
    1: 'host-unreachable',
    2: 'protocol-unreachable',
    3: 'port-unreachable',
    6: 'net-unknown',
    7: 'host-unknown',
    9: 'net-prohibited',
    10: 'host-prohibited',
    11: 'net-unreachable-tos',
    12: 'host-unreachable-tos',
    13: 'admin-prohibited',
  },
  6: {
    0: 'no-route',
    1: 'admin-prohibited',
    2: 'beyond-scope',
    3: 'address-unreachable',
    4: 'port-unreachable',
    5: 'source-policy-failed',
    6: 'reject-route',
  },
};
// Codes only a filter sends (a router forwarding normally never does).
const FILTER_CODES: Record<4 | 6, ReadonlySet<number>> = { 4: new Set([2, 3, 9, 10, 13]), 6: new Set([1, 4, 5, 6]) };

/** How the ICMP error places the stop: the target's firewall, a filter on a hop, a hop that cannot go on, or not a destination-unreachable. */
export type IcmpPlace = 'target' | 'hop-filter' | 'hop-unreachable' | 'other';

/** One address however written (`fd00:232:2:0::2`, `::ffff:10.0.0.1`). */
function sameAddress(a: string, b: string): boolean {
  const x = parseIpValue(normalizeIp(a));
  const y = parseIpValue(normalizeIp(b));
  return x !== null && y !== null && x.family === y.family && x.value === y.value;
}

/** The ICMP type's and code's name (`admin-prohibited`), or `type T code C`. */
export function icmpName(i: IcmpError): string {
  return i.type === UNREACH_TYPE[i.family] ? (NAMES[i.family][i.code] ?? `code ${i.code}`) : `type ${i.type} code ${i.code}`;
}

/** Where the error places the stop, for a connect to `target`. */
export function icmpPlace(i: IcmpError, target: string): IcmpPlace {
  if (i.type !== UNREACH_TYPE[i.family]) return 'other';
  if (sameAddress(i.from, target)) return 'target';
  return FILTER_CODES[i.family].has(i.code) ? 'hop-filter' : 'hop-unreachable';
}

/** What the client proves from it alone: the cause, or `unknown` with candidates; null when it places nothing. */
export function icmpCause(i: IcmpError, target: string): { cause: Cause; candidates: Cause[] } | null {
  const place = icmpPlace(i, target);
  if (place === 'target') return { cause: 'host-firewall-reject', candidates: ['host-firewall-reject'] };
  if (place === 'hop-filter') return { cause: 'upstream-filtered', candidates: ['upstream-filtered'] };
  if (place === 'hop-unreachable') return { cause: 'unknown', candidates: ['upstream-filtered', 'no-route'] };
  return null;
}

/** The error as a sentence: its name, type and code, the sender, and where that places the stop. */
export function icmpSaid(i: IcmpError, target: string): Said {
  const place = icmpPlace(i, target);
  const params = { name: icmpName(i), type: i.type, code: i.code, from: i.from, target };
  return say(
    place === 'target'
      ? 'icmp.fromTarget'
      : place === 'hop-filter'
        ? 'icmp.fromHopFilter'
        : place === 'hop-unreachable'
          ? 'icmp.fromHopUnreachable'
          : 'icmp.other',
    params,
  );
}
