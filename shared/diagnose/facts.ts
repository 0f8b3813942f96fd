import type { Result, UnavailableReason } from '../schemas/common';
import type { SourceId } from '../bundle/sources';
import type { Socket } from '../schemas/ports';
import type { FirewallFacts, PendingChange } from '../firewall/types';

// The firewall's judged facts are defined beside its verdict (shared/firewall judges; diagnose builds the steps).
export type { FirewallFacts, PendingChange };

/**
 * Everything the check engine judges, gathered by platform probes (Linux or Windows, live or replayed).
 * Each fact is a Result: `unavailable` facts make their step `unknown`, never `pass`.
 */
export interface CheckFacts {
  platform: 'linux' | 'win32' | 'darwin';
  target: { port: number; protocol: 'tcp' | 'udp'; source?: string; expect?: string };
  /** Every socket on the port (LISTEN for TCP, bound for UDP), with owners where known. */
  listeners: Result<Socket[]>;
  /** Local unicast addresses (what clients could use) per interface. */
  addresses: Result<LocalAddress[]>;
  /** Loopback connect results (a real connect to 127.0.0.1 / ::1 on the port). */
  localConnect?: Result<LocalConnect[]>;
  /** The firewall in charge and its decision for a SYN from the source (or "another network"). */
  firewall: Result<FirewallFacts>;
  /** Accept-queue and kernel counters (Linux). */
  kernel?: Result<KernelFacts>;
  /** Windows port reservations: excluded ranges, portproxy listeners, dynamic range. */
  reservations?: Result<ReservationFacts>;
  /** Published/NATed ports (Docker, DNAT rules) and forwarding state. */
  forwarding?: Result<ForwardingFacts>;
  /** Processes matching `target.expect` (the service the user expects on the port), when given. */
  expected?: Result<ExpectedProcess[]>;
  /** How this host routes back to the client (`--source`): the local address and interface it uses. */
  route?: Result<RouteFacts>;
  /** Whether the probes ran with privilege, and what was skipped without it. */
  privilege?: { elevated: boolean | null; skipped: string[] };
  /**
   * Windows: the socket source gave no owner (OwningProcess null or 0, as on Server 2012 R2) and the owners
   * were read from `netstat -ano` instead: how many sockets on the port, and from where.
   */
  ownerFallback?: { source: SourceId; command: string; sockets: number; found: number };
}

/** What step 1 (service) is judged from: the facts it needs, ready before the firewall's (the check streams it first). */
export type ServiceFacts = Pick<
  CheckFacts,
  'platform' | 'target' | 'listeners' | 'localConnect' | 'kernel' | 'forwarding' | 'expected' | 'ownerFallback' | 'reservations'
>;

/** What step 2 (binding) is judged from: the sockets, the addresses and the route back to the client. */
export type BindingFacts = Pick<CheckFacts, 'platform' | 'target' | 'listeners' | 'addresses' | 'route'>;

export interface LocalAddress {
  interface: string;
  address: string;
  family: 4 | 6;
  /** Windows: the firewall profile of the interface's network. */
  profile?: 'domain' | 'private' | 'public';
  /** Linux: the prefix of the network it is on (`ip -j addr`'s prefixlen): where a DNATed packet leaves. */
  prefixLength?: number;
  /** Linux: the interface's link type and group as `ip -j addr` names them (`ether`, `default`): nft `meta iiftype/iifgroup`. */
  linkType?: string;
  group?: string;
}

export interface LocalConnect {
  address: string;
  outcome: 'ok' | 'refused' | 'timeout' | 'unreachable' | 'error';
  elapsedMs: number;
  error?: string;
}

export interface KernelFacts {
  somaxconn?: number;
  listenOverflowsDelta?: number;
  listenDropsDelta?: number;
  timeWait?: number;
  closeWait?: number;
  ipForward?: boolean;
  localPortRange?: [number, number];
  localPortsInUse?: number;
  tcpTwReuse?: number;
  /** Ports below this need root or CAP_NET_BIND_SERVICE (`net.ipv4.ip_unprivileged_port_start`). */
  unprivilegedPortStart?: number;
  /** Connections on the port still closing (set when there are any): they hold the port against a bind without SO_REUSEADDR. */
  closing?: ClosingFacts;
  /** The accept queue and the overflow counters sampled over a short window (Linux, TCP, a listener on the port). */
  queueWindow?: QueueWindow;
}

/** Several readings of the port's accept queues and of the namespace's ListenOverflows/ListenDrops over a short window. */
export interface QueueWindow {
  /** From the first reading to the last, in ms. */
  ms: number;
  samples: number;
  /** Counter rise from the first reading to the last (the counters are the network namespace's, all ports). */
  overflowsDelta: number;
  dropsDelta: number;
  /** How many readings found a listener of the port with its queue full (Recv-Q ≥ Send-Q, Recv-Q > 0). */
  fullSamples: number;
  /** The highest Recv-Q seen on a listener of the port, and that listener's backlog (Send-Q). */
  peakRecvQ: number;
  backlog: number;
  /** The listener the peak was seen on. */
  endpoint: string;
}

/** The TCP connections whose local port is the target and that are still closing, by state, with their timers. */
export interface ClosingFacts {
  /** How many in each state (`TIME-WAIT`, `FIN-WAIT-1`, `FIN-WAIT-2`, `CLOSING`, `LAST-ACK`). */
  byState: Record<string, number>;
  total: number;
  /** Of those with a known end (TIME-WAIT timers), the first and the last to end, in ms from the reading. */
  firstEndsInMs?: number;
  lastEndsInMs?: number;
  /** How many have no known end (FIN-WAIT-1, CLOSING, LAST-ACK: they end when the peer answers or retransmission gives up). */
  untimed: number;
}

export interface ExpectedProcess {
  pid: number;
  name: string;
  command?: string;
  uid: number | null;
  /** Root or CAP_NET_BIND_SERVICE (Linux); null when it cannot be told. */
  canBindPrivileged: boolean | null;
}

export interface RouteFacts {
  /** The client address the route was looked up for. */
  client: string;
  /** The local address replies leave from: the address the client most likely connects to. */
  localAddress?: string;
  interface?: string;
  gateway?: string;
}

/** netsh's name for a portproxy table: listen family to connect family. */
export type PortproxyKind = 'v4tov4' | 'v4tov6' | 'v6tov4' | 'v6tov6';

export interface ReservationFacts {
  /** Excluded ranges of the target's protocol (`protocol` says which table they came from). */
  excluded: { start: number; end: number; administered: boolean; family: 4 | 6; protocol?: 'tcp' | 'udp' }[];
  portproxy: {
    listenAddress: string;
    listenPort: number;
    connectAddress: string;
    connectPort: string;
    /** The table the entry lives in, when netsh named both families. */
    kind?: PortproxyKind;
    /** The listen port as stored and printed (`30000-50000` for a range): what `delete` needs. */
    listenPortText?: string;
  }[];
  /** The dynamic (ephemeral) range of the target's protocol. */
  dynamicRange?: { start: number; end: number };
  /** Reservation sources that could not be read: what depends on them is unknown, with this reason. */
  unreadable?: { source: SourceId; command: string; reason: UnavailableReason; detail: string }[];
}

export interface ForwardingFacts {
  ipForward: boolean | null;
  /** DNAT rules / published container ports that target the port. */
  published: { externalPort: number; internalAddress: string; internalPort: number; source: SourceId; text: string }[];
}
