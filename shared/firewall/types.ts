import type { SourceId } from '../bundle/sources';
import type { Note } from '../i18n/note';

/**
 * The packet a static evaluator traces, and what it decides. Every firewall evaluator (nftables,
 * iptables, firewalld/ufw through their nft/iptables rules, Windows Defender Firewall) answers in
 * these terms, so the engine and the UI treat them alike.
 */

/** A new inbound connection attempt (a TCP SYN, or the first UDP datagram) to a local port. */
export interface InboundPacket {
  family: 4 | 6;
  protocol: 'tcp' | 'udp';
  /** The client's address as the host sees it. */
  source: string;
  /** The local address the client connects to. */
  destination: string;
  dport: number;
  /** Ephemeral source port; evaluators treat matches on it as "any" unless given. */
  sport?: number;
  /** Input interface name (`eth0`); undefined means unknown: iif matches become `unknown`. */
  iif?: string;
  /** Windows: the profile of the input interface. */
  profile?: 'domain' | 'private' | 'public';
  /**
   * Linux: the host's directly connected networks. A DNAT (Docker's published ports) sends the packet on to
   * another address: the network holding that address names the output interface FORWARD rules match (`-o docker0`).
   */
  links?: ConnectedNetwork[];
  /** Output interface: set on a forwarded (DNATed) packet only; a packet for a local socket has none. */
  oif?: string;
  /** Linux: the kernel's `-m recent` lists as read with the rules (what `ufw limit` counts); absent when not read. */
  recent?: RecentLists;
  /**
   * Header fields the SYN itself carries, when known (the differential lab captures its own SYN): `ip ttl`,
   * `tcp window`, `tcp option maxseg size`, `meta length` are judged from these, and stay unknown without them.
   */
  headers?: SynHeaders;
  /** When the SYN arrives (ms since the epoch), for nft `meta time`; left out, time rules stay unknown. */
  at?: number;
}

/** The kernel's recent lists at the time of the check (`/proc/net/xt_recent/<name>`), by list name. */
export interface RecentLists {
  lists: Record<string, RecentEntry[]>;
}

/** One address of a recent list and the age in seconds of each hit the kernel remembers (any order). */
export interface RecentEntry {
  address: string;
  ages: number[];
}

/** IPv4/IPv6 and TCP header fields of one SYN; a field left out is not known (sequence numbers vary per connection). */
export interface SynHeaders {
  /** Total length of the IP packet in bytes (`ip length`, `meta length`). */
  length?: number;
  dscp?: number;
  ecn?: number;
  /** `ip ttl` / `ip6 hoplimit`. */
  ttl?: number;
  id?: number;
  /** The 16-bit flags + fragment offset word (`ip frag-off`; 0x4000 with DF set). */
  fragOff?: number;
  /** `ip hdrlength`, in 32-bit words. */
  hdrLength?: number;
  checksum?: number;
  tcp?: {
    sequence?: number;
    ackseq?: number;
    /** Data offset in 32-bit words. */
    doff?: number;
    window?: number;
    checksum?: number;
    urgptr?: number;
    /** The options in order; `data` (the bytes after kind and length) is left out where it varies per connection. */
    options?: { kind: number; length: number; data?: number[] }[];
  };
}

/** A network this host is directly attached to (`172.17.0.1/16` on `docker0`). */
export interface ConnectedNetwork {
  iface: string;
  address: string;
  prefixLength: number;
  /** The interface's link type as `ip -j addr` names it (`ether`, `loopback`, `none`): nft `meta iiftype`. */
  linkType?: string;
  /** The interface's group as `ip -j addr` prints it (`default`, or a number): nft `meta iifgroup`. */
  group?: string;
}

/** Where a DNAT in nat PREROUTING sends the packet: it is then filtered on the FORWARD path, not INPUT. */
export interface Forwarding {
  /** The new destination address and port (the container's, for a Docker published port). */
  to: string;
  port: number;
  /** The output interface, from the connected network holding `to`; unknown when none does. */
  oif?: string;
  /** `to` is this host's own address: the packet stays on the INPUT path, to another local port. */
  local?: boolean;
  rule: RuleRef;
}

export type FirewallBackend = 'nftables' | 'iptables-nft' | 'iptables-legacy' | 'firewalld' | 'ufw' | 'windows';

