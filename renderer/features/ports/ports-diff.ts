import type { PortsDelta, Socket } from '../../../shared/schemas/ports';
import { sameSocket } from '../../../shared/ports/snapshot-delta';
import { socketKey, uniqueSocketKeys } from '../../../shared/ports/socket-key';
import type { ExplorerRow } from './ports-selectors';
import { compareRows, toExplorerRow } from './ports-selectors';

/** How a row changed since the previous refresh (TCPView's green / yellow / red). */
export type RowChange = 'same' | 'new' | 'changed' | 'closed';

/** A row as the live table shows it. `closedFor` counts refreshes since a closed row disappeared. */
export interface LiveRow extends ExplorerRow {
  change: RowChange;
  closedFor: number;
  /** Where the row sits in its snapshot's table order; set by the diff, read by the next diff (saves a Map). */
  pos: number;
}

/**
 * A live row as one object literal with every field in the same order, so all rows share one hidden class
 * (a spread of 25 fields gives V8 dictionary-mode objects, and reading `pos` on 20k of them cost ~20 ms).
 */
export function liveRow(r: ExplorerRow, change: RowChange, closedFor: number): LiveRow {
  return {
    key: r.key,
    protocol: r.protocol,
    local: r.local,
    remote: r.remote,
    state: r.state,
    owner: r.owner,
    localAddress: r.localAddress,
    localPort: r.localPort,
    remoteAddress: r.remoteAddress,
    remotePort: r.remotePort,
    pid: r.pid,
    ownerName: r.ownerName,
    path: r.path,
    unit: r.unit,
    stateKey: r.stateKey,
    recvQ: r.recvQ,
    sendQ: r.sendQ,
    scope: r.scope,
    risk: r.risk,
    listener: r.listener,
    change,
    closedFor,
    pos: 0,
  };
}

/** How many refreshes a closed row stays on screen (red) before it goes. */
export const CLOSED_KEEP = 3;

function sameContent(a: ExplorerRow, b: ExplorerRow): boolean {
  return a.state === b.state && a.owner === b.owner;
}

/** Insert a few sorted rows into many sorted rows: a binary search per insert (k log n compares, not n). */
function insertSorted(rows: readonly LiveRow[], added: readonly LiveRow[]): LiveRow[] {
  const out: LiveRow[] = [];
  let from = 0;
  for (const row of added) {
    let lo = from;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRows(rows[mid] as LiveRow, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = from; i < lo; i++) out.push(rows[i] as LiveRow);
    out.push(row);
    from = lo;
  }
  for (let i = from; i < rows.length; i++) out.push(rows[i] as LiveRow);
  return out;
}

function numbered(rows: LiveRow[]): LiveRow[] {
  for (let i = 0; i < rows.length; i++) (rows[i] as LiveRow).pos = i;
  return rows;
}

/** The previous snapshot as the diff needs it: the table's rows, and which row each raw socket became. */
export interface DiffState {
  rows: LiveRow[];
  sockets: readonly Socket[];
  rowAt: LiveRow[];
}

function first(sockets: readonly Socket[], keys: readonly string[]): DiffState {
  const rowAt = sockets.map((s, i) => liveRow(toExplorerRow(s, keys[i] as string), 'same', 0));
  return { rows: numbered([...rowAt].sort(compareRows)), sockets, rowAt };
}

/**
 * Diff the previous snapshot against a full answer in O(n). Keys follow listing order (`uniqueSocketKeys`, as the
 * back end's deltas name rows). The kernel lists sockets in a stable order, so a socket equal to the one at the
 * same index last time, under the same key, reuses that row as it is (no hashing, and React skips it); the rest
 * are matched by key through a Map. The previous order is kept, closed rows stay
 * in place for CLOSED_KEEP refreshes, and only new rows are sorted and merged in. Only the previous snapshot is
 * kept, never history; the first snapshot marks nothing (everything would be "new").
 */
export function diffSockets(previous: DiffState | null, sockets: readonly Socket[], keep = CLOSED_KEEP): DiffState {
  // Keys by listing order, as the back end names rows in its deltas (shared/ports/socket-key.ts).
  const { keys } = uniqueSocketKeys(sockets);
  if (previous === null) return first(sockets, keys);
  // became[j]: what previous.rows[j] became this round (indexed by its `pos`: no Map over 20k objects).
  const became: (LiveRow | undefined)[] = new Array<LiveRow | undefined>(previous.rows.length);
  let byKey: Map<string, LiveRow> | null = null;
  const slowKeys = new Set<string>();
  const added: LiveRow[] = [];
  const rowAt = sockets.map((s, i): LiveRow => {
    const ps = previous.sockets[i];
    const pr = previous.rowAt[i];
    const key = keys[i] as string;
    if (ps && pr && pr.key === key && sameSocket(ps, s)) {
      const row = pr.change === 'same' ? pr : liveRow(pr, 'same', 0);
      became[pr.pos] = row;
      return row;
    }
    byKey ??= new Map(previous.rows.map((r) => [r.key, r]));
    const old = byKey.get(key);
    const shaped = toExplorerRow(s, key);
    const fresh = !old || old.change === 'closed';
    const row = liveRow(shaped, fresh ? 'new' : sameContent(old, shaped) ? 'same' : 'changed', 0);
    slowKeys.add(key);
    if (fresh) added.push(row);
    else became[old.pos] = row;
    return row;
  });
  const kept: LiveRow[] = [];
  previous.rows.forEach((old, j) => {
    const now = became[j];
    if (now) kept.push(now);
    else if (!slowKeys.has(old.key)) {
      const closedFor = old.change === 'closed' ? old.closedFor + 1 : 0;
      if (closedFor < keep) kept.push(liveRow(old, 'closed', closedFor));
    }
  });
  return { rows: numbered(added.length === 0 ? kept : insertSorted(kept, added.sort(compareRows))), sockets, rowAt };
}

