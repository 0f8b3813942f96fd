import { CHANNELS, isChannel } from '../../shared/ipc/channels';
import type { Envelope } from '../../shared/ipc/envelope';
import type { CallChannel, StreamChannel } from '../../shared/ipc/channels';
import { contract } from '../../shared/ipc/contract';
import type { HandlerTable, Services } from '../handlers/types';

/** Log of rejected requests, by channel (the door and the bridge both report here). */
export type RejectLog = (channel: string, why: string) => void;

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return (
    error.issues
      .slice(0, 3)
      // Cut: a key or message may carry what the sender chose, and a rejected 100 kB value is not echoed back.
      .map((i) => `${i.path.map((p) => String(p).slice(0, 40)).join('.') || '(request)'}: ${i.message.slice(0, 200)}`)
      .join('; ')
  );
}

/** Validate a request against the contract; every transport calls this before a handler sees anything. */
export function parseRequest(
  channel: string,
  raw: unknown,
): { ok: true; channel: CallChannel | StreamChannel; request: unknown } | { ok: false; error: string } {
  if (!isChannel(channel)) return { ok: false, error: `unknown channel ${JSON.stringify(channel).slice(0, 80)}` };
  const parsed = contract[channel].request.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: `invalid request for ${channel}: ${describeIssues(parsed.error)}` };
  return { ok: true, channel, request: parsed.data };
}

/** Run a call channel's handler with a validated request. Handler bugs become an error envelope, not a crash. */
export async function dispatchCall(
  table: HandlerTable,
  services: Services,
  channel: string,
  raw: unknown,
  signal: AbortSignal,
  log: RejectLog,
): Promise<Envelope> {
  const parsed = parseRequest(channel, raw);
  if (!parsed.ok) {
    log(channel, parsed.error);
    return parsed;
  }
  if (CHANNELS[parsed.channel] !== 'call') return { ok: false, error: `${channel} is a stream; subscribe to it` };
  const handler = table[parsed.channel as CallChannel] as (
    req: unknown,
    ctx: { services: Services; signal: AbortSignal },
  ) => Promise<unknown>;
  try {
    return { ok: true, value: await handler(parsed.request, { services, signal }) };
  } catch (e) {
    return { ok: false, error: `${channel} failed: ${(e as Error).message}` };
  }
}

/** Start a stream channel's handler; `send` receives each message and finally `done` or `error`. */
export async function dispatchStream(
  table: HandlerTable,
  services: Services,
  channel: string,
  raw: unknown,
  signal: AbortSignal,
  send: (message: unknown) => void,
  log: RejectLog,
): Promise<Envelope<null>> {
  const parsed = parseRequest(channel, raw);
  if (!parsed.ok) {
    log(channel, parsed.error);
    return parsed;
  }
  if (CHANNELS[parsed.channel] !== 'stream') return { ok: false, error: `${channel} is a call, not a stream` };
  const handler = table[parsed.channel as StreamChannel] as (req: unknown, ctx: unknown) => Promise<unknown>;
  const ctx = { services, signal, emit: (event: unknown) => signal.aborted || send({ type: 'event', event }) };
  handler(parsed.request, ctx).then(
    (result) => send({ type: 'done', result }),
    (e: unknown) => send({ type: 'error', message: `${channel} failed: ${(e as Error).message}` }),
  );
  return { ok: true, value: null };
}
