import type { Cause } from '../../../shared/schemas/common';
import type { PROBE_OUTCOMES } from '../../../shared/schemas/report';

/** A client outcome of step 4. */
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number];

/**
 * What a connect error means for the client: the outcome, the cause the client can prove alone (else `unknown`), the
 * causes it is consistent with (the server's view decides among them), and why.
 */
export interface Classified {
  outcome: ProbeOutcome;
  cause: Cause;
  candidates: Cause[];
  meaning: string;
}

// A reset or ICMP port-unreachable: nothing listens on the address the client used, or a firewall rejects.
const REFUSED: Cause[] = ['not-listening', 'loopback-only', 'bound-other-address', 'host-firewall-reject'];
// Silence: dropped on the host, dropped on the way, or a full accept queue (the kernel ignores the SYN).
const SILENT: Cause[] = ['host-firewall-drop', 'upstream-filtered', 'accept-queue-overflow'];
// An ICMP error: a router (filter or no route further on) or the host's firewall rejecting with an ICMP type.
const ICMP: Cause[] = ['upstream-filtered', 'host-firewall-reject', 'no-route'];

const unproven = (outcome: ProbeOutcome, candidates: Cause[], meaning: string): Classified => ({ outcome, cause: 'unknown', candidates, meaning });
const proven = (outcome: ProbeOutcome, cause: Cause, meaning: string): Classified => ({ outcome, cause, candidates: [cause], meaning });

// errno names as Node reports them on Linux and Windows (libuv maps WSAECONNREFUSED etc. to the same names).
const TABLE: Record<string, Classified> = {
  ECONNREFUSED: unproven('refused', REFUSED, 'the host answered with a reset (RST) or ICMP port-unreachable: nothing listens, or a firewall rejects'),
  ECONNRESET: unproven('refused', REFUSED, 'the connection was reset during the handshake'),
  ETIMEDOUT: unproven('timeout', SILENT, 'no answer to the SYN: a firewall drops it on the way or on the host'),
  EHOSTUNREACH: unproven('unreachable', ICMP, 'host unreachable: no neighbour answered, or an ICMP host-unreachable/prohibited came back'),
  // The client's own routing table has no route (or a router said so): the one unreachable a client can name.
  ENETUNREACH: proven('unreachable', 'no-route', 'network unreachable: this client has no route to the address'),
  // Linux reports an ICMPv6 "administratively prohibited" answer (a firewall reject) as EACCES/EPERM on connect.
  EACCES: unproven('unreachable', ['host-firewall-reject', 'upstream-filtered'], 'an ICMP administratively-prohibited answer came back (a firewall rejects)'),
  EPERM: unproven('unreachable', ['host-firewall-reject', 'upstream-filtered'], 'the connect was not permitted (a local firewall, or an ICMPv6 prohibited answer)'),
  ENETDOWN: proven('unreachable', 'no-route', 'the network interface is down'),
  EADDRNOTAVAIL: proven('source-exhausted', 'source-exhausted', 'no free local (ephemeral) port or source address for a new connection'),
  EADDRINUSE: proven('source-exhausted', 'source-exhausted', 'no free local (ephemeral) port for a new connection'),
  ENOBUFS: proven('source-exhausted', 'source-exhausted', 'no buffer space or local port for a new socket'),
  ENOTFOUND: proven('dns-failure', 'dns-failure', 'the name does not exist (NXDOMAIN)'),
  EAI_AGAIN: proven('dns-failure', 'dns-failure', 'the resolver could not be reached or did not answer'),
  EAI_FAIL: proven('dns-failure', 'dns-failure', 'the resolver failed permanently'),
  ENODATA: proven('dns-failure', 'dns-failure', 'the name exists but has no address of the asked family'),
  EAI_NODATA: proven('dns-failure', 'dns-failure', 'the name has no address'),
};

/** Map a connect/resolve error code (`ECONNREFUSED`, …) to a client outcome; unknown codes read as unreachable, cause unknown. */
export function classifyConnectError(code: string): Classified {
  return TABLE[code] ?? unproven('unreachable', ICMP, `the connect failed with ${code}`);
}
