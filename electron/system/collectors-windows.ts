import type { Collector } from './collector';

/** Windows probes' collectors (issue #5 adds them). */
export const windowsCollectors: Collector[] = [];
