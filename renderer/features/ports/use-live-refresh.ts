import { useEffect } from 'react';
import { CHARTS_INTERVAL_MS, LIVE_INTERVAL_MS, usePortsStore } from './ports-store';

/**
 * Load once when the page opens, then refresh while live: every second on the table, every other second while the
 * charts are shown (they are drawn no more often); stops when paused or when the page closes.
 */
export function useLiveRefresh(): void {
  const live = usePortsStore((s) => s.live);
  const every = usePortsStore((s) => (s.view === 'charts' ? CHARTS_INTERVAL_MS : LIVE_INTERVAL_MS));
  useEffect(() => {
    const { list, load } = usePortsStore.getState();
    if (list.state === 'idle') void load();
  }, []);
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(() => void usePortsStore.getState().load(), every);
    return () => clearInterval(timer);
  }, [live, every]);
}
