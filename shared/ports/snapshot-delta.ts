import type { PortsDelta, PortsList, Socket, SocketOwner } from '../schemas/ports';
import { socketKey, twinKey } from './socket-key';

// The pure half of `ports:list`'s delta answers (electron/handlers/ports-delta.ts hands out the tokens): here, so
// the renderer's tests can check the store against the very deltas the back end sends.

/** Snapshots kept at most: a few windows can poll at once, and memory stays bounded (one 20k map each). */
export const SNAPSHOTS_KEPT = 4;

interface Snapshot {
  byKey: Map<string, Socket>;
}

function sameOwner(a: SocketOwner | undefined, b: SocketOwner | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.pid === b.pid &&
    a.name === b.name &&
    a.path === b.path &&
    a.command === b.command &&
    a.user === b.user &&
    a.unit === b.unit &&
    a.service === b.service &&
    a.container === b.container
  );
}

/**
 * Every field compared, the owner's program file too: a delta that misses a change would leave the caller's table
 * silently wrong. The one comparison of two readings of a socket: the back end's delta and the table's fast path
 * (renderer/features/ports/ports-diff.ts) both use it, so neither keeps a row the other would change.
 */
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
  // One Map, keyed as uniqueSocketKeys keys (`#n` for twins in listing order); a second one only counts twins.
  const byKey = new Map<string, Socket>();
  let counts: Map<string, number> | undefined;
  for (const s of sockets) {
    const base = socketKey(s);
    if (!byKey.has(base)) {
      byKey.set(base, s);
      continue;
    }
    counts ??= new Map();
    const n = counts.get(base) ?? 1;
    counts.set(base, n + 1);
    byKey.set(twinKey(base, n), s);
  }
  return { byKey };
}

/**
 * Added / removed / changed between two snapshots in O(n). Rows are named by their key in `after`; when a twin
 * (SO_REUSEPORT) is added or changed, its `#n` key depends on listing order, which the caller cannot replay, so
 * the delta then names every added and changed row (`addedKeys`, `changedKeys`).
 */
export function diffSnapshots(before: Snapshot, after: Snapshot, since: string): PortsDelta {
  const delta: PortsDelta = { since, added: [], removed: [], changed: [] };
  const addedKeys: string[] = [];
  const changedKeys: string[] = [];
  let twins = false;
  for (const [key, now] of after.byKey) {
    const was = before.byKey.get(key);
    if (was !== undefined && (was === now || sameSocket(was, now))) continue;
    if (was === undefined) {
      delta.added.push(now);
      addedKeys.push(key);
    } else {
      delta.changed.push(now);
      changedKeys.push(key);
    }
    if (key !== socketKey(now)) twins = true;
  }
  for (const key of before.byKey.keys()) if (!after.byKey.has(key)) delta.removed.push(key);
  if (twins) Object.assign(delta, { addedKeys, changedKeys });
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
      const delta = before && since !== undefined ? diffSnapshots(before, next, since) : undefined;
      return delta ? { ...list, sockets: [], snapshot: token, delta } : { ...list, snapshot: token };
    },
    tokens: () => [...kept.keys()],
  };
}
