/**
 * Every channel and whether it is a call (one answer) or a stream (events, then one final answer).
 * Kept free of zod so the sandboxed preload can import it cheaply; `contract.ts` gives each its schemas.
 * Names are `<domain>:<verb-noun>`; the API method is the camel-cased verb-noun under its domain.
 */
export const CHANNELS = {
  'system:info': 'call',
  'ports:list': 'call',
  'ports:close-connection': 'call',
  'ports:end-process': 'call',
  'ports:resolve-names': 'call',
  'diagnose:check-port': 'call',
  'diagnose:probe': 'call',
  'diagnose:run': 'stream',
  'capture:watch': 'stream',
  'firewall:status': 'call',
  'firewall:plan-fix': 'call',
  'firewall:apply-fix': 'call',
  'firewall:undo-fix': 'call',
  'firewall:list-fixes': 'call',
  'firewall:verify-fix': 'call',
  'firewall:plan-wfp-audit': 'call',
  'firewall:wfp-audit': 'stream',
  'firewall:end-wfp-audit': 'call',
  'reports:collect': 'call',
  'reports:open': 'call',
  'remote:diagnose': 'stream',
  'remote:plan-fix': 'call',
  'remote:apply-fix': 'call',
  'remote:undo-fix': 'call',
  'remote:verify-fix': 'call',
} as const;

export type Channel = keyof typeof CHANNELS;
export type CallChannel = { [C in Channel]: (typeof CHANNELS)[C] extends 'call' ? C : never }[Channel];
export type StreamChannel = { [C in Channel]: (typeof CHANNELS)[C] extends 'stream' ? C : never }[Channel];

/** Internal channels used by the transports themselves (cancel a call or stream, deliver stream events). */
export const CANCEL_CHANNEL = 'pd:cancel';
export const STREAM_EVENT_CHANNEL = 'pd:stream-event';

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
export type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
export type MethodOf<C extends string> = C extends `${string}:${infer M}` ? CamelCase<M> : never;

/** `diagnose:check-port` → `['diagnose', 'checkPort']`. */
export function splitChannel(channel: string): [string, string] {
  const [domain = '', verb = ''] = channel.split(':');
  return [domain, verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(CHANNELS, name);
}
