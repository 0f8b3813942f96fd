import { connect } from 'node:net';
import type { LocalConnect } from '../../../shared/diagnose/facts';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';

/** One real TCP connect to a local address, bounded in time. */
export function connectOnce(address: string, port: number, timeoutMs: number): Promise<LocalConnect> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const done = (outcome: LocalConnect['outcome'], error?: string) => {
      socket.destroy();
      const r: LocalConnect = { address, outcome, elapsedMs: Math.round(performance.now() - started) };
      if (error) r.error = error;
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done('timeout'));
    socket.once('connect', () => done('ok'));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? 'error';
      done(code === 'ECONNREFUSED' ? 'refused' : code === 'EHOSTUNREACH' || code === 'ENETUNREACH' ? 'unreachable' : 'error', code);
    });
  });
}

/**
 * Connect to 127.0.0.1 and ::1 on the port (TCP only). Live only: a replayed report cannot repeat a
 * connect, so it says `not-recorded` instead of passing.
 */
export async function readLocalConnect(
  runner: Runner,
  port: number,
  protocol: 'tcp' | 'udp',
  addresses: string[] = ['127.0.0.1', '::1'],
  timeoutMs = 1000,
): Promise<Result<LocalConnect[]>> {
  if (runner.mode === 'replay')
    return unavailable('not-recorded', 'a replayed report cannot repeat the loopback connect', `nc -zv 127.0.0.1 ${port}`);
  if (protocol !== 'tcp') return unavailable('not-implemented', 'UDP has no handshake to test locally', `ss -Hlun sport = :${port}`);
  return { kind: 'ok', data: await Promise.all(addresses.map((a) => connectOnce(a, port, timeoutMs))) };
}
