import { say } from '../../../shared/i18n/say';
import type { Said } from '../../../shared/i18n/say';
import type { EngineKeyUnder } from '../../../shared/i18n/engine-keys';
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
  /** What the outcome means, as an engine sentence (`engine.probe.meaning.<errno>`, the outcome as its param). */
  meaning: Said;
}

// A reset or ICMP port-unreachable: nothing listens on the address the client used, or a firewall rejects.
const REFUSED: Cause[] = ['not-listening', 'loopback-only', 'bound-other-address', 'host-firewall-reject'];
// Silence: dropped on the host, dropped on the way, or a full accept queue (the kernel ignores the SYN).
const SILENT: Cause[] = ['host-firewall-drop', 'upstream-filtered', 'accept-queue-overflow'];
// An ICMP error: a router (filter or no route further on) or the host's firewall rejecting with an ICMP type.
const ICMP: Cause[] = ['upstream-filtered', 'host-firewall-reject', 'no-route'];

type Entry = Omit<Classified, 'meaning'>;
const unproven = (outcome: ProbeOutcome, candidates: Cause[]): Entry => ({ outcome, cause: 'unknown', candidates });
const proven = (outcome: ProbeOutcome, cause: Cause): Entry => ({ outcome, cause, candidates: [cause] });

// errno names as Node reports them on Linux and Windows (libuv maps WSAECONNREFUSED etc. to the same names).
// What each one means is said in engine-en/engine-zh-cn under `probe.meaning.<errno>`.
const TABLE = {
  ECONNREFUSED: unproven('refused', REFUSED),
  ECONNRESET: unproven('refused', REFUSED),
  ETIMEDOUT: unproven('timeout', SILENT),
  EHOSTUNREACH: unproven('unreachable', ICMP),
  // The client's own routing table has no route (or a router said so): the one unreachable a client can name.
  ENETUNREACH: proven('unreachable', 'no-route'),
  // Linux reports an ICMPv6 "administratively prohibited" answer (a firewall reject) as EACCES/EPERM on connect.
  EACCES: unproven('unreachable', ['host-firewall-reject', 'upstream-filtered']),
  EPERM: unproven('unreachable', ['host-firewall-reject', 'upstream-filtered']),
  ENETDOWN: proven('unreachable', 'no-route'),
  EADDRNOTAVAIL: proven('source-exhausted', 'source-exhausted'),
  EADDRINUSE: proven('source-exhausted', 'source-exhausted'),
  ENOBUFS: proven('source-exhausted', 'source-exhausted'),
  ENOTFOUND: proven('dns-failure', 'dns-failure'),
  EAI_AGAIN: proven('dns-failure', 'dns-failure'),
  EAI_FAIL: proven('dns-failure', 'dns-failure'),
  ENODATA: proven('dns-failure', 'dns-failure'),
  EAI_NODATA: proven('dns-failure', 'dns-failure'),
} satisfies Partial<Record<EngineKeyUnder<'probe.meaning'>, Entry>>;

const isKnown = (code: string): code is keyof typeof TABLE => Object.hasOwn(TABLE, code);

/** Map a connect/resolve error code (`ECONNREFUSED`, …) to a client outcome; unknown codes read as unreachable, cause unknown. */
export function classifyConnectError(code: string): Classified {
  if (isKnown(code)) {
    const known = TABLE[code];
    return { ...known, meaning: say(`probe.meaning.${code}`, { outcome: known.outcome }) };
  }
  return { ...unproven('unreachable', ICMP), meaning: say('probe.meaning.other', { outcome: 'unreachable', code }) };
}

/** What a completed handshake means, as the other outcomes' meanings are said. */
export const HANDSHAKE_MEANING: Said = say('probe.meaning.ok', { outcome: 'ok' });
