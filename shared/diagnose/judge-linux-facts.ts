import type { CheckFacts, LocalAddress, RouteFacts } from './facts';
import { STAND_IN_CLIENT } from '../net/stand-in';
import { buildFirewallFacts } from '../firewall/judge-linux';
import type { FirewallReadings } from '../firewall/judge-linux';
import type { ConnectedNetwork, InboundPacket } from '../firewall/types';
import type { Result } from '../schemas/common';
import { ipFamily, isLoopback, isWildcard } from '../net/address';

/** What the Linux probes read for one check (electron/probes/linux/check-facts.ts): the firewall as read, not yet judged. */
export interface LinuxCheckReadings extends Omit<CheckFacts, 'platform' | 'firewall'> {
  platform: 'linux';
  /** The rulesets, front-ends and saved configurations of the packet's address family. */
  firewall: FirewallReadings;
}

/** The client the firewall is judged for, and its family: `--source`, else a documentation address for "another network". */
export function evaluatedClient(target: CheckFacts['target']): { family: 4 | 6; client: string } {
  const family: 4 | 6 = target.source ? (ipFamily(target.source.split('/')[0] ?? '') ?? 4) : 4;
  return { family, client: target.source?.split('/')[0] ?? STAND_IN_CLIENT[family] };
}

/** The local address a client reaches: the route's source address, else the listener's own, else an interface address. */
export function destinationFor(
  family: 4 | 6,
  route: Result<RouteFacts> | undefined,
  listeners: CheckFacts['listeners'],
  addresses: Result<LocalAddress[]>,
): string {
  if (route?.kind === 'ok' && route.data.localAddress) return route.data.localAddress;
  if (listeners.kind === 'ok') {
    const own = listeners.data.find(
      (s) => ipFamily(s.localAddress) === family && !isWildcard(s.localAddress) && !isLoopback(s.localAddress),
    );
    if (own) return own.localAddress;
  }
  const addr =
    addresses.kind === 'ok'
      ? addresses.data.find((a) => a.family === family && !isLoopback(a.address) && !a.address.startsWith('fe80'))
      : undefined;
  return addr?.address ?? (family === 4 ? '0.0.0.0' : '::');
}

/** A connected network as the firewall evaluators read it (with the interface's link type and group: `meta iiftype`). */
function linkOf(a: LocalAddress, prefixLength: number): ConnectedNetwork {
  return {
    iface: a.interface,
    address: a.address,
    prefixLength,
    ...(a.linkType ? { linkType: a.linkType } : {}),
    ...(a.group ? { group: a.group } : {}),
  };
}

/** The SYN the firewall is judged for: from the client, to the address it reaches, on the interface the route names. */
export function inboundPacketFor(r: LinuxCheckReadings): InboundPacket {
  const { family, client } = evaluatedClient(r.target);
  const packet: InboundPacket = {
    family,
    protocol: r.target.protocol,
    source: client,
    destination: destinationFor(family, r.route, r.listeners, r.addresses),
    dport: r.target.port,
  };
  if (r.route?.kind === 'ok' && r.route.data.interface) packet.iif = r.route.data.interface;
  if (r.firewall.recent?.kind === 'ok') packet.recent = r.firewall.recent.data;
  // Where a DNAT (a Docker published port) would send the packet on: FORWARD rules match its output interface.
  if (r.addresses.kind === 'ok')
    packet.links = r.addresses.data.flatMap((a) => (a.prefixLength === undefined ? [] : [linkOf(a, a.prefixLength)]));
  return packet;
}

/** The Linux readings judged: the firewall's verdict (with the saved configurations' differences) for the SYN. */
export function judgeLinuxReadings(r: LinuxCheckReadings): CheckFacts {
  return { ...r, firewall: buildFirewallFacts(r.firewall, inboundPacketFor(r), !r.target.source) };
}
