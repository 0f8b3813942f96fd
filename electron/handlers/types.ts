import type { Bundle } from '../../shared/bundle/schema';
import type { CallChannel, StreamChannel } from '../../shared/ipc/channels';
import type { EventOf, ParsedRequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { Runner } from '../system/runner';

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

export interface CallContext {
  services: Services;
  signal: AbortSignal;
}

export interface StreamContext<C extends StreamChannel> extends CallContext {
  emit(event: EventOf<C>): void;
}

export type CallHandler<C extends CallChannel> = (request: ParsedRequestOf<C>, ctx: CallContext) => Promise<ResponseOf<C>>;
export type StreamHandler<C extends StreamChannel> = (request: ParsedRequestOf<C>, ctx: StreamContext<C>) => Promise<ResponseOf<C>>;

/** The handler table: defined once, served by Electron IPC, the loopback bridge, and called by the CLI. */
export type HandlerTable = { [C in CallChannel]: CallHandler<C> } & { [C in StreamChannel]: StreamHandler<C> };
