import { create } from 'zustand';
import type { Result } from '../../../shared/schemas/common';
import type { PortsList } from '../../../shared/schemas/ports';
import { portDoctor } from '../../api/port-doctor';
import { IDLE, settle } from '../../state/remote';
import type { Remote } from '../../state/remote';
import { useDiagnoseStore } from '../../state/diagnose-store';
import { useShellStore } from '../../state/shell-store';
import { NO_FILTERS, applyDelta, diffSockets } from './ports-diff';
import type { DiffState, LiveRow, PortFilters } from './ports-diff';

/** One point of the TIME_WAIT / CLOSE_WAIT series. */
export interface WaitSample {
  at: number;
  timeWait: number;
  closeWait: number;
}

/** Samples kept for the wait-state chart: ten minutes at one refresh a second (twenty while the charts are shown). */
export const SERIES_KEEP = 600;

/** How often the live view refreshes, in ms. */
export const LIVE_INTERVAL_MS = 1000;

/**
 * How often it refreshes while the charts are shown, and how often they are drawn (chart-card.tsx DRAW_EVERY_MS is
 * this): no answer is fetched and diffed that no drawing shows (issue 13 item 9: the charts tab's CPU).
 */
export const CHARTS_INTERVAL_MS = 2000;

/** What the latest good answer said besides the sockets (the sockets themselves live on as `rows`). */
export interface PortsMeta {
  ownersHidden: number;
  localPortRange: { low: number; high: number } | null;
  at: number;
}

interface PortsState {
  /** The latest answer, without its sockets (they are in `rows`, diffed), so one snapshot is held, not two. */
  list: Remote<Result<PortsMeta>>;
  rows: LiveRow[] | null;
  /** The previous snapshot the next refresh is diffed against (one snapshot, never history). */
  diff: DiffState | null;
  /** The back end's token for `diff`'s snapshot: sent as `since`, so the next answer is only the changes. */
  snapshot: string | null;
  series: WaitSample[];
  live: boolean;
  refreshing: boolean;
  filters: PortFilters;
  view: 'table' | 'charts';
  load(): Promise<void>;
  setLive(live: boolean): void;
  setFilters(patch: Partial<PortFilters>): void;
  setView(view: 'table' | 'charts'): void;
  diagnose(port: number): void;
}

/** Count TIME_WAIT and CLOSE_WAIT among the rows still open. */
export function countWaits(rows: readonly LiveRow[], at: number): WaitSample {
  let timeWait = 0;
  let closeWait = 0;
  for (const r of rows) {
    if (r.change === 'closed') continue;
    if (r.stateKey === 'TIME-WAIT') timeWait++;
    else if (r.stateKey === 'CLOSE-WAIT') closeWait++;
  }
  return { at, timeWait, closeWait };
}

/** Append to a bounded series (a ring of SERIES_KEEP samples), keeping memory flat however long the view runs. */
export function pushSample(series: readonly WaitSample[], sample: WaitSample, keep = SERIES_KEEP): WaitSample[] {
  const start = Math.max(0, series.length + 1 - keep);
  const out = series.slice(start);
  out.push(sample);
  return out;
}

/** The next diff state from a full answer or a delta; null when a delta does not follow the snapshot we hold. */
function nextDiff(state: PortsState, data: PortsList): DiffState | null {
  const previous = state.rows ? state.diff : null;
  if (!data.delta) return diffSockets(previous, data.sockets);
  return previous && data.delta.since === state.snapshot ? applyDelta(previous, data.delta) : null;
}

function applyAnswer(state: PortsState, value: Result<PortsList>, at: number): Partial<PortsState> {
  if (value.kind !== 'ok') return { list: { state: 'done', value }, rows: null, diff: null, snapshot: null };
  const diff = nextDiff(state, value.data);
  // Cannot happen with one call at a time; if it does, forget the token so the next answer is a full one.
  if (diff === null) return { snapshot: null };
  const rows = diff.rows;
  const meta: PortsMeta = { ownersHidden: value.data.ownersHidden ?? 0, localPortRange: value.data.localPortRange ?? null, at };
  const snapshot = value.data.snapshot ?? null;
  return {
    list: { state: 'done', value: { kind: 'ok', data: meta } },
    rows,
    diff,
    snapshot,
    series: pushSample(state.series, countWaits(rows, at)),
  };
}

/** The Ports explorer's store: the latest snapshot diffed against the one before, filters, and the wait-state series. */
export const usePortsStore = create<PortsState>((set, get) => ({
  list: IDLE,
  rows: null,
  diff: null,
  snapshot: null,
  series: [],
  live: true,
  refreshing: false,
  filters: NO_FILTERS,
  view: 'table',
  load: async () => {
    // One call at a time: a refresh slower than the interval skips ticks instead of piling calls up.
    if (get().refreshing) return;
    const first = get().rows === null;
    set(first ? { refreshing: true, list: { state: 'loading' } } : { refreshing: true });
    const { snapshot, diff } = get();
    const since = snapshot !== null && diff !== null && !first ? { since: snapshot } : {};
    const answer = await settle(() => portDoctor().ports.list({ owners: true, compact: true, ...since }));
    if (answer.state !== 'done') set({ list: answer, refreshing: false, snapshot: null });
    else set({ ...applyAnswer(get(), answer.value, Date.now()), refreshing: false });
  },
  setLive: (live) => set({ live }),
  setFilters: (patch) => set({ filters: { ...get().filters, ...patch } }),
  setView: (view) => set({ view }),
  diagnose: (port) => {
    const d = useDiagnoseStore.getState();
    d.setRole('server');
    d.setPortText(String(port));
    useShellStore.getState().setSection('diagnose');
    void d.run();
  },
}));
