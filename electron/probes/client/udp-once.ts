import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { classifyConnectError } from './classify-connect-error';
import type { ConnectAttempt } from './connect-once';

/** What a UDP probe sent: a protocol-aware payload for well-known ports (so a real service answers), else empty. */
export type UdpPayloadKind = 'dns' | 'ntp' | 'empty';

/** How the port looked, as nmap names it: an answer = open, ICMP port-unreachable = closed, silence = open|filtered. */
export type UdpState = 'open' | 'closed' | 'open|filtered';

/** One UDP exchange with one address. */
export interface UdpAttempt extends ConnectAttempt {
  state: UdpState | 'error';
  payload: UdpPayloadKind;
  /** Datagrams sent (one, then one retry at half the budget: UDP may lose the first). */
  sent: number;
  /** Size of the first answer, when one came. */
  replyBytes?: number;
}

/**
 * The datagram to send: a DNS query for the root's NS records on 53 (any DNS server answers, even with REFUSED), an
 * NTP v3 client request on 123 (48 bytes, mode 3), and an empty datagram elsewhere (nmap's default for unknown ports).
 */
export function udpPayload(port: number): { kind: UdpPayloadKind; bytes: Buffer } {
  if (port === 53) {
    const id = randomBytes(2);
    // header: id, flags RD, 1 question; question: root name (0), type NS (2), class IN (1)
    return { kind: 'dns', bytes: Buffer.concat([id, Buffer.from([0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x00, 0, 2, 0, 1])]) };
  }
  if (port === 123) {
    const bytes = Buffer.alloc(48);
    bytes[0] = 0x1b; // LI 0, version 3, mode 3 (client)
    return { kind: 'ntp', bytes };
  }
  return { kind: 'empty', bytes: Buffer.alloc(0) };
}

/**
 * Send to `address:port` from a connected UDP socket and wait up to `timeoutMs`: a connected socket is what makes the
 * kernel report an ICMP port-unreachable as ECONNREFUSED (an unconnected one never hears of it).
 */
export function udpOnce(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<UdpAttempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const payload = udpPayload(port);
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
    let done = false;
    let sent = 0;
    const local = (): Pick<UdpAttempt, 'localAddress' | 'localPort'> => {
      try {
        const a = socket.address();
        return { localAddress: a.address, localPort: a.port };
      } catch {
        return {};
      }
    };
    const base = () => ({ address, payload: payload.kind, sent, elapsedMs: elapsed(), ...local() });
    const finish = (attempt: UdpAttempt) => {
      if (done) return;
      done = true;
      clearTimeout(retry);
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      resolve(attempt);
    };
    const send = () => {
      sent += 1;
      socket.send(payload.bytes, (e) => {
        if (e) onError(e as NodeJS.ErrnoException);
      });
    };
    const onError = (e: NodeJS.ErrnoException) => {
      const code = e.code ?? 'EUNKNOWN';
      if (code === 'ECONNREFUSED') finish({ ...base(), outcome: 'refused', state: 'closed', error: code });
      else finish({ ...base(), outcome: classifyConnectError(code).outcome, state: 'error', error: code });
    };
    const onAbort = () => finish({ ...base(), outcome: 'timeout', state: 'open|filtered', error: 'ECANCELED' });
    const timer = setTimeout(() => finish({ ...base(), outcome: 'timeout', state: 'open|filtered', error: 'ETIMEDOUT' }), timeoutMs);
    const retry = setTimeout(() => send(), Math.max(50, Math.floor(timeoutMs / 2)));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort);
    socket.on('error', onError);
    socket.once('message', (msg) => finish({ ...base(), outcome: 'ok', state: 'open', replyBytes: msg.length }));
    socket.connect(port, address, () => send());
  });
}
