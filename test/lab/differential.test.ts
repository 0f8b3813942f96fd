import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import { keepHostFirewallUnchanged } from './support/host-guard';
import { CLASS_CASES } from './differential/classes';
import { compare, judge, packetFor } from './differential/compare';
import { createPair } from './differential/rig';
import { runFrontends } from './differential/frontends';
import { runDifferential } from './differential/run';
import { summary } from './differential/summary';
import { applyCase, countersOf, readListings } from './differential/truth';

const FIXTURES = fileURLToPath(new URL('../fixtures/linux/differential/', import.meta.url));

// The differential test's CI smoke: a short seeded run of random rulesets, and every disagreement class found at
// scale (`npm run test:fuzz`), each compared with what the kernel really did to a SYN.
describe.skipIf(!labAvailable())('lab: evaluators agree with the kernel', () => {
  keepHostFirewallUnchanged();

  it('a seeded smoke of 30 random rulesets: no wrong ok, causes and deciding rules agree', async () => {
    const f = await withLab({ prefix: 'pdl-', name: 'diff' }, (lab) => runDifferential(lab, { seed: 17, count: 30, pairs: 3 }));
    const s = summary(f);
    expect(f.rulesets, JSON.stringify(s)).toBe(30);
    expect(f.toolErrors, JSON.stringify(f.toolErrors)).toEqual([]);
    expect(f.wrongOk, JSON.stringify(f.findings.slice(0, 3), null, 1)).toBe(0);
    expect(f.causeAgree + f.unknown, JSON.stringify(s)).toBe(f.probes);
    expect(f.blocked.ruleAgree, JSON.stringify(s)).toBe(f.blocked.judged);
    expect(f.accepted.ruleAgree / Math.max(1, f.accepted.judged), JSON.stringify(s)).toBeGreaterThanOrEqual(0.95);
  });

  it.each(['ufw', 'firewalld'] as const)(
    'a seeded smoke through real %s: verdicts and deciding rules agree',
    { timeout: 300_000 },
    async (kind) => {
      const f = await withLab({ prefix: 'pdl-', name: kind }, (lab) => runFrontends(lab, { kind, seed: 29, count: 6, pair: 4 }));
      const s = summary(f);
      expect(f.rulesets, JSON.stringify(f.toolErrors)).toBe(6);
      expect(f.wrongOk, JSON.stringify(f.findings.slice(0, 3), null, 1)).toBe(0);
      expect(f.causeAgree, JSON.stringify(s)).toBe(f.probes);
      expect(f.blocked.ruleAgree + f.accepted.ruleAgree, JSON.stringify(s)).toBe(f.blocked.judged + f.accepted.judged);
      expect(f.blocked.judged + f.accepted.judged, JSON.stringify(s)).toBeGreaterThan(0);
    },
  );

  it('every disagreement class: the verdict and its rule match the kernel', async () => {
    await withLab({ prefix: 'pdl-', name: 'classes' }, async (lab) => {
      const pair = await createPair(lab, 9);
      const capture = process.env.PD_CAPTURE === '1';
      if (capture) mkdirSync(FIXTURES, { recursive: true });
      let sport = 30000;
      for (const [i, c] of CLASS_CASES.entries()) {
        await applyCase(lab, pair.srv, c.ruleset(pair.net));
        const before = await readListings(lab, pair.srv);
        const probe = { src: pair.net.cliAddrs[c.src ?? 0] ?? '', dst: pair.net.srvAddrs[0], dport: c.dport, sport: sport++ };
        const kernel = await pair.probe(probe, 1000);
        const after = await readListings(lab, pair.srv);
        const packet = packetFor(pair.net, probe);
        const cmp = compare(judge(after, packet), kernel, countersOf(before).counted, countersOf(after).counted);
        if (capture) {
          const file = `${FIXTURES}${String(i + 1).padStart(2, '0')}-finding-${c.finding}.json`;
          writeFileSync(
            file,
            `${JSON.stringify({ name: c.name, finding: c.finding, packet, listings: after, kernel, counted: cmp.counted }, null, 1)}\n`,
          );
        }
        expect({ name: c.name, said: cmp.said.decision, rule: cmp.ruleAgrees }).toEqual({ name: c.name, said: kernel.outcome, rule: true });
      }
    });
  });
});
