import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createServices } from '../../../electron/app/services';
import { formatCheckText } from '../../../electron/cli/format-check';
import { dispatchCall, dispatchStream } from '../../../electron/ipc/dispatch';
import { parseBundleText } from '../../../shared/bundle/schema';
import { CHANNELS } from '../../../shared/ipc/channels';
import { contract } from '../../../shared/ipc/contract';
import { formatSummaryHtml, formatSummaryMarkdown } from '../../../shared/report/format-summary';
import type { CheckReport } from '../../../shared/schemas/report';
import { channelRequest, hostileJson, hostileString } from './arbitraries';
import { leaves, RecordingHarness } from './recording';
import type { RecordedCall } from './recording';

// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** An error as a person or a client sees it: one line, of bounded length. */
export function expectOneLine(message: string, what: string): void {
  expect(message.includes('\n'), `${what}: ${message.slice(0, 200)}`).toBe(false);
  expect(message.length, what).toBeLessThan(1200);
}

/**
 * No value the validation did not keep reaches a command: every string of the raw input (6+ characters) that is
 * not among, or inside, the validated values is absent from every recorded argv.
 */
export function expectOnlyValidatedValues(raw: unknown, calls: readonly RecordedCall[]): void {
  const rawLeaves = [...new Set(leaves(raw).filter((s) => s.length >= 6))];
  for (const call of calls) {
    expect(call.validated, `a command outside any validated handler call: ${call.argv.join(' ').slice(0, 200)}`).not.toBeNull();
    const validated = call.validated ?? [];
    const unvalidated = rawLeaves.filter((s) => !validated.some((v) => v.includes(s)));
    for (const s of unvalidated)
      for (const a of call.argv) expect(a.includes(s), `unvalidated ${JSON.stringify(s.slice(0, 60))} in ${a.slice(0, 200)}`).toBe(false);
  }
}

/** How many runs reached a handler with a valid input, and how many of those asked the runner for a command. */
export interface FuzzCounts {
  runs: number;
  valid: number;
  withCommands: number;
}

/** Every channel (IPC door, bridge and CLI all dispatch here) with arbitrary and mutated requests. */
export async function ipcProperty(numRuns: number, dataDir: string, seed?: number): Promise<FuzzCounts> {
  const counts: FuzzCounts = { runs: 0, valid: 0, withCommands: 0 };
  await fc.assert(
    fc.asyncProperty(channelRequest, fc.boolean(), async ({ channel, request }, emptyOk) => {
      const harness = new RecordingHarness(emptyOk);
      const { table, invoked } = harness.table();
      const services = harness.services({ dataDir });
      const expected = contract[channel].request.safeParse(request ?? {});
      counts.runs++;
      const rejects: string[] = [];
      const signal = new AbortController().signal;
      const log = (_c: string, why: string) => void rejects.push(why);
      const envelope =
        CHANNELS[channel] === 'call'
          ? await dispatchCall(table, services, channel, request, signal, log)
          : await dispatchStream(table, services, channel, request, signal, () => undefined, log);
      if (!expected.success) {
        expect(envelope.ok).toBe(false);
        if (!envelope.ok) expectOneLine(envelope.error, channel);
        expect(invoked).toEqual([]);
        expect(harness.calls).toEqual([]);
        return;
      }
      // Valid: the handler ran once with exactly the validated request, and did not throw.
      counts.valid++;
      if (harness.calls.length > 0) counts.withCommands++;
      expect(invoked.map((i) => i.channel)).toEqual([channel]);
      expect(invoked[0]?.request).toEqual(expected.data);
      if (!envelope.ok) expect.fail(`${channel} threw on a valid request: ${envelope.error.slice(0, 300)}`);
      expectOnlyValidatedValues(request, harness.calls);
    }),
    { numRuns, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
  );
  return counts;
}

// The recorded Linux bundles and the Windows ones (netsh tables, GBK bytes, PowerShell JSON).
const FIXTURES = ['test/unit/electron/probes/linux/fixtures', 'test/fixtures/windows-bundles'];

let fixtures: string[] | null = null;

/** The recorded bundles the mutations start from (read once). */
export function fixtureBundles(): string[] {
  fixtures ??= FIXTURES.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.portdoctor.json'))
      .map((f) => readFileSync(join(dir, f), 'utf8')),
  );
  return fixtures;
}

