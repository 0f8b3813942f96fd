import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia?.(QUERY);
  media?.addEventListener('change', onChange);
  return () => media?.removeEventListener('change', onChange);
}

function snapshot(): 'dark' | 'light' {
  return window.matchMedia?.(QUERY).matches ? 'dark' : 'light';
}

/** The OS colour scheme, followed live (switching Windows to dark mode restyles the open window). */
export function useColorScheme(): 'dark' | 'light' {
  return useSyncExternalStore(subscribe, snapshot, () => 'light');
}
