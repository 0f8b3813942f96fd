import type { PortsDelta, PortsList, Socket, SocketOwner } from '../schemas/ports';
import { socketKey, twinKey } from './socket-key';

// The pure half of `ports:list`'s delta answers (electron/handlers/ports-delta.ts hands out the tokens): here, so
// the renderer's tests can check the store against the very deltas the back end sends.

/** Snapshots kept at most: a few windows can poll at once, and memory stays bounded (one 20k map each). */
export const SNAPSHOTS_KEPT = 4;

interface Snapshot {
  byKey: Map<string, Socket>;
  /** Base keys listed more than once (SO_REUSEPORT twins): their `#n` keys follow listing order. */
  twins: Set<string>;
}

function sameOwner(a: SocketOwner | undefined, b: SocketOwner | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.pid === b.pid &&
    a.name === b.name &&
    a.command === b.command &&
    a.user === b.user &&
    a.unit === b.unit &&
    a.service === b.service &&
    a.container === b.container
  );
}

/** Every field compared: a delta that misses a change would leave the caller's table silently wrong. */
export function sameSocket(a: Socket, b: Socket): boolean {
  return (
    a.state === b.state &&
    a.recvQ === b.recvQ &&
    a.sendQ === b.sendQ &&
    a.protocol === b.protocol &&
    a.family === b.family &&
    a.localAddress === b.localAddress &&
    a.localPort === b.localPort &&
    a.remoteAddress === b.remoteAddress &&
    a.remotePort === b.remotePort &&
    a.inode === b.inode &&
    a.v6Only === b.v6Only &&
    sameOwner(a.owner, b.owner)
  );
}

function snapshotOf(sockets: readonly Socket[]): Snapshot {
  // One Map, keyed as uniqueSocketKeys keys (`#n` for twins in listing order): a second Map only counts twins.
  const byKey = new Map<string, Socket>();
  const twins = new Set<string>();
  let counts: Map<string, number> | undefined;
  for (const s of sockets) {
    const base = socketKey(s);
    if (!byKey.has(base)) {
      byKey.set(base, s);
      continue;
    }
    twins.add(base);
    counts ??= new Map();
    const n = counts.get(base) ?? 1;
    counts.set(base, n + 1);
    byKey.set(twinKey(base, n), s);
  }
  return { byKey, twins };
}

/**
 * Added / removed / changed between two snapshots in O(n), or null when a change touches twins: their `#n` keys
 * depend on listing order, which the caller cannot replay from a delta, so it gets the full answer instead.
 */
export function diffSnapshots(before: Snapshot, after: Snapshot, since: string): PortsDelta | null {
  const delta: PortsDelta = { since, added: [], removed: [], changed: [] };
  const twin = (s: Socket) => before.twins.has(socketKey(s)) || after.twins.has(socketKey(s));
  for (const [key, now] of after.byKey) {
    const was = before.byKey.get(key);
    if (was !== undefined && (was === now || sameSocket(was, now))) continue;
    if (twin(now)) return null;
    (was === undefined ? delta.added : delta.changed).push(now);
  }
  for (const [key, was] of before.byKey) {
    if (after.byKey.has(key)) continue;
    if (twin(was)) return null;
    delta.removed.push(key);
  }
  return delta;
}

/** Hands out snapshot tokens and answers `since` with a delta; keeps the last SNAPSHOTS_KEPT snapshots (LRU). */
export interface DeltaStore {
  answer(list: PortsList, since: string | undefined): PortsList;
  /** Tokens held, oldest first. */
  tokens(): string[];
}

/** A delta store; `newToken` makes unguessable, never-repeating tokens (`^[a-z0-9-]{1,64}$`). */
export function createDeltaStore(newToken: () => string, limit = SNAPSHOTS_KEPT): DeltaStore {
  const kept = new Map<string, Snapshot>();
  return {
    answer(list, since) {
      const next = snapshotOf(list.sockets);
      const before = since === undefined ? undefined : kept.get(since);
      // A token answers once: its caller moves on to the new one, so keeping it would only hold memory.
      if (since !== undefined) kept.delete(since);
      const token = newToken();
      kept.set(token, next);
      for (const oldest of kept.keys()) {
        if (kept.size <= limit) break;
        kept.delete(oldest);
      }
      const delta = before && since !== undefined ? diffSnapshots(before, next, since) : null;
      return delta ? { ...list, sockets: [], snapshot: token, delta } : { ...list, snapshot: token };
    },
    tokens: () => [...kept.keys()],
  };
}
