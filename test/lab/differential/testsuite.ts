import type { Lab } from '../harness';
import { compare, judge, packetFor } from './compare';
import type { Pair } from './rig';
import { createPair } from './rig';
import { applyCase, countersOf, readListings } from './truth';

/**
 * Rule lines from the nftables project's own test suite (tests/py/*.t, see test/fixtures/nft-testsuite/SOURCES.md),
 * each loaded alone into an input chain of the lab server with a verdict that makes the match decide, then two SYNs
 * probed against the kernel: how often the evaluator must say `unknown`, and whether it is ever wrongly `ok`.
 */
export interface SuiteFigures {
  lines: number;
  loaded: number;
  probes: number;
  unknown: number;
  wrongOk: number;
  agree: number;
  /** Unknown reasons by their first words, most frequent first: what to model next. */
  reasons: Record<string, number>;
  disagreements: { line: string; dport: number; kernel: string; said: string }[];
}

const TERMINAL = /\b(accept|drop|reject|queue|jump|goto|return)\b/;

/** The chain around one rule line: a verdict the match decides (a policy opposite to the rule's own verdict). */
export function chainFor(line: string, family: 'inet' | 'ip'): string {
  const own = TERMINAL.exec(line)?.[1];
  const policy = own === 'accept' ? 'drop' : 'accept';
  const rule = own ? line : `${line} drop`;
  return `table ${family} pdt {\n chain input {\n  type filter hook input priority 0; policy ${policy};\n  ${rule}\n }\n}\n`;
}

async function load(lab: Lab, pair: Pair, line: string): Promise<boolean> {
  for (const family of ['inet', 'ip'] as const) {
    try {
      await applyCase(lab, pair.srv, { nft: chainFor(line, family) });
      return true;
    } catch {
      // Not valid in an input chain of this family (nat statements, other hooks): try the next, else skip it.
    }
  }
  return false;
}

async function runLine(lab: Lab, pair: Pair, line: string, f: SuiteFigures, sport: () => number): Promise<void> {
  if (!(await load(lab, pair, line))) return;
  f.loaded += 1;
  let listings = await readListings(lab, pair.srv);
  for (const dport of [22, 80]) {
    const probe = { src: pair.net.cliAddrs[0] ?? '', dst: pair.net.srvAddrs[0], dport, sport: sport() };
    const kernel = await pair.probe(probe, 700);
    const after = await readListings(lab, pair.srv);
    const said = judge(after, packetFor(pair.net, probe));
    // A queue with no listener drops: the same outcome as the kernel's.
    if (said.verdict.decision === 'queue') said.verdict = { ...said.verdict, decision: 'drop' };
    const c = compare(said, kernel, countersOf(listings).counted, countersOf(after).counted);
    f.probes += 1;
    if (c.unknown) {
      f.unknown += 1;
      const why =
        (said.verdict.unknownReason ?? '')
          .replace(/^.*cannot be judged statically \(/, '')
          .split(/[;:)]/)[0]
          ?.trim()
          .slice(0, 60) ?? '?';
      f.reasons[why] = (f.reasons[why] ?? 0) + 1;
    } else if (c.causeAgrees) f.agree += 1;
    else f.disagreements.push({ line, dport, kernel: kernel.outcome, said: said.verdict.decision });
    if (c.wrongOk) f.wrongOk += 1;
    listings = after;
  }
}

/** Probe every line over `pairs` namespace pairs. */
export async function runTestsuite(lab: Lab, lines: string[], pairs: number): Promise<SuiteFigures> {
  const f: SuiteFigures = { lines: lines.length, loaded: 0, probes: 0, unknown: 0, wrongOk: 0, agree: 0, reasons: {}, disagreements: [] };
  const made = await Promise.all(Array.from({ length: pairs }, (_, i) => createPair(lab, i)));
  let next = 0;
  await Promise.all(
    made.map(async (pair, p) => {
      let port = 40000 + p * 5000;
      for (let i = next++; i < lines.length; i = next++) await runLine(lab, pair, lines[i] ?? '', f, () => port++);
    }),
  );
  f.reasons = Object.fromEntries(Object.entries(f.reasons).sort((a, b) => b[1] - a[1]));
  return f;
}