/**
 * The same rows `diffSockets` gives for the full snapshot, from the previous state and a `ports:list` delta
 * (rows named by `socketKey`, or by `addedKeys` / `changedKeys` when twins are involved). O(n) over the previous rows with no
 * per-socket work for unchanged sockets: only added and changed sockets become new row objects. The sockets
 * keep the previous order (removed ones dropped, changed ones in place, added ones last), so a later full
 * answer is still diffed correctly (its index fast path just matches less).
 */
export function applyDelta(previous: DiffState, delta: PortsDelta, keep = CLOSED_KEEP): DiffState {
  const removed = new Set(delta.removed);
  const changed = new Map<string, Socket>();
  delta.changed.forEach((s, i) => changed.set(delta.changedKeys?.[i] ?? socketKey(s), s));
  const became: (LiveRow | undefined)[] = new Array<LiveRow | undefined>(previous.rows.length);
  const sockets: Socket[] = [];
  const rowAt: LiveRow[] = [];
  previous.sockets.forEach((s, i) => {
    const pr = previous.rowAt[i] as LiveRow;
    if (removed.has(pr.key)) return;
    const now = changed.get(pr.key);
    let row: LiveRow;
    if (now === undefined) row = pr.change === 'same' ? pr : liveRow(pr, 'same', 0);
    else {
      const shaped = toExplorerRow(now, pr.key);
      row = liveRow(shaped, sameContent(pr, shaped) ? 'same' : 'changed', 0);
    }
    sockets.push(now ?? s);
    rowAt.push(row);
    became[pr.pos] = row;
  });
  const added: LiveRow[] = [];
  const addedKeys = new Set<string>();
  for (const [i, s] of delta.added.entries()) {
    const key = delta.addedKeys?.[i] ?? socketKey(s);
    const row = liveRow(toExplorerRow(s, key), 'new', 0);
    sockets.push(s);
    rowAt.push(row);
    added.push(row);
    addedKeys.add(key);
  }
  const kept: LiveRow[] = [];
  previous.rows.forEach((old, j) => {
    const now = became[j];
    if (now) kept.push(now);
    else if (!addedKeys.has(old.key)) {
      const closedFor = old.change === 'closed' ? old.closedFor + 1 : 0;
      if (closedFor < keep) kept.push(liveRow(old, 'closed', closedFor));
    }
  });
  return { rows: numbered(added.length === 0 ? kept : insertSorted(kept, added.sort(compareRows))), sockets, rowAt };
}

/** What the explorer filters on. */
export interface PortFilters {
  text: string;
  protocol: 'all' | 'tcp' | 'udp';
  state: 'all' | 'listening' | 'established' | 'waiting';
  scope: 'all' | 'loopback' | 'lan' | 'public';
  riskyOnly: boolean;
}

/** No filter. */
export const NO_FILTERS: PortFilters = { text: '', protocol: 'all', state: 'all', scope: 'all', riskyOnly: false };

const WAITING = new Set(['TIME-WAIT', 'CLOSE-WAIT', 'FIN-WAIT-1', 'FIN-WAIT-2', 'LAST-ACK', 'CLOSING', 'CLOSED']);

function stateMatches(r: ExplorerRow, want: PortFilters['state']): boolean {
  const state = r.stateKey;
  if (want === 'listening') return r.listener;
  if (want === 'established') return state === 'ESTAB' || state === 'ESTABLISHED';
  if (want === 'waiting') return WAITING.has(state);
  return true;
}

/** A search matcher: digits alone match a local or remote port exactly; other text is a case-insensitive substring. */
export function searchMatcher(text: string): (r: ExplorerRow) => boolean {
  const q = text.trim().toLowerCase();
  if (q === '') return () => true;
  if (/^\d{1,5}$/.test(q)) {
    const port = Number(q);
    return (r) => r.localPort === port || r.remotePort === port;
  }
  return (r) =>
    r.local.toLowerCase().includes(q) ||
    r.remote.toLowerCase().includes(q) ||
    r.state.toLowerCase().includes(q) ||
    (r.owner?.toLowerCase().includes(q) ?? false) ||
    (r.path?.toLowerCase().includes(q) ?? false) ||
    (r.unit?.toLowerCase().includes(q) ?? false) ||
    (r.risk?.toLowerCase().includes(q) ?? false);
}

/** The rows the filters let through, in order. */
export function filterRows<T extends ExplorerRow>(rows: readonly T[], f: PortFilters): readonly T[] {
  if (!isFiltered(f)) return rows;
  const search = searchMatcher(f.text);
  return rows.filter(
    (r) =>
      (f.protocol === 'all' || r.protocol.startsWith(f.protocol)) &&
      (f.scope === 'all' || r.scope === f.scope) &&
      (!f.riskyOnly || r.risk !== null) &&
      stateMatches(r, f.state) &&
      search(r),
  );
}

/** True when any filter is set. */
export function isFiltered(f: PortFilters): boolean {
  return f.text.trim() !== '' || f.protocol !== 'all' || f.state !== 'all' || f.scope !== 'all' || f.riskyOnly;
}
