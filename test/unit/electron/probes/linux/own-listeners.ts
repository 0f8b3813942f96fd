import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { parseProcNet } from '../../../../../electron/probes/linux/parse-proc-net';

/**
 * Real listening sockets of this test process on 127.0.0.1, closed after each test, and their inodes as the
 * kernel's /proc/net/tcp gives them: what the owner-walk tests look for in /proc/<pid>/fd.
 */
export function useOwnListeners(): { listen(): Promise<{ port: number; server: Server }>; inodeOf(port: number): number } {
  const servers: Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });
  return {
    async listen() {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      return { port: (server.address() as AddressInfo).port, server };
    },
    inodeOf(port) {
      const table = parseProcNet(readFileSync('/proc/net/tcp', 'latin1'), 'tcp', 4);
      if (table.kind !== 'ok') throw new Error(table.detail);
      const s = table.data.find((x) => x.state === 'LISTEN' && x.localPort === port);
      if (!s?.inode) throw new Error(`no listener on ${port}`);
      return s.inode;
    },
  };
}
