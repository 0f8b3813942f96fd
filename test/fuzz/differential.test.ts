import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from '../lab/harness';
import { keepHostFirewallUnchanged } from '../lab/support/host-guard';
import { runDifferential } from '../lab/differential/run';
import { summary } from '../lab/differential/summary';

// `npm run test:fuzz`: the differential test at scale (FUZZ_RULESETS random rulesets, default 1000; FUZZ_SEED;
// FUZZ_PAIRS namespace pairs probing in parallel). Figures and every disagreement go to test-results/.
const COUNT = Number(process.env.FUZZ_RULESETS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const PAIRS = Number(process.env.FUZZ_PAIRS ?? 3);

describe.skipIf(!labAvailable() || !process.env.PD_FUZZ)('fuzz: evaluators against the kernel on random rulesets', () => {
  keepHostFirewallUnchanged();

  it(`${COUNT} rulesets`, { timeout: 6 * 3600_000 }, async () => {
    const figures = await withLab({ prefix: 'pdf-', name: 'fuzz' }, (lab) =>
      runDifferential(lab, {
        seed: SEED,
        count: COUNT,
        pairs: PAIRS,
        onProgress: (f) => process.stderr.write(`${JSON.stringify(summary(f))}\n`),
      }),
    );
    mkdirSync('test-results', { recursive: true });
    writeFileSync(
      'test-results/differential.json',
      JSON.stringify({ seed: SEED, summary: summary(figures), findings: figures.findings, toolErrors: figures.toolErrors }, null, 1),
    );
    process.stderr.write(`${JSON.stringify(summary(figures), null, 1)}\n`);
    expect(figures.wrongOk).toBe(0);
  });
});
