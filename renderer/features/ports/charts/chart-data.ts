import type { LiveRow } from '../ports-diff';

/** How many bars a chart shows at most (the busiest first); the text alternative says how many were left out. */
export const TOP = 10;

/** Connections on one service port, by state. */
export interface PortStates {
  port: number;
  established: number;
  timeWait: number;
  closeWait: number;
  other: number;
  total: number;
}

/** One listener's accept queue: waiting connections against the backlog it asked for. */
export interface AcceptQueue {
  label: string;
  port: number;
  depth: number;
  backlog: number;
}

/** Connections to one remote address. */
export interface PeerCount {
  peer: string;
  count: number;
}

/** Distinct local ports of outgoing TCP connections inside the dynamic range, against the range's size. */
export interface EphemeralUsage {
  used: number;
  size: number;
  low: number;
  high: number;
  percent: number;
}

/** A top-N list and how many entries did not make it. */
export interface Top<T> {
  items: T[];
  more: number;
}

// The charts read the same rows four times a second-tick: the open ones are picked once per rows array.
const openOf = new WeakMap<readonly LiveRow[], LiveRow[]>();

function open(rows: readonly LiveRow[]): LiveRow[] {
  let live = openOf.get(rows);
  if (!live) openOf.set(rows, (live = rows.filter((r) => r.change !== 'closed')));
  return live;
}

/**
 * The TOP largest by `by` (ties by `tie`), in order, and how many were left out: one pass keeping a sorted list of
 * at most TOP, rather than sorting every entry (20k peers each second on a busy server).
 */
function top<T>(all: readonly T[], by: (t: T) => number, tie: (a: T, b: T) => number): Top<T> {
  const order = (a: T, b: T) => by(b) - by(a) || tie(a, b);
  const items: T[] = [];
  for (const t of all) {
    const last = items[items.length - 1];
    if (items.length === TOP && last !== undefined && order(t, last) >= 0) continue;
    let i = items.length;
    while (i > 0 && order(t, items[i - 1] as T) < 0) i--;
    items.splice(i, 0, t);
    if (items.length > TOP) items.pop();
  }
  return { items, more: Math.max(0, all.length - TOP) };
}

/**
 * The service port of a connection: its local port when something listens there (inbound); otherwise the end
 * outside the dynamic range (the other end is an ephemeral port), or the lower of the two when that is unclear.
 */
function servicePort(r: LiveRow, listening: ReadonlySet<number>, range: { low: number; high: number } | null): number {
  if (listening.has(r.localPort)) return r.localPort;
  if (listening.has(r.remotePort)) return r.remotePort;
  const dynamic = (p: number) => (range ? p >= range.low && p <= range.high : p >= 32768);
  if (dynamic(r.localPort) !== dynamic(r.remotePort)) return dynamic(r.localPort) ? r.remotePort : r.localPort;
  return Math.min(r.localPort, r.remotePort);
}

/** Connection states per service port (TCP connections; listeners are not connections). */
export function selectStatesPerPort(rows: readonly LiveRow[], range: { low: number; high: number } | null = null): Top<PortStates> {
  const live = open(rows);
  const listening = new Set(live.filter((r) => r.listener && r.protocol.startsWith('tcp')).map((r) => r.localPort));
  const byPort = new Map<number, PortStates>();
  for (const r of live) {
    if (r.listener || r.protocol.startsWith('udp')) continue;
    const port = servicePort(r, listening, range);
    let p = byPort.get(port);
    if (!p) byPort.set(port, (p = { port, established: 0, timeWait: 0, closeWait: 0, other: 0, total: 0 }));
    const s = r.stateKey;
    if (s === 'ESTAB' || s === 'ESTABLISHED') p.established++;
    else if (s === 'TIME-WAIT') p.timeWait++;
    else if (s === 'CLOSE-WAIT') p.closeWait++;
    else p.other++;
    p.total++;
  }
  return top(
    [...byPort.values()],
    (p) => p.total,
    (a, b) => a.port - b.port,
  );
}

/** Accept queues of TCP listeners whose backlog is known, fullest (relative to backlog) first. */
export function selectAcceptQueues(rows: readonly LiveRow[]): Top<AcceptQueue> {
  const queues = open(rows)
    .filter((r) => r.listener && r.protocol.startsWith('tcp') && r.sendQ !== null && r.sendQ > 0)
    .map((r) => ({ label: r.local, port: r.localPort, depth: r.recvQ ?? 0, backlog: r.sendQ ?? 0 }));
  return top(
    queues,
    (q) => q.depth / q.backlog,
    (a, b) => b.backlog - a.backlog || a.port - b.port,
  );
}

/** Connections per remote address (listeners and unconnected sockets have no peer). */
export function selectPeers(rows: readonly LiveRow[]): Top<PeerCount> {
  const counts = new Map<string, number>();
  for (const r of open(rows)) {
    if (r.listener || r.remotePort === 0) continue;
    counts.set(r.remoteAddress, (counts.get(r.remoteAddress) ?? 0) + 1);
  }
  return top(
    [...counts].map(([peer, count]) => ({ peer, count })),
    (p) => p.count,
    (a, b) => (a.peer < b.peer ? -1 : 1),
  );
}

/** Ephemeral port use: distinct local ports of non-listening TCP sockets inside the range; null when the range is unknown. */
export function selectEphemeralUsage(rows: readonly LiveRow[], range: { low: number; high: number } | null): EphemeralUsage | null {
  if (!range || range.high < range.low) return null;
  const used = new Set<number>();
  for (const r of open(rows)) {
    if (!r.listener && r.protocol.startsWith('tcp') && r.localPort >= range.low && r.localPort <= range.high) used.add(r.localPort);
  }
  const size = range.high - range.low + 1;
  return { used: used.size, size, low: range.low, high: range.high, percent: Math.round((used.size / size) * 1000) / 10 };
}
