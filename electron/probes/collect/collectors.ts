import { linuxCollectors } from './collectors-linux';
import { windowsCollectors } from './collectors-windows';
import type { Collector } from './collector';

/** Every collector for a platform: each reads all of one probe's sources, for `collect`. */
export function collectors(platform: 'linux' | 'win32' | 'darwin'): Collector[] {
  if (platform === 'linux') return linuxCollectors;
  if (platform === 'win32') return windowsCollectors;
  return [];
}
