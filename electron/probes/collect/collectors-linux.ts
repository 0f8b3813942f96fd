import { readFirewallReadings, readLinuxCheckFacts } from '../linux/check-facts';
import { readExpectedProcesses } from '../linux/processes';
import { readSockets } from '../linux/sockets';
import type { Collector } from './collector';

/**
 * Linux collectors: together they record every Linux source, so `check --replay` (with or without
 * `--expect`) judges a bundle as on the recording machine. The check's own reading records the socket
 * tables, owners, ss listeners, addresses, sysctls, counters, route, the v4 firewalls and Docker.
 */
export const linuxCollectors: Collector[] = [
  (runner, target) => readLinuxCheckFacts(runner, { port: target.port ?? 1, protocol: target.protocol }),
  (runner) => readFirewallReadings(runner, 6),
  // Any name: the walk records every process, and the replay filters by the name asked for then.
  (runner) => readExpectedProcesses(runner, 'any'),
  // Last, so the recorded owner map is the full one `ports` needs (the check's walk stops at the port's sockets).
  (runner) => readSockets(runner, { owners: true }),
];
