import type { PortsList } from '../../shared/schemas/ports';
import { unavailable } from '../../shared/schemas/common';
import type { OwnerCache } from '../probes/linux/socket-owners';
import { createOwnerCache } from '../probes/linux/socket-owners';
import { readSysctl } from '../probes/linux/kernel';
import { readSockets } from '../probes/linux/sockets';
import { readOemCodePage } from '../probes/windows/console';
import { readWindowsSockets } from '../probes/windows/sockets';
import type { Result } from '../../shared/schemas/common';
import type { Runner } from '../system/runner';
import type { HandlerTable } from './types';

// Owners cached per runner across refreshes: the ports view polls every second, and the /proc/<pid>/fd walk is the cost.
const caches = new WeakMap<Runner, OwnerCache>();

function cacheFor(runner: Runner): OwnerCache | undefined {
  if (runner.mode === 'replay') return undefined;
  let cache = caches.get(runner);
  if (!cache) caches.set(runner, (cache = createOwnerCache()));
  return cache;
}

/** Windows: listening TCP sockets and bound UDP endpoints with owners (the Windows probes list no connections). */
async function windowsPorts(runner: Runner): Promise<Result<PortsList>> {
  const started = performance.now();
  const codePage = await readOemCodePage(runner);
  const tcp = await readWindowsSockets(runner, codePage, 'tcp');
  if (tcp.kind !== 'ok') return tcp;
  const udp = await readWindowsSockets(runner, codePage, 'udp');
  const sockets = [...tcp.data.sockets, ...(udp.kind === 'ok' ? udp.data.sockets : [])];
  return { kind: 'ok', data: { schema: 'portdoctor.ports/1', sockets, ownersHidden: sockets.filter((s) => !s.owner?.name).length, elapsedMs: Math.round(performance.now() - started) } };
}

/** `ports:*` handlers. */
export const portsHandlers: Pick<HandlerTable, 'ports:list'> = {
  'ports:list': async (request, { services }) => {
    if (services.platform === 'win32') return windowsPorts(services.runner);
    if (services.platform !== 'linux') return unavailable('unsupported-platform', `no socket probes for ${services.platform}`);
    const started = performance.now();
    const cache = cacheFor(services.runner);
    const [read, range] = await Promise.all([
      readSockets(services.runner, { owners: request.owners, listenerDetail: true, ...(cache ? { cache } : {}) }),
      readSysctl(services.runner, 'localPortRange'),
    ]);
    if (read.kind !== 'ok') return read;
    const list: PortsList = { schema: 'portdoctor.ports/1', sockets: read.data.sockets, elapsedMs: Math.round(performance.now() - started) };
    if (request.owners) list.ownersHidden = read.data.ownersHidden;
    // The explorer's ephemeral-port gauge; left out (not guessed) when the sysctl cannot be read.
    const [low, high] = range.kind === 'ok' ? range.data.split(/\s+/).map(Number) : [];
    if (low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high) && low <= high && high <= 65535) list.localPortRange = { low, high };
    return { kind: 'ok', data: list };
  },
};
