import { WINDOWS_SOURCES } from '../windows/sources';
import type { Collector } from './collector';
import type { CommandSpec } from '../../system/runner';

type SourceKey = keyof typeof WINDOWS_SOURCES;

/** Run the given sources in order; the recording runner keeps each output under its source id. */
const runAll =
  (keys: SourceKey[]): Collector =>
  async (runner) => {
    for (const key of keys) await runner.run(WINDOWS_SOURCES[key] as CommandSpec);
  };

/**
 * Windows probes' collectors: every source the Windows check reads, whatever the port and
 * protocol, so a bundle replays any check (the http.sys sources included, which a live check
 * reads only when PID 4 holds the port).
 */
export const windowsCollectors: Collector[] = [
  runAll(['oemCodePage', 'groups']),
  runAll(['excludedTcp', 'excludedTcp6', 'excludedUdp', 'dynamicTcp', 'dynamicUdp', 'portproxy']),
  runAll([
    'tcpListeners',
    'tcpConnections',
    'udpEndpoints',
    'processes',
    'services',
    'netstat',
    'tasklist',
    'httpServiceState',
    'httpUrlAcl',
  ]),
  runAll([
    'ipAddresses',
    'connectionProfiles',
    'adapters',
    'firewallProfiles',
    'firewallRules',
    'advfirewallProfiles',
    'advfirewallRules',
    'securityProducts',
    'wfpDrops',
    'wfpFilters',
  ]),
];
