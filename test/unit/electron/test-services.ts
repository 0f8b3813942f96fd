import { createReplayRunner } from '../../../electron/system/recording';
import type { Services } from '../../../electron/handlers/types';

/** Services that can run nothing: a replay runner over an empty bundle. */
export function testServices(overrides: Partial<Services> = {}): Services {
  return {
    runner: createReplayRunner({ sources: {} }),
    platform: 'linux',
    hostname: 'test-host',
    release: '6.0',
    arch: 'x64',
    appVersion: '0.0.0-test',
    elevated: false,
    replay: null,
    dataDir: '/nonexistent/portdoctor-test',
    ...overrides,
  };
}
