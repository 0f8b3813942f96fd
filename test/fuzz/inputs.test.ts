import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleProperty, ipcProperty } from './support/properties';
import { cliProperty } from './support/cli-property';
import { bridgeProperty } from './support/bridge-property';
import type * as ContextModule from '../../electron/cli/context';
import type { ContextHolder } from './support/cli-property';

type CliContextModule = typeof ContextModule;
const holder = vi.hoisted((): ContextHolder => ({ make: null }));
vi.mock('../../electron/cli/context', async (importOriginal) => {
  const original = await importOriginal<CliContextModule>();
  return { ...original, createCliContext: (replay?: string) => (holder.make ? holder.make(replay) : original.createCliContext(replay)) };
});

// `npm run test:fuzz`: the properties of test/unit/electron/fuzz-inputs.test.ts, long. FUZZ_RUNS scales every run
// count (default 1: 20,000 requests, 5,000 over HTTP, 5,000 argv, 5,000 bundles); FUZZ_SEED replays a failure.
const scale = Number(process.env.FUZZ_RUNS ?? 1);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

describe.skipIf(!process.env.PD_FUZZ)('fuzz, long run: IPC/bridge requests, CLI argv, bundles (issue 11)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pd-fuzz-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('every channel with arbitrary and mutated requests', { timeout: 3600_000 }, async () => {
    const n = await ipcProperty(Math.round(20_000 * scale), dataDir, seed);
    process.stderr.write(`ipc: ${JSON.stringify(n)}\n`);
    expect(n.withCommands).toBeGreaterThan(0);
  });

  it('the bridge over HTTP', { timeout: 3600_000 }, async () => {
    const n = await bridgeProperty(Math.round(5_000 * scale), dataDir, seed);
    process.stderr.write(`bridge: ${JSON.stringify(n)}\n`);
    expect(n.withCommands).toBeGreaterThan(0);
  });

  it('random argv through the real program', { timeout: 3600_000 }, async () => {
    const n = await cliProperty(Math.round(5_000 * scale), holder, dataDir, seed);
    process.stderr.write(`cli: ${JSON.stringify(n)}\n`);
    expect(n.withCommands).toBeGreaterThan(0);
  });

  it('random and mutated bundles replayed', { timeout: 3600_000 }, async () => {
    const n = await bundleProperty(Math.round(5_000 * scale), dataDir, seed);
    process.stderr.write(`bundles: ${JSON.stringify(n)}\n`);
    expect(n.valid).toBeGreaterThan(0);
  });
});
