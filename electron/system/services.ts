import type { Bundle } from '../../shared/bundle/schema';
import type { Runner } from './runner';

/** What handlers depend on, passed in (never imported) so tests and replays swap any part. */
export interface Services {
  runner: Runner;
  platform: 'linux' | 'win32' | 'darwin';
  hostname: string;
  release: string;
  arch: string;
  appVersion: string;
  /** Whether we run with administrator/root rights; null when it cannot be told. */
  elevated: boolean | null;
  /** The report being replayed, if any: nothing then runs on this machine. */
  replay: Bundle | null;
  /** Where the app keeps its audit log and state. */
  dataDir: string;
}
