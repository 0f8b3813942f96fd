import type { Cause } from '../../../shared/schemas/common';
import type { PROBE_OUTCOMES } from '../../../shared/schemas/report';

/** A client outcome of step 4. */
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number];

/** What a connect error means for the client: the outcome, the cause it points at alone, and why. */
export interface Classified {
  outcome: ProbeOutcome;
  cause: Cause;
  meaning: string;
}

// errno names as Node reports them on Linux and Windows (libuv maps WSAECONNREFUSED etc. to the same names).
const TABLE: Record<string, Classified> = {
  ECONNREFUSED: { outcome: 'refused', cause: 'not-listening', meaning: 'the host answered with a reset (RST) or ICMP port-unreachable: nothing listens, or a firewall rejects' },
  ECONNRESET: { outcome: 'refused', cause: 'not-listening', meaning: 'the connection was reset during the handshake' },
  ETIMEDOUT: { outcome: 'timeout', cause: 'upstream-filtered', meaning: 'no answer to the SYN: a firewall drops it on the way or on the host' },
  EHOSTUNREACH: { outcome: 'unreachable', cause: 'no-route', meaning: 'host unreachable: no neighbour answered, or an ICMP host-unreachable/prohibited came back' },
  ENETUNREACH: { outcome: 'unreachable', cause: 'no-route', meaning: 'network unreachable: this client has no route to the address' },
  // Linux reports an ICMPv6 "administratively prohibited" answer (a firewall reject) as EACCES/EPERM on connect.
  EACCES: { outcome: 'unreachable', cause: 'host-firewall-reject', meaning: 'an ICMP administratively-prohibited answer came back (a firewall rejects)' },
  EPERM: { outcome: 'unreachable', cause: 'host-firewall-reject', meaning: 'the connect was not permitted (a local firewall, or an ICMPv6 prohibited answer)' },
  ENETDOWN: { outcome: 'unreachable', cause: 'no-route', meaning: 'the network interface is down' },
  EADDRNOTAVAIL: { outcome: 'source-exhausted', cause: 'source-exhausted', meaning: 'no free local (ephemeral) port or source address for a new connection' },
  EADDRINUSE: { outcome: 'source-exhausted', cause: 'source-exhausted', meaning: 'no free local (ephemeral) port for a new connection' },
  ENOBUFS: { outcome: 'source-exhausted', cause: 'source-exhausted', meaning: 'no buffer space or local port for a new socket' },
  ENOTFOUND: { outcome: 'dns-failure', cause: 'dns-failure', meaning: 'the name does not exist (NXDOMAIN)' },
  EAI_AGAIN: { outcome: 'dns-failure', cause: 'dns-failure', meaning: 'the resolver could not be reached or did not answer' },
  EAI_FAIL: { outcome: 'dns-failure', cause: 'dns-failure', meaning: 'the resolver failed permanently' },
  ENODATA: { outcome: 'dns-failure', cause: 'dns-failure', meaning: 'the name exists but has no address of the asked family' },
  EAI_NODATA: { outcome: 'dns-failure', cause: 'dns-failure', meaning: 'the name has no address' },
};

/** Map a connect/resolve error code (`ECONNREFUSED`, …) to a client outcome; unknown codes read as unreachable. */
export function classifyConnectError(code: string): Classified {
  return TABLE[code] ?? { outcome: 'unreachable', cause: 'no-route', meaning: `the connect failed with ${code}` };
}
