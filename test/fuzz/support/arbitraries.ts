import fc from 'fast-check';
import { CHANNELS } from '../../../shared/ipc/channels';
import type { Channel } from '../../../shared/ipc/channels';

/** Strings an attacker or a broken client sends: escapes, forged lines, shell and option injection, pollution keys, huge. */
export const HOSTILE_STRINGS = [
  '__proto__',
  'constructor',
  'prototype',
  '\u001b[2J\u001b]0;pwn\u0007',
  '\n[ok] fixed',
  '$(touch /tmp/pd-fuzz-pwned)',
  '`id`',
  '; rm -rf /',
  '| sh',
  '-oProxyCommand=sh',
  '--help',
  '../../../../etc/passwd',
  '%',
  '%zz',
  '\u0000',
  '\ud800',
  '\u202e',
  '0x50',
  '1e3',
  '-1',
  '65536',
  '::ffff:10.0.0.1',
  '10.0.0.0/33',
  'localhost',
  'fix-0123456789ab',
  'plan-0123456789ab',
  'A'.repeat(100_000),
];

/** Keys a request may carry besides its own: pollution keys and fields handlers read elsewhere. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'file',
  'args',
  'argv',
  'command',
  'runner',
  'replay',
  'dataDir',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 8 })).map(([a, b]) => a + b) },
);

const key: fc.Arbitrary<string> = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE_KEYS));

/** Any JSON value (as a transport delivers it: parsed from text), with hostile strings and keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc
  .letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      hostileString,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    ),
  }))
  .value.map((v) => viaJson(v));

/** What a JSON transport would hand over: `__proto__` stays an own key, as JSON.parse makes it. */
export function viaJson(v: unknown): unknown {
  const text = JSON.stringify(v);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

/** A valid request per channel: the start of mutated ones (so validation is passed often, not only failed). A channel missing here starts from `{}`. */
export const VALID: Partial<Record<Channel, Record<string, unknown>>> = {
  'system:info': {},
  'ports:list': { owners: true },
  'diagnose:check-port': { port: 8080, protocol: 'tcp', expect: 'nginx', source: '10.1.2.3' },
  'diagnose:probe': { host: '127.0.0.1', port: 9, timeoutMs: 100 },
  'diagnose:run': { port: 8080 },
  'capture:watch': { port: 8080, seconds: 1 },
  'firewall:status': { port: 8080 },
  'firewall:plan-fix': { port: 8080, protocol: 'tcp', source: '10.1.2.0/24', persist: false },
  'firewall:apply-fix': { planId: 'plan-0123456789ab', confirmed: true },
  'firewall:undo-fix': { id: 'fix-0123456789ab' },
  'firewall:verify-fix': { id: 'fix-0123456789ab' },
  'firewall:list-fixes': {},
  'reports:collect': { port: 8080 },
  'reports:open': { text: '{}' },
  'remote:diagnose': { port: 8080 },
  'remote:plan-fix': { port: 8080 },
  'remote:apply-fix': { port: 8080, confirmed: true },
  'remote:undo-fix': { id: 'fix-0123456789ab' },
};

const channel = fc.constantFrom(...(Object.keys(CHANNELS) as Channel[]));

/** One change to a request: a field set to anything, a field removed, an extra hostile key. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key, value: hostileJson }),
  fc.record({ op: fc.constant('drop' as const), key }),
);

/** A channel and a request for it: a valid one mutated 0–3 times (keys of its own or hostile), or any JSON at all. */
export const channelRequest: fc.Arbitrary<{ channel: Channel; request: unknown }> = channel.chain((c) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(fc.array(mutation, { maxLength: 3 }), fc.subarray(Object.keys(VALID[c] ?? {}))).map(([ms, own]) => {
        const out: Record<string, unknown> = { ...(VALID[c] ?? {}) };
        for (const [i, m] of ms.entries()) {
          const k = own[i] ?? m.key;
          if (m.op === 'drop') delete out[k];
          else Object.defineProperty(out, k, { value: m.value, enumerable: true, writable: true, configurable: true });
        }
        return { channel: c, request: viaJson(out) };
      }),
    },
    { weight: 1, arbitrary: hostileJson.map((request) => ({ channel: c, request })) },
  ),
);
