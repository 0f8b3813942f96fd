import type { Runner } from './runner';

/** One probe's way of reading all of its sources, for `collect`. */
export type Collector = (runner: Runner, target: { port?: number | undefined; protocol: 'tcp' | 'udp' }) => Promise<unknown>;

/** Every collector for a platform. Probe issues add theirs here. */
export function collectors(platform: 'linux' | 'win32' | 'darwin'): Collector[] {
  switch (platform) {
    case 'linux':
      return [];
    case 'win32':
      return [];
    default:
      return [];
  }
}