/** In a JSON output (nft -j, ip -j, PowerShell): the n-th value replaced by any JSON value; other text unchanged. */
function replaceJsonNode(text: string, n: number, value: unknown): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text;
  }
  let i = 0;
  const walk = (v: unknown): unknown => {
    if (i++ === n) return value;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const root = walk(json);
  return JSON.stringify(i > 0 ? root : value);
}

/** One change to a recorded output: replaced, a line dropped/doubled, hostile text inserted, cut short, a character changed, a JSON value swapped. */
const outputMutation = fc.oneof(
  fc.tuple(fc.nat({ max: 400 }), hostileJson).map(
    ([n, v]) =>
      (t: string) =>
        replaceJsonNode(t, n, v),
  ),
  hostileString.map((s) => () => s),
  fc.nat().map(
    (n) => (t: string) =>
      t
        .split('\n')
        .filter((_, i, a) => i !== n % Math.max(1, a.length))
        .join('\n'),
  ),
  fc.nat().map(
    (n) => (t: string) =>
      t
        .split('\n')
        .flatMap((l, i, a) => (i === n % Math.max(1, a.length) ? [l, l] : [l]))
        .join('\n'),
  ),
  fc.tuple(fc.nat(), hostileString).map(
    ([n, s]) =>
      (t: string) =>
        `${t.slice(0, n % (t.length + 1))}${s}${t.slice(n % (t.length + 1))}`,
  ),
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  fc.tuple(fc.nat(), fc.constantFrom('9', '-1', '99999999999999999999', '"', '{', ' ', '\n', 'x', '\u0000')).map(
    ([n, c]) =>
      (t: string) =>
        `${t.slice(0, n % (t.length + 1))}${c}${t.slice((n % (t.length + 1)) + 1)}`,
  ),
);

/** A bundle text: a fixture with 1–4 of its outputs mutated, a fixture cut or changed as text, or any text. */
export const bundleText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(fc.nat(), fc.array(fc.tuple(fc.nat(), outputMutation), { minLength: 1, maxLength: 4 })).map(([f, ms]) => {
      const all = fixtureBundles();
      const b = JSON.parse(all[f % all.length] ?? '{}') as { sources: Record<string, { stdout?: { data: string } }> };
      const ids = Object.keys(b.sources);
      for (const [n, m] of ms) {
        const s = b.sources[ids[n % ids.length] ?? ''];
        if (s?.stdout) s.stdout.data = m(s.stdout.data);
      }
      return JSON.stringify(b);
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(), outputMutation).map(([f, m]) => {
      const all = fixtureBundles();
      return m(all[f % all.length] ?? '');
    }),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

/** Random and mutated bundles: parsed without a crash, and when valid replayed through check, ports, status and a plan. */
export async function bundleProperty(numRuns: number, dataDir: string, seed?: number): Promise<FuzzCounts> {
  const counts: FuzzCounts = { runs: 0, valid: 0, withCommands: 0 };
  await fc.assert(
    fc.asyncProperty(bundleText, fc.integer({ min: 1, max: 65535 }), async (text, port) => {
      counts.runs++;
      const parsed = parseBundleText(text);
      if (!parsed.ok) return expectOneLine(parsed.error, 'bundle');
      counts.valid++;
      const services = createServices({ replay: parsed.bundle, dataDir });
      const harness = new RecordingHarness();
      const { table } = harness.table();
      const signal = new AbortController().signal;
      const target = parsed.bundle.target?.port ?? port;
      for (const [channel, request] of [
        ['diagnose:check-port', { port: target }],
        ['ports:list', { owners: true }],
        ['firewall:status', { port: target }],
        ['firewall:plan-fix', { port: target, source: '10.9.8.7' }],
      ] as const) {
        const envelope = await dispatchCall(table, services, channel, request, signal, () => undefined);
        if (!envelope.ok) expect.fail(`${channel} threw on a replayed bundle: ${envelope.error.slice(0, 300)}`);
        const value = envelope.value as { kind: string; data?: unknown };
        if (channel === 'diagnose:check-port' && value.kind === 'ok') {
          const report = value.data as CheckReport;
          for (const out of [formatCheckText(report), formatSummaryMarkdown(report), formatSummaryHtml(report)])
            expect(RAW_CONTROL.test(out.replace(/[\n\t]/g, ''))).toBe(false);
          counts.withCommands++;
        }
      }
    }),
    { numRuns, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
  );
  return counts;
}
