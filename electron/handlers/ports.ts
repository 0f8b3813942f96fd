import type { PortsList, Socket, SocketOwner } from '../../shared/schemas/ports';
import { unavailable } from '../../shared/schemas/common';
import type { OwnerCache } from '../probes/linux/socket-owners';
import { createOwnerCache } from '../probes/linux/socket-owners';
import { readSysctl } from '../probes/linux/kernel';
import { readSockets } from '../probes/linux/sockets';
import { readProcessPaths } from '../probes/linux/process-paths';
import type { ListenerCache } from '../probes/linux/sockets';
import { readWindowsPortsList } from '../probes/windows/ports';
import type { Result } from '../../shared/schemas/common';
import type { Runner } from '../system/runner';
import type { HandlerTable } from './types';
import { withDelta } from './ports-delta';

/** What a live refresh may reuse from the one before (see OwnerCache and ListenerCache). */
interface RefreshCache {
  cache: OwnerCache;
  listenerCache: { current: ListenerCache | null };
  /** Owners' program files by pid (/proc/<pid>/exe). */
  paths: Map<number, string | null>;
}

// Cached per runner across refreshes: the ports view polls every second, and the /proc/<pid>/fd walk is the cost.
const caches = new WeakMap<Runner, RefreshCache>();

function cacheFor(runner: Runner): RefreshCache | undefined {
  if (runner.mode === 'replay') return undefined;
  let cache = caches.get(runner);
  if (!cache) caches.set(runner, (cache = { cache: createOwnerCache(), listenerCache: { current: null }, paths: new Map() }));
  return cache;
}

/** Windows: every TCP connection (all states) and UDP endpoint with owners, as the ports view lists them on Linux. */
async function windowsPorts(runner: Runner, owners: boolean): Promise<Result<PortsList>> {
  const started = performance.now();
  const read = await readWindowsPortsList(runner, { owners });
  if (read.kind !== 'ok') return read;
  return { kind: 'ok', data: { schema: 'portdoctor.ports/1', ...read.data, elapsedMs: Math.round(performance.now() - started) } };
}

/**
 * A socket with only what a table shows: the live explorer's payload is a third smaller for 20k sockets.
 * Built field by field (object rest/spread copied generically was a tenth of a 40k-socket refresh); `owners`
 * shares one compact owner per process across its sockets.
 */
export function compactSocket(s: Socket, owners: Map<SocketOwner, SocketOwner> = new Map()): Socket {
  const c: Socket = {
    protocol: s.protocol,
    family: s.family,
    state: s.state,
    localAddress: s.localAddress,
    localPort: s.localPort,
    remoteAddress: s.remoteAddress,
    remotePort: s.remotePort,
  };
  if (s.recvQ !== undefined) c.recvQ = s.recvQ;
  if (s.sendQ !== undefined) c.sendQ = s.sendQ;
  if (s.v6Only !== undefined) c.v6Only = s.v6Only;
  const owner = s.owner;
  if (owner) {
    let compact = owners.get(owner);
    if (!compact) owners.set(owner, (compact = compactOwner(owner)));
    c.owner = compact;
  }
  return c;
}

/** An owner with what the table's columns show: pid, name, program file, systemd unit / Windows service. */
function compactOwner(owner: SocketOwner): SocketOwner {
  const c: SocketOwner = { pid: owner.pid };
  if (owner.name !== undefined) c.name = owner.name;
  if (owner.path !== undefined) c.path = owner.path;
  if (owner.unit !== undefined) c.unit = owner.unit;
  if (owner.service !== undefined) c.service = owner.service;
  return c;
}

/** Give each owner its program file (one readlink per owning process, cached between live refreshes). */
async function attachPaths(runner: Runner, sockets: readonly Socket[], cache?: Map<number, string | null>): Promise<void> {
  const owners = new Map<number, SocketOwner[]>();
  for (const s of sockets) {
    if (!s.owner || s.owner.path !== undefined) continue;
    const list = owners.get(s.owner.pid);
    if (!list) owners.set(s.owner.pid, [s.owner]);
    else if (list[list.length - 1] !== s.owner) list.push(s.owner);
  }
  const paths = await readProcessPaths(runner, [...owners.keys()], cache);
  for (const [pid, path] of paths) for (const o of owners.get(pid) ?? []) o.path = path;
}

function compactSockets(sockets: readonly Socket[]): Socket[] {
  const owners = new Map<SocketOwner, SocketOwner>();
  const out = new Array<Socket>(sockets.length);
  for (let i = 0; i < sockets.length; i++) out[i] = compactSocket(sockets[i] as Socket, owners);
  return out;
}

const listPorts: HandlerTable['ports:list'] = async (request, { services }) => {
  if (services.platform === 'win32') return windowsPorts(services.runner, request.owners);
  if (services.platform !== 'linux') return unavailable('unsupported-platform', `no socket probes for ${services.platform}`);
  const started = performance.now();
  const cache = cacheFor(services.runner);
  const [read, range] = await Promise.all([
    readSockets(services.runner, { owners: request.owners, listenerDetail: true, ...cache }),
    readSysctl(services.runner, 'localPortRange'),
  ]);
  if (read.kind !== 'ok') return read;
  if (request.owners) await attachPaths(services.runner, read.data.sockets, cache?.paths);
  const sockets = request.compact ? compactSockets(read.data.sockets) : read.data.sockets;
  const list: PortsList = { schema: 'portdoctor.ports/1', sockets, elapsedMs: Math.round(performance.now() - started) };
  if (request.owners) list.ownersHidden = read.data.ownersHidden;
  // The explorer's ephemeral-port gauge; left out (not guessed) when the sysctl cannot be read.
  const [low, high] = range.kind === 'ok' ? range.data.split(/\s+/).map(Number) : [];
  if (low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high) && low <= high && high <= 65535)
    list.localPortRange = { low, high };
  return { kind: 'ok', data: list };
};

/** `ports:*` handlers; `ports:list` answers a `since` token with only the changes (ports-delta.ts). */
export const portsHandlers: Pick<HandlerTable, 'ports:list'> = {
  // Only the live table (compact answers, or a caller that sends `since`) is snapshotted: keying 40k sockets and
  // holding the snapshot costs ~35 ms and several MB that a one-shot full answer (`ports --json`, collect) never uses.
  'ports:list': async (request, context) => {
    const list = await listPorts(request, context);
    return request.compact || request.since !== undefined ? withDelta(list, request.since) : list;
  },
};
