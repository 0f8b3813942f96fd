import type { ExplorerRow } from './ports-selectors';
import { compareRows } from './ports-selectors';

/** How a row changed since the previous refresh (TCPView's green / yellow / red). */
export type RowChange = 'same' | 'new' | 'changed' | 'closed';

/** A row as the live table shows it. `closedFor` counts refreshes since a closed row disappeared. */
export interface LiveRow extends ExplorerRow {
  change: RowChange;
  closedFor: number;
}

/** How many refreshes a closed row stays on screen (red) before it goes. */
export const CLOSED_KEEP = 3;

function sameContent(a: ExplorerRow, b: ExplorerRow): boolean {
  return a.state === b.state && a.owner === b.owner;
}

/**
 * Diff the previous live rows against a new snapshot in O(n) with a Map keyed by the stable row key.
 * The first snapshot marks nothing (everything would be "new"). Only the previous rows are kept, never history.
 */
export function diffRows(previous: readonly LiveRow[] | null, next: readonly ExplorerRow[], keep = CLOSED_KEEP): LiveRow[] {
  if (previous === null) return next.map((r) => ({ ...r, change: 'same', closedFor: 0 }));
  const before = new Map<string, LiveRow>();
  for (const r of previous) before.set(r.key, r);
  const out: LiveRow[] = [];
  for (const r of next) {
    const old = before.get(r.key);
    before.delete(r.key);
    const change: RowChange = !old || old.change === 'closed' ? 'new' : sameContent(old, r) ? 'same' : 'changed';
    out.push({ ...r, change, closedFor: 0 });
  }
  let closed = false;
  for (const old of before.values()) {
    const closedFor = old.change === 'closed' ? old.closedFor + 1 : 0;
    if (closedFor < keep) {
      out.push({ ...old, change: 'closed', closedFor });
      closed = true;
    }
  }
  // The snapshot arrives sorted; only re-sort when closed rows were appended.
  return closed ? out.sort(compareRows) : out;
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
  const state = r.state.toUpperCase().replace(/_/g, '-');
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
  return (r) => r.local.toLowerCase().includes(q) || r.remote.toLowerCase().includes(q) || r.state.toLowerCase().includes(q) || (r.owner?.toLowerCase().includes(q) ?? false) || (r.risk?.toLowerCase().includes(q) ?? false);
}

/** The rows the filters let through, in order. */
export function filterRows<T extends ExplorerRow>(rows: readonly T[], f: PortFilters): T[] {
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
