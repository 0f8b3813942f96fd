import { inRange, parseIpRange, parseIpValue } from './ip-match';
import type { IpValue } from './ip-match';
import type { InboundPacket } from './types';

/**
 * The routing type of an address as netfilter's `-m addrtype` and nft's `fib … type` see it. Both call
 * inet_dev_addr_type(): 0.0.0.0/8 and 255.255.255.255 are BROADCAST, 224.0.0.0/4 MULTICAST, and otherwise the
 * address is looked up in the *local* routing table only — the host's own addresses (and 127.0.0.0/8) are LOCAL,
 * each subnet's broadcast address is BROADCAST, and everything else is UNICAST. So the facts needed are the host's
 * addresses with their prefix lengths (`ip -j addr`), which the packet carries as `links`.
 */
export type AddrType = 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST';

const V4_ZERO = parseIpRange('0.0.0.0/8');
const V4_MULTICAST = parseIpRange('224.0.0.0/4');
const V4_LOOPBACK = parseIpRange('127.0.0.0/8');
const V6_MULTICAST = parseIpRange('ff00::/8');
const ALL_ONES = (1n << 32n) - 1n;

/**
 * The type of `ip` for this host, or null when the host's addresses are not known. `onlyIface`: limit the local
 * lookup to one device (`--limit-iface-in`, `fib daddr . iif type`): an address of another device is then UNICAST.
 * `ours`: the address is known to be this host's (the destination of a packet for a local socket).
 */
export function addrType(ip: IpValue, packet: InboundPacket, onlyIface?: string, ours = false): AddrType | null {
  if (ip.family === 4) {
    if ((V4_ZERO && inRange(ip, V4_ZERO)) || ip.value === ALL_ONES) return 'BROADCAST';
    if (V4_MULTICAST && inRange(ip, V4_MULTICAST)) return 'MULTICAST';
  } else if (V6_MULTICAST && inRange(ip, V6_MULTICAST)) return 'MULTICAST';
  // The destination of a packet delivered to a local socket is one of this host's addresses by definition.
  if (ours && onlyIface === undefined) return 'LOCAL';
  const links = packet.links;
  if (!links || links.length === 0) return null;
  const loopback = ip.family === 4 ? V4_LOOPBACK !== null && inRange(ip, V4_LOOPBACK) : ip.value === 1n;
  if (loopback) return onlyIface === undefined || onlyIface === 'lo' ? 'LOCAL' : 'UNICAST';
  for (const l of links) {
    if (onlyIface !== undefined && l.iface !== onlyIface) continue;
    const own = parseIpValue(l.address);
    if (!own || own.family !== ip.family) continue;
    if (own.value === ip.value) return 'LOCAL';
    // The subnet's broadcast address (all host bits set) is in the local table as `broadcast` (IPv4, prefix < 31).
    if (ip.family === 4 && l.prefixLength < 31) {
      const host = (1n << BigInt(32 - l.prefixLength)) - 1n;
      if ((own.value | host) === ip.value) return 'BROADCAST';
    }
  }
  return 'UNICAST';
}

/** The address type by name as `-m addrtype` spells it (`LOCAL`) or nft does (`local`): does `type` hold? */
export function addrTypeIs(type: AddrType, name: string): boolean {
  return type === name.toUpperCase();
}
