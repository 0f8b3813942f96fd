import type { Runner } from '../../system/runner';

/** One probe's way of reading all of its sources, for `collect`. */
export type Collector = (runner: Runner, target: { port?: number | undefined; protocol: 'tcp' | 'udp' }) => Promise<unknown>;
