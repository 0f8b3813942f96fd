import type { InboundPacket } from '../types';
import type { IpValue } from '../ip-match';
import type { NftValue } from './elements';
import type { NftSet } from './model';

// The packet type on its own (issue 15 item 5, no import cycles): match.ts builds it, match-state.ts and step.ts read it.

/** The packet with parsed addresses, built once per evaluation. */
export interface NftPacket {
  p: InboundPacket;
  saddr: IpValue | null;
  daddr: IpValue | null;
  saddrValue: NftValue | null;
  daddrValue: NftValue | null;
  dportValue: NftValue;
  sets: (name: string) => NftSet | undefined;
  l4Value: NftValue;
  /** Set by the walk before each rule: an earlier `notrack` leaves the packet untracked. */
  untracked: boolean;
  /**
   * Where the base chain runs against conntrack (prerouting priority -200): `before` (ingress, raw priority) the
   * packet has no entry yet and `ct state` is invalid; `at` exactly -200, the order is not known.
   */
  ctStage: 'before' | 'at' | 'after';
  /** Whether any rule of the host sets a packet mark: if none does, `meta mark` of an arriving SYN is 0. */
  marksSet: boolean;
  /** Likewise for `meta priority` (nft `meta priority set`, iptables CLASSIFY) and the conntrack zone (`ct zone set`, CT --zone). */
  prioritySet: boolean;
  zoneSet: boolean;
  /** The conntrack entry's original direction: the packet as it arrived, before any DNAT. */
  orig: { daddr: NftValue | null; dport: NftValue };
  /** On the forward path after a DNAT to another host. */
  forwarded: boolean;
}
