import { CHANNELS, splitChannel } from './channels';
import type { CallChannel, Channel, DomainOf, MethodOf, StreamChannel } from './channels';
import type { EventOf, RequestOf, ResponseOf } from './contract';

/** What a stream subscriber receives: progress events, then exactly one `done` (or `error`). */
export type StreamMessage<C extends StreamChannel> =
  { type: 'event'; event: EventOf<C> } | { type: 'done'; result: ResponseOf<C> } | { type: 'error'; message: string };

export type Unsubscribe = () => void;

type CallMethod<C extends CallChannel> = (request: RequestOf<C>, options?: { signal?: AbortSignal }) => Promise<ResponseOf<C>>;
type StreamMethod<C extends StreamChannel> = (request: RequestOf<C>, onMessage: (message: StreamMessage<C>) => void) => Unsubscribe;
type MethodFor<C extends Channel> = C extends CallChannel ? CallMethod<C> : C extends StreamChannel ? StreamMethod<C> : never;

/** `window.portDoctor`: named methods per domain, derived from the contract (`api.diagnose.checkPort(...)`). */
export type PortDoctorApi = {
  [D in DomainOf<Channel>]: { [C in Channel as DomainOf<C> extends D ? MethodOf<C> : never]: MethodFor<C> };
};

/** How an API object reaches the handlers: Electron IPC (preload) or the loopback bridge (HTTP). */
export interface Transport {
  call(channel: CallChannel, request: unknown, signal?: AbortSignal): Promise<unknown>;
  subscribe(channel: StreamChannel, request: unknown, onMessage: (message: unknown) => void): Unsubscribe;
}

/** Build the typed API over a transport; the same shape whichever transport carries it. */
export function createApi(transport: Transport): PortDoctorApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [channel, kind] of Object.entries(CHANNELS)) {
    const [domain, method] = splitChannel(channel);
    const target = (api[domain] ??= {});
    target[method] =
      kind === 'call'
        ? (request: unknown, options?: { signal?: AbortSignal }) => transport.call(channel as CallChannel, request, options?.signal)
        : (request: unknown, onMessage: (m: unknown) => void) => transport.subscribe(channel as StreamChannel, request, onMessage);
  }
  return api as unknown as PortDoctorApi;
}
