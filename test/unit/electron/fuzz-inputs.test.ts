import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleProperty, ipcProperty } from '../../fuzz/support/properties';
import { cliProperty } from '../../fuzz/support/cli-property';
import { bridgeProperty } from '../../fuzz/support/bridge-property';
import type * as ContextModule from '../../../electron/cli/context';
import type { ContextHolder } from '../../fuzz/support/cli-property';

type CliContextModule = typeof ContextModule;
const holder = vi.hoisted((): ContextHolder => ({ make: null }));
vi.mock('../../../electron/cli/context', async (importOriginal) => {
  const original = await importOriginal<CliContextModule>();
  return { ...original, createCliContext: (replay?: string) => (holder.make ? holder.make(replay) : original.createCliContext(replay)) };
});

// The small run of the property-based fuzz (issue 11): a few hundred cases in `npm test`; `npm run test:fuzz` runs
// the same properties long (test/fuzz/inputs.test.ts) on a new seed each run. A failure prints its seed and path:
// replay it with FUZZ_SEED. The small run keeps one seed: its not-vacuous bounds below (so many valid requests, so
// many that reached commands) are counts of what the generators drew, and on a random seed the bridge's count fell to
// the bound in one CI run of 6 Dec (5 of 150, bound > 5) with nothing wrong.
const SMALL_RUN_SEED = 20261206;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : SMALL_RUN_SEED;

describe('fuzz, small run: IPC/bridge requests, CLI argv, bundles (issue 11)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pd-fuzz-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it(
    'every channel: invalid requests run nothing and fail in one line; valid ones reach the handler as validated, with no crash',
    { timeout: 60_000 },
    async () => {
      const n = await ipcProperty(300, dataDir, seed);
      // Not vacuous: many requests were valid and reached handlers that asked for commands.
      expect(n.valid).toBeGreaterThan(50);
      expect(n.withCommands).toBeGreaterThan(10);
    },
  );

  it(
    'the bridge over HTTP: arbitrary channels, targets and bodies; never a 500, refused requests run nothing',
    { timeout: 60_000 },
    async () => {
      const n = await bridgeProperty(150, dataDir, seed);
      expect(n.valid).toBeGreaterThan(20);
      expect(n.withCommands).toBeGreaterThan(5);
    },
  );

  it('random argv: no crash, one-line errors, commands only with validated values', { timeout: 60_000 }, async () => {
    const n = await cliProperty(200, holder, dataDir, seed);
    expect(n.valid).toBeGreaterThan(10);
    expect(n.withCommands).toBeGreaterThan(5);
  });

  it(
    'random and mutated bundles: parsed or refused in one line; replayed check, ports, status and plan never throw',
    { timeout: 60_000 },
    async () => {
      const n = await bundleProperty(100, dataDir, seed);
      expect(n.valid).toBeGreaterThan(30);
      expect(n.withCommands).toBeGreaterThan(10);
    },
  );
});
