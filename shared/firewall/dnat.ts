import { inRange, isLoopbackValue, parseIpRange, parseIpValue } from './ip-match';
import type { Forwarding, InboundPacket, RuleRef } from './types';

/** The interface of the connected network that holds `address` (longest prefix), as the kernel would route it. */
export function outputInterface(address: string, packet: InboundPacket): string | undefined {
  const ip = parseIpValue(address);
  if (!ip) return undefined;
  let best: { iface: string; len: number } | undefined;
  for (const l of packet.links ?? []) {
    const range = parseIpRange(`${l.address}/${l.prefixLength}`);
    if (range && inRange(ip, range) && (!best || l.prefixLength > best.len)) best = { iface: l.iface, len: l.prefixLength };
  }
  return best?.iface;
}

/**
 * Where a DNAT to `address`:`port` sends the packet: to this host (one of its addresses, or loopback: the packet stays
 * on INPUT) or on, out of the connected network holding the address (the FORWARD path).
 */
export function forwardingTo(address: string, port: number, rule: RuleRef, packet: InboundPacket): Forwarding {
  const ip = parseIpValue(address);
  const local =
    (packet.links ?? []).some((l) => l.address === address) || (ip !== null && isLoopbackValue(ip)) || address === packet.destination;
  const oif = local ? undefined : outputInterface(address, packet);
  return { to: address, port, ...(oif ? { oif } : {}), ...(local ? { local } : {}), rule };
}

/**
 * Where REDIRECT (iptables) / `redirect` (nft) sends a packet: the first address of its input interface (127.0.0.1
 * or ::1 on lo), as nf_nat_redirect does; the packet's own destination when the interface's addresses are not known.
 */
export function redirectAddress(packet: InboundPacket): string {
  if (packet.iif === 'lo') return packet.family === 4 ? '127.0.0.1' : '::1';
  const own = (packet.links ?? []).find((l) => l.iface === packet.iif && parseIpValue(l.address)?.family === packet.family);
  return own?.address ?? packet.destination;
}
