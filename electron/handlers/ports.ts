import type { PortsList } from '../../shared/schemas/ports';
import { unavailable } from '../../shared/schemas/common';
import type { OwnerCache } from '../probes/linux/socket-owners';
import { createOwnerCache } from '../probes/linux/socket-owners';
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
    const read = await readSockets(services.runner, { owners: request.owners, listenerDetail: true, ...(cache ? { cache } : {}) });
    if (read.kind !== 'ok') return read;
    const list: PortsList = { schema: 'portdoctor.ports/1', sockets: read.data.sockets, elapsedMs: Math.round(performance.now() - started) };
    if (request.owners) list.ownersHidden = read.data.ownersHidden;
    return { kind: 'ok', data: list };
  },
};
