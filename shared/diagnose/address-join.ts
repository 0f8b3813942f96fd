import ipaddr from 'ipaddr.js';
import { cidrContains, isIp, isLoopback } from '../net/address';
import type { Evidence, ProbeReport } from '../schemas/report';
import { say } from '../i18n/say';
import type { ServerView } from './server-view';

/** The client's name pointed somewhere else: the name, the address it used, and this host's own and public addresses. */
export interface WrongAddress {
  name: string;
  used: string;
  own: string[];
  published: string[];
  fromHostsFile: boolean | null;
  /**
   * The address used is a public one while this host has only private addresses: most often the NAT, load balancer
   * or cloud public IP in front of it (not named with --public-address), so the wrong name is a guess, not a cause.
   */
  natLikely: boolean;
}

// Private ranges as ipaddr.js names them (RFC 1918, RFC 6598 shared, IPv6 unique-local and link-local).
const PRIVATE_RANGES = new Set(['private', 'carrierGradeNat', 'uniqueLocal', 'linkLocal']);
const rangeOf = (ip: string): string => ipaddr.process(ip).range();

/** The address the client's verdict came from: the one it connected to, else its first attempt, else the first resolved. */
function usedAddress(p: ProbeReport): string | undefined {
  return p.remoteAddress ?? p.attempts?.[0]?.address ?? p.addresses[0];
}

const isOneOf = (list: readonly string[], ip: string): boolean => list.some((a) => cidrContains(a, ip));

/**
 * The client looked a name up and used an address that is neither one of this host's own addresses (from the
 * check) nor a public/NAT address the user named. Null when any of that is not known, when the client typed an
 * address (no name to blame), or when the capture saw the client's SYN arrive (then the address reaches this host).
 */
export function wrongAddress(
  probe: ProbeReport | null,
  server: ServerView,
  published: readonly string[],
  synSeen: boolean,
): WrongAddress | null {
  if (!probe || synSeen || isIp(probe.target.host) || probe.target.host.toLowerCase() === 'localhost') return null;
  if (probe.outcome === 'ok' || probe.outcome === 'dns-failure' || probe.outcome === 'source-exhausted') return null;
  const own = server.ownAddresses;
  const used = usedAddress(probe);
  if (!own || own.length === 0 || !used || !isIp(used) || isLoopback(used)) return null;
  if (isOneOf(own, used) || isOneOf(published, used)) return null;
  const natLikely = rangeOf(used) === 'unicast' && own.every((a) => !isIp(a) || PRIVATE_RANGES.has(rangeOf(a)));
  return {
    name: probe.target.host,
    used,
    own,
    published: [...published],
    fromHostsFile: probe.resolution?.fromHostsFile ?? null,
    natLikely,
  };
}

/** A public address used for a host with only private ones: said beside whatever cause the join names, never as the cause. */
export function natLikelyEvidence(w: WrongAddress): Evidence {
  return {
    kind: 'address',
    ...say('join.natLikely', { name: w.name, used: w.used, own: w.own.join(', ') }),
    data: { name: w.name, resolvedTo: w.used, hostAddresses: w.own, publicAddressFlag: `--public-address ${w.used}` },
  };
}

/** The evidence line: both addresses, and where to correct the name (the hosts file or DNS, as the client's report says). */
export function wrongAddressEvidence(w: WrongAddress): Evidence[] {
  const key =
    w.fromHostsFile === true ? 'join.wrongAddressHosts' : w.fromHostsFile === false ? 'join.wrongAddressDns' : 'join.wrongAddress';
  const params = { name: w.name, used: w.used, own: w.own.join(', ') };
  const data = { name: w.name, resolvedTo: w.used, hostAddresses: w.own, publicAddresses: w.published, fromHostsFile: w.fromHostsFile };
  const ev: Evidence[] = [{ kind: 'address', ...say(key, params), data }];
  if (w.published.length > 0)
    ev.push({
      kind: 'address',
      ...say('join.publishedToo', { published: w.published.join(', ') }),
      data: { publicAddresses: w.published },
    });
  else ev.push({ kind: 'note', ...say('join.natHint', { used: w.used }), data: { publicAddressFlag: `--public-address ${w.used}` } });
  return ev;
}
