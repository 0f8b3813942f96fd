import { describe, expect, it } from 'vitest';
import { createOwnerCache, formatOwnerMap, parseOwnerMap, walkSocketOwners } from '../../../../../electron/probes/linux/socket-owners';
import { writePortsJson } from '../../../../../electron/cli/commands/ports';
import type { Socket } from '../../../../../shared/schemas/ports';
import { useOwnListeners } from './own-listeners';

const own = useOwnListeners();
const listen = async (): Promise<number> => (await own.listen()).port;
const inodeOf = own.inodeOf;

// The owner walk on this very process: a real socket, a real /proc.
describe.skipIf(process.platform !== 'linux')('socket owner walk', () => {
  it('maps a listening socket to this process, and a cached refresh finds a new one', async () => {
    const first = inodeOf(await listen());
    const cache = createOwnerCache();
    const map = walkSocketOwners(cache, [first]);
    expect(map.inodes.get(first)).toBe(process.pid);
    expect(map.processes.get(process.pid)?.command).toContain('node');
    const second = inodeOf(await listen());
    const again = walkSocketOwners(cache, [first, second]);
    expect(again.inodes.get(second)).toBe(process.pid);
    const text = formatOwnerMap(again, new Set([first, second]));
    const parsed = parseOwnerMap(text);
    expect(parsed.kind === 'ok' && [...parsed.data.inodes.entries()].sort()).toEqual(
      [
        [first, process.pid],
        [second, process.pid],
      ].sort(),
    );
  });

  it('remembers an inode no process owns instead of walking for it on every refresh', () => {
    const cache = createOwnerCache();
    walkSocketOwners(cache, [999_999_999]);
    expect(cache.unowned.has(999_999_999)).toBe(true);
  });
});

describe('writePortsJson', () => {
  it('writes one JSON document that parses back to the list', () => {
    const sock = (port: number): Socket => ({
      protocol: 'tcp',
      family: 4,
      state: 'ESTAB',
      localAddress: '127.0.0.1',
      localPort: port,
      remoteAddress: '127.0.0.1',
      remotePort: 1,
      recvQ: 0,
      sendQ: 0,
    });
    for (const n of [0, 1, 2000, 4001]) {
      const chunks: string[] = [];
      const list = { schema: 'portdoctor.ports/1' as const, sockets: Array.from({ length: n }, (_, i) => sock(i + 1)), ownersHidden: 0 };
      writePortsJson({ out: (t) => chunks.push(`${t}\n`), err: () => undefined }, list);
      expect(JSON.parse(chunks.join(''))).toEqual(list);
    }
  });
});
