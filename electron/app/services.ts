import { hostname, release, arch } from 'node:os';
import { join } from 'node:path';
import { homedir } from 'node:os';
import type { Bundle } from '../../shared/bundle/schema';
import type { Services } from '../system/services';
import { createLiveRunner } from '../system/run-command';
import { createReplayRunner } from '../system/recording';
import { APP_VERSION } from './version';

/** The app's data folder (audit log, state): per OS convention, overridable for tests. */
export function defaultDataDir(): string {
  if (process.env.PORTDOCTOR_DATA_DIR) return process.env.PORTDOCTOR_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.ProgramData ?? 'C:\\ProgramData', 'PortDoctor');
  if (process.getuid?.() === 0) return '/var/lib/portdoctor';
  return join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'portdoctor');
}

/** Build the services for live use on this machine, or for replaying a report bundle. */
export function createServices(options: { replay?: Bundle; dataDir?: string } = {}): Services {
  const platform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  return {
    runner: options.replay ? createReplayRunner(options.replay) : createLiveRunner(),
    platform: options.replay?.platform.os ?? platform,
    hostname: hostname(),
    release: release(),
    arch: arch(),
    appVersion: APP_VERSION,
    elevated: process.getuid ? process.getuid() === 0 : null,
    replay: options.replay ?? null,
    dataDir: options.dataDir ?? defaultDataDir(),
  };
}
