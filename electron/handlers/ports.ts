import type { PortsList } from '../../shared/schemas/ports';
import { unavailable } from '../../shared/schemas/common';
import type { OwnerCache } from '../probes/linux/socket-owners';
import { createOwnerCache } from '../probes/linux/socket-owners';
import { readSysctl } from '../probes/linux/kernel';
import { readSockets } from '../probes/linux/sockets';
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

/** `ports:*` handlers. */
export const portsHandlers: Pick<HandlerTable, 'ports:list'> = {
  'ports:list': async (request, { services }) => {
    if (services.platform !== 'linux') return unavailable('not-implemented', `listing sockets on ${services.platform} is not wired to this channel yet`);
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
