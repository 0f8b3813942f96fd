import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from '../lab/harness';
import { keepHostFirewallUnchanged } from '../lab/support/host-guard';
import { runFrontends } from '../lab/differential/frontends';
import { summary } from '../lab/differential/summary';

// `npm run test:fuzz`: the differential test through real ufw and firewalld (FUZZ_FRONTENDS cases of each, default
// 150; FUZZ_SEED). Ground truth: rule counters (ufw) and `nft monitor trace` (firewalld writes no counters).
const COUNT = Number(process.env.FUZZ_FRONTENDS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);

describe.skipIf(!labAvailable() || !process.env.PD_FUZZ)('fuzz: evaluators against the kernel through ufw and firewalld', () => {
  keepHostFirewallUnchanged();

  it.each(['ufw', 'firewalld'] as const)(`${COUNT} %s configurations`, { timeout: 4 * 3600_000 }, async (kind) => {
    const figures = await withLab({ prefix: 'pdf-', name: kind }, (lab) => runFrontends(lab, { kind, seed: SEED, count: COUNT, pair: 6 }));
    mkdirSync('test-results', { recursive: true });
    writeFileSync(
      `test-results/differential-${kind}.json`,
      JSON.stringify({ seed: SEED, summary: summary(figures), findings: figures.findings, toolErrors: figures.toolErrors }, null, 1),
    );
    process.stderr.write(`${kind} ${JSON.stringify(summary(figures), null, 1)}\n`);
    expect(figures.wrongOk).toBe(0);
  });
});
