import { say } from '../../../shared/i18n/say';
import type { Cause } from '../../../shared/schemas/common';
import { classifyConnectError } from './classify-connect-error';
import type { Classified } from './classify-connect-error';
import type { UdpAttempt } from './udp-once';

// An ICMP port-unreachable: nothing listens on that address, or a firewall rejects with that ICMP type.
const CLOSED: Cause[] = ['not-listening', 'loopback-only', 'bound-other-address', 'host-firewall-reject'];
// Silence: a firewall drops the datagram (here or on the way), or a service got it and chose not to answer.
const SILENT: Cause[] = ['host-firewall-drop', 'upstream-filtered'];

/** What a UDP exchange proves: only an answer proves the port open; silence is open|filtered, as nmap says. */
export function udpClassified(a: UdpAttempt): Classified {
  const params = { outcome: a.outcome, payload: a.payload, sent: a.sent };
  if (a.state === 'open')
    return { outcome: 'ok', cause: 'ok', candidates: ['ok'], meaning: say('probe.udp.open', { ...params, bytes: a.replyBytes ?? 0 }) };
  if (a.state === 'closed') return { outcome: 'refused', cause: 'unknown', candidates: CLOSED, meaning: say('probe.udp.closed', params) };
  if (a.state === 'open|filtered')
    return { outcome: 'timeout', cause: 'unknown', candidates: SILENT, meaning: say('probe.udp.silent', params) };
  return classifyConnectError(a.error ?? 'EUNKNOWN');
}
