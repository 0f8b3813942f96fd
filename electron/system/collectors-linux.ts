import type { Collector } from './collector';

/** Linux probes' collectors (issue #3 adds them). */
export const linuxCollectors: Collector[] = [];
