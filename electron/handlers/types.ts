import type { CallChannel, StreamChannel } from '../../shared/ipc/channels';
import type { EventOf, ParsedRequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { Services } from '../system/services';

/** What handlers depend on (defined in electron/system/services.ts, below every layer that passes it). */
export type { Services };

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