/** A rule as shown to the user: where it lives and its text as the tool prints it. */
export interface RuleRef {
  backend: FirewallBackend;
  table?: string;
  chain?: string;
  /** nft handle, iptables position in the chain (1-based), or Windows rule name. */
  handle?: number;
  position?: number;
  name?: string;
  text: string;
  comment?: string;
  /** The rule's packet/byte counters when the tool printed them (nft `counter`, `iptables-save -c`): live evidence. */
  counters?: { packets: number; bytes: number };
}

export type Decision = 'accept' | 'drop' | 'reject' | 'queue' | 'unknown';

/** What a firewall does with the packet, and why. */
export interface FirewallVerdict {
  backend: FirewallBackend;
  decision: Decision;
  /** For reject: `tcp reset`, `icmp port-unreachable`, `icmpx admin-prohibited`, … */
  rejectWith?: string;
  /** The rule that decided; absent when a chain policy or the default action decided. */
  rule?: RuleRef;
  /** The chain policy / profile default that decided, when no rule did. */
  policy?: { table?: string; chain?: string; policy: string };
  /** Every rule the packet matched (or jumped through) on its way, in order. */
  trace: RuleRef[];
  /** Remarks a user should see: rate limits, logging rules, rules that could not be judged (a key and params, made English at the edge). */
  notes: Note[];
  /** For `unknown`: the rule or feature that could not be judged statically, and why. */
  unknownReason?: string;
  /** Set when a DNAT redirected the packet: the verdict is then the FORWARD path's. */
  forwarded?: Forwarding;
  /** A `-m recent` rate limit on the packet's way that has tripped for its source (the kernel's lists were read). */
  rateLimit?: RateLimitTrip;
}

/** A tripped `-m recent` limit (`ufw limit`): the rule, the list and address, the hits counted and when it clears. */
export interface RateLimitTrip {
  rule: RuleRef;
  list: string;
  address: string;
  /** Hits the list remembers from the address within `seconds`. */
  hits: number;
  /** Remembered hits from which the rule matches (its `--hitcount`, less the SYN's own hit when a rule before it adds it). */
  threshold: number;
  hitcount: number;
  seconds?: number;
  /** Seconds of silence from the address after which the rule no longer matches (absent: it counts without a window). */
  clearsInSeconds?: number;
}

export interface FirewallFacts {
  /** Which firewalls are present and which one decides (e.g. ufw/firewalld on top of nftables). */
  present: string[];
  inCharge: FirewallVerdict['backend'] | 'none';
  /** Decision for the given source, or for a representative remote client when none was given. */
  verdict: FirewallVerdict | null;
  /** Without --source: which source ranges would be let in (e.g. ["10.0.0.0/8"]), when it can be told. */
  allowedSources?: string[];
  /** The client address the verdict was evaluated for (`--source`, or a documentation address standing for "another network"). */
  evaluatedSource?: string;
  /** The commands that show the rules, for the user. */
  commands: string[];
  /** Where the deciding rules were read when not the platform's usual source (Windows: the netsh fallback). */
  rulesSource?: { source: SourceId; command: string };
  /** Where the saved configuration (what a reload or reboot loads) differs from the running one for the port (Linux). */
  pending?: PendingChange[];
}

/**
 * A difference, for the target port, between a firewall's saved configuration and the rules running in the kernel:
 * evidence only — the verdict is always the running state.
 */
export interface PendingChange {
  system: 'firewalld' | 'ufw' | 'nftables';
  /** `saved-only`: in the saved configuration, not running (takes effect with `apply`); `running-only`: running, not saved (gone after a reload or reboot). */
  state: 'saved-only' | 'running-only';
  /** firewalld: the zone; ufw: the rules file; nftables: the boot file. */
  where: string;
  /** The entries that differ, as the tool writes them (`8080/tcp`, `service http`, a rich rule, a rule line). */
  entries: string[];
  /** Whether the difference decides the port: `allows` (the saved side lets the packet in, the other does not), `blocks`, or `mentions` (rules for the port whose effect is not told). */
  effect: 'allows' | 'blocks' | 'mentions';
  /** The command that loads the saved configuration (`firewall-cmd --reload`, `ufw enable`). */
  apply: string;
  /** The command that shows the saved configuration. */
  show: string;
  /** running-only: the command that saves the running configuration (`firewall-cmd --runtime-to-permanent`). */
  keep?: string;
  /** The source id the saved configuration was read from. */
  source: SourceId;
}
