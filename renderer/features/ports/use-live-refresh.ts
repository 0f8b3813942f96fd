import { useEffect } from 'react';
import { LIVE_INTERVAL_MS, usePortsStore } from './ports-store';

/** Load once when the page opens, then refresh every second while live; stops when paused or when the page closes. */
export function useLiveRefresh(): void {
  const live = usePortsStore((s) => s.live);
  useEffect(() => {
    const { list, load } = usePortsStore.getState();
    if (list.state === 'idle') void load();
  }, []);
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(() => void usePortsStore.getState().load(), LIVE_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [live]);
}
