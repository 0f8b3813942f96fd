import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { classifyConnectError } from './classify-connect-error';
import type { ProbeOutcome } from './classify-connect-error';

/** One TCP connect to one address, as the client saw it. */
export interface ConnectAttempt {
  address: string;
  outcome: ProbeOutcome;
  elapsedMs: number;
  /** The errno name (`ECONNREFUSED`, `EHOSTUNREACH`, `ETIMEDOUT` for our own budget). */
  error?: string;
  localAddress?: string;
  localPort?: number;
}

/** Connect once, bounded by `timeoutMs`; the socket is handed to `keep` when it connects (else destroyed). */
export function connectOnce(
  address: string,
  port: number,
  timeoutMs: number,
  options: { signal?: AbortSignal; keep?: (socket: Socket) => void } = {},
): Promise<ConnectAttempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    let done = false;
    const finish = (attempt: ConnectAttempt, keepIt = false) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (keepIt && options.keep) options.keep(socket);
      else socket.destroy();
      resolve(attempt);
    };
    const local = (): Pick<ConnectAttempt, 'localAddress' | 'localPort'> =>
      socket.localAddress ? { localAddress: socket.localAddress, ...(socket.localPort ? { localPort: socket.localPort } : {}) } : {};
    // The kernel picks the source address and port at connect(); while the SYN is unanswered they are still readable.
    const timer = setTimeout(
      () => finish({ address, outcome: 'timeout', elapsedMs: elapsed(), error: 'ETIMEDOUT', ...local() }),
      timeoutMs,
    );
    const onAbort = () => finish({ address, outcome: 'timeout', elapsedMs: elapsed(), error: 'ECANCELED', ...local() });
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort);
    socket.once('connect', () => finish({ address, outcome: 'ok', elapsedMs: elapsed(), ...local() }, true));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? 'EUNKNOWN';
      finish({ address, outcome: classifyConnectError(code).outcome, elapsedMs: elapsed(), error: code });
    });
  });
}
