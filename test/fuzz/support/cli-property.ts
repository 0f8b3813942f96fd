import fc from 'fast-check';
import { expect } from 'vitest';
import { createServices } from '../../../electron/app/services';
import { readBundleFile } from '../../../electron/cli/context';
import type { CliContext } from '../../../electron/cli/context';
import { runCli } from '../../../electron/cli/program';
import { hostileString } from './arbitraries';
import { expectOnlyValidatedValues } from './properties';
import type { FuzzCounts } from './properties';
import { RecordingHarness } from './recording';

/** Where the test's mock of `createCliContext` gets its context: set per run to a fresh recording harness. */
export interface ContextHolder {
  make: ((replay?: string) => Promise<{ ok: true; ctx: CliContext } | { ok: false; error: string }>) | null;
}

const FIXTURE = 'test/unit/electron/probes/linux/fixtures/nft-reject.portdoctor.json';
const PORTS = ['8080', '80', '22', '1', '65535', '0', '65536', '08080', '0x50'];
const CIDRS = ['10.0.0.0/8', '10.1.2.3', '::ffff:10.0.0.1', '2001:db8::/32', '10.0.0.0/33'];
const FLAG = null;
/** Each command's positional values and options (an option's values, or FLAG for a switch): mostly valid invocations. */
const SPEC: Record<string, { positional: string[]; options: Record<string, string[] | null> }> = {
  check: {
    positional: PORTS,
    options: {
      '--protocol': ['tcp', 'udp'],
      '--source': CIDRS,
      '--expect': ['nginx', 'svc-web', 'a b'],
      '--json': FLAG,
      '--lang': ['en', 'zh-CN'],
      '--replay': [FIXTURE],
    },
  },
  ports: { positional: [], options: { '--json': FLAG, '--replay': [FIXTURE] } },
  fix: {
    positional: PORTS,
    options: {
      '--protocol': ['tcp', 'udp'],
      '--source': CIDRS,
      '--dry-run': FLAG,
      '--yes': FLAG,
      '--undo': ['fix-0123456789ab', 'FIX_1'],
      '--no-persist': FLAG,
      '--profile': ['public', 'domain'],
      '--json': FLAG,
      '--replay': [FIXTURE],
    },
  },
  collect: { positional: [], options: { '--port': PORTS, '--json': FLAG, '--replay': [FIXTURE] } },
  probe: {
    positional: ['127.0.0.1:9', 'example.invalid:80', '[::1]:80', 'host:0'],
    options: { '--timeout': ['100', '0'], '--tls': FLAG, '--http': FLAG, '--json': FLAG },
  },
  diagnose: {
    positional: PORTS,
    options: { '--source': CIDRS, '--expect': ['nginx'], '--json': FLAG, '--client-report': [FIXTURE], '--replay': [FIXTURE] },
  },
  watch: { positional: PORTS, options: { '--seconds': ['1', '0', '601'], '--stand-in': FLAG, '--json': FLAG } },
  report: { positional: [], options: { '--merge': [FIXTURE, 'here=/nonexistent/check.json'], '--json': FLAG } },
  help: { positional: ['check', 'fix'], options: {} },
};
const COMMANDS = Object.keys(SPEC);
const OPTIONS = [...new Set(Object.values(SPEC).flatMap((c) => Object.keys(c.options)))];
// What the CLI fuzz leaves out: commands and options that listen, connect over SSH or write files (tested on their own).
const EXCLUDED = /^(web|--ssh|--md|--html|--out|--known-hosts|--identity)(=|$)/;

/** A value: one the command expects (weight 4) or a hostile one. */
const valueOf = (values: string[]) =>
  values.length > 0
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: hostileString })
    : hostileString;

/** argv after the program name: a command, its positional value, some of its options with values; hostile text among them. */
export const cliArgv: fc.Arbitrary<string[]> = fc
  .oneof({ weight: 12, arbitrary: fc.constantFrom(...COMMANDS) }, { weight: 1, arbitrary: hostileString })
  .chain((c) => {
    const spec = Object.hasOwn(SPEC, c) ? (SPEC[c] ?? { positional: [], options: {} }) : { positional: [], options: {} };
    const option: fc.Arbitrary<string[]> = fc.constantFrom(...Object.keys(spec.options), ...OPTIONS.slice(0, 2)).chain((o) => {
      const values = spec.options[o];
      if (values === null) return fc.constant([o]);
      return fc.oneof(
        { weight: 5, arbitrary: valueOf(values ?? []).map((v) => [o, v]) },
        { weight: 1, arbitrary: valueOf(values ?? []).map((v) => [`${o}=${v}`]) },
      );
    });
    const first: fc.Arbitrary<string | null> =
      spec.positional.length > 0 ? fc.option(valueOf(spec.positional), { freq: 6 }) : fc.constant(null);
    return fc.tuple(fc.constant(c), first, fc.array(option, { maxLength: 4 }), fc.array(hostileString, { maxLength: 1 }));
  })
  .map(([c, first, options, extra]: [string, string | null, string[][], string[]]) =>
    [c, ...(first === null ? [] : [first]), ...options.flat(), ...extra].filter((t) => !EXCLUDED.test(t)),
  );

/**
 * Random argv through the real program: it never throws or reports an internal error, exits 0/1/2, every line on
 * stderr is a `portdoctor …` message of one line, and commands are asked for only inside a handler that received a
 * validated request, with no argument value the validation did not keep.
 */
export async function cliProperty(numRuns: number, holder: ContextHolder, dataDir: string, seed?: number): Promise<FuzzCounts> {
  const counts: FuzzCounts = { runs: 0, valid: 0, withCommands: 0 };
  await fc.assert(
    fc.asyncProperty(cliArgv, async (argv) => {
      counts.runs++;
      const harness = new RecordingHarness(true);
      holder.make = async (replay) => {
        const { table } = harness.table();
        if (replay === undefined) return { ok: true, ctx: { table, services: harness.services({ dataDir }) } };
        const read = await readBundleFile(replay);
        return read.ok ? { ok: true, ctx: { table, services: createServices({ replay: read.bundle, dataDir }) } } : read;
      };
      let out = '';
      let err = '';
      const code = await runCli(argv, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) });
      expect([0, 1, 2]).toContain(code);
      expect(err).not.toContain('internal error');
      // stderr is one-line messages, or commander's help text (`help <unknown>` prints the program's help there).
      const lines = err.split('\n').filter((l) => l.trim() !== '');
      if (!lines[0]?.startsWith('Usage: portdoctor'))
        for (const line of lines) expect(line, argv.join(' ').slice(0, 200)).toMatch(/^(portdoctor|capturing port )/);
      expect(out.length + err.length).toBeLessThan(2_000_000);
      expectOnlyValidatedValues(
        argv.filter((t) => !OPTIONS.includes(t) && !COMMANDS.includes(t)),
        harness.calls,
      );
      if (code !== 2) counts.valid++;
      if (harness.calls.length > 0) counts.withCommands++;
    }),
    { numRuns, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
  );
  return counts;
}
