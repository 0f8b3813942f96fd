import { createSocket } from 'node:dgram';
import { displayCommand } from '../../system/runner';
import type { Runner } from '../../system/runner';

/** The source address the kernel would use for `address`, and the route it takes (Linux: `ip route get`). */
export interface RouteInfo {
  sourceAddress?: string;
  text?: string;
  /** Why the route could not be told (`ENETUNREACH`: no route at all). */
  error?: string;
  command?: string;
}

/** Ask the kernel which source address it picks: a UDP connect() sends nothing, it only routes. Works on Windows too. */
export function readSourceAddress(address: string): Promise<{ sourceAddress?: string; error?: string }> {
  return new Promise((resolve) => {
    const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
    const done = (value: { sourceAddress?: string; error?: string }) => {
      try {
        socket.close();
      } catch {
        // already closed after an error: nothing to release
      }
      resolve(value);
    };
    socket.once('error', (e: NodeJS.ErrnoException) => done({ error: e.code ?? 'EUNKNOWN' }));
    // Port 9 (discard) is only a routing key here; no datagram is sent.
    socket.connect(9, address, () => {
      try {
        const local = socket.address().address;
        // A wildcard means the kernel chose no source (no route): that is not an address the client uses.
        done(local === '0.0.0.0' || local === '::' ? { error: 'no source address (no route)' } : { sourceAddress: local });
      } catch (e) {
        done({ error: (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN' });
      }
    });
  });
}

/** Source address plus, on Linux, the kernel's route (`ip route get <address>`, source `client.ip.route-get`). */
export async function readRoute(runner: Runner, address: string, platform: NodeJS.Platform, kernelRoute = true): Promise<RouteInfo> {
  const source = await readSourceAddress(address);
  const info: RouteInfo = { ...source };
  if (platform !== 'linux' || !kernelRoute) return info;
  const args = ['route', 'get', address];
  info.command = displayCommand(['ip', ...args]);
  const result = await runner.run({ source: 'client.ip.route-get', file: 'ip', args, timeoutMs: 3000, maxBytes: 64 * 1024 });
  if (result.kind === 'ok') info.text = result.output.stdout.toString('utf8').trim().split('\n')[0]?.slice(0, 500);
  else info.error = result.error.output?.stderr.toString('utf8').trim().slice(0, 200) || info.error || result.error.reason;
  return info;
}
