import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Result } from '../../shared/schemas/common';
import { unavailable } from '../../shared/schemas/common';

/** A listener PortDoctor runs itself on a port nobody holds, so the path can be tested with the service down. */
export interface StandIn {
  port: number;
  /** What it bound: `::` (every IPv6 and IPv4 address) or `0.0.0.0` when IPv6 is off. */
  addresses: string[];
  /** Peers that connected, in order (address only). */
  readonly peers: readonly string[];
  /** Resolves when it has stopped (by itself after `seconds`, or through stop()). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** The banner each connection gets: says plainly that this is not the real service. */
export function standInBanner(port: number): string {
  return `PortDoctor stand-in listener on port ${port}: the network path to this port works; the real service is not running.\r\n`;
}

function listenOn(server: Server, port: number, host: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (e: NodeJS.ErrnoException) => resolve(e);
    server.once('error', onError);
    // ipv6Only false: one dual-stack socket on :: takes IPv4 clients too, as "all addresses" means.
    server.listen({ port, host, ipv6Only: false, exclusive: true }, () => {
      server.off('error', onError);
      resolve(null);
    });
  });
}

/** Listen on every address of `port` for at most `seconds`, answer each connection with a banner, then stop by itself. */
export async function startStandIn(port: number, seconds: number): Promise<Result<StandIn>> {
  const sockets = new Set<Socket>();
  const peers: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    if (peers.length < 10_000) peers.push((socket.remoteAddress ?? '?').replace(/^::ffff:/, ''));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    socket.setTimeout(2000, () => socket.destroy());
    socket.end(standInBanner(port));
  });
  let bound = '::';
  let failed = await listenOn(server, port, bound);
  if (failed && (failed.code === 'EAFNOSUPPORT' || failed.code === 'EADDRNOTAVAIL')) {
    bound = '0.0.0.0';
    failed = await listenOn(server, port, bound);
  }
  if (failed) {
    if (failed.code === 'EADDRINUSE')
      return unavailable(
        'exit-code',
        `something already listens on port ${port}: a stand-in is only for a port nobody holds`,
        `ss -ltnp sport = :${port}`,
      );
    if (failed.code === 'EACCES')
      return unavailable(
        'needs-admin',
        `binding port ${port} needs privilege (below 1024: root or CAP_NET_BIND_SERVICE; Windows: an administrator)`,
      );
    return unavailable('exit-code', `the stand-in could not listen on port ${port}: ${failed.code ?? failed.message}`);
  }
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  let stopping = false;
  const stop = async () => {
    if (!stopping) {
      stopping = true;
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      server.close(() => resolveDone());
    }
    await done;
  };
  const timer = setTimeout(() => void stop(), seconds * 1000);
  return { kind: 'ok', data: { port, addresses: [bound], peers, done, stop } };
}
