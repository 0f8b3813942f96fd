import { cleanup, renderHook, act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRAW_EVERY_MS } from '../../../renderer/features/ports/charts/chart-card';
import { CHARTS_INTERVAL_MS, LIVE_INTERVAL_MS, usePortsStore } from '../../../renderer/features/ports/ports-store';
import { useLiveRefresh } from '../../../renderer/features/ports/use-live-refresh';

// The live refresh's pace (issue 13 item 9): every second on the table; while the charts are shown, as often as
// they are drawn, so no answer is fetched and diffed that no drawing shows.

const initial = usePortsStore.getState();

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  usePortsStore.setState(initial, true);
});

/** How many refreshes the hook asks for over `ms` in `view`, live. */
function loadsOver(view: 'table' | 'charts', ms: number): number {
  vi.useFakeTimers();
  const load = vi.fn(async () => undefined);
  // Not idle: the hook's first load on opening the page is not counted here.
  usePortsStore.setState({ load, view, live: true, list: { state: 'loading' } });
  renderHook(() => useLiveRefresh());
  act(() => {
    vi.advanceTimersByTime(ms);
  });
  return load.mock.calls.length;
}

describe('live refresh pace', () => {
  it('refreshes every second on the table and every other second on the charts', () => {
    expect(LIVE_INTERVAL_MS).toBe(1000);
    expect(CHARTS_INTERVAL_MS).toBe(DRAW_EVERY_MS);
    expect(loadsOver('table', 10_000)).toBe(10);
    cleanup();
    expect(loadsOver('charts', 10_000)).toBe(5);
  });

  it('changes pace when the view changes, and stops when paused', () => {
    vi.useFakeTimers();
    const load = vi.fn(async () => undefined);
    usePortsStore.setState({ load, view: 'table', live: true, list: { state: 'loading' } });
    renderHook(() => useLiveRefresh());
    act(() => vi.advanceTimersByTime(3000));
    expect(load).toHaveBeenCalledTimes(3);
    act(() => usePortsStore.setState({ view: 'charts' }));
    act(() => vi.advanceTimersByTime(4000));
    expect(load).toHaveBeenCalledTimes(5);
    act(() => usePortsStore.setState({ live: false }));
    act(() => vi.advanceTimersByTime(10_000));
    expect(load).toHaveBeenCalledTimes(5);
  });
});
