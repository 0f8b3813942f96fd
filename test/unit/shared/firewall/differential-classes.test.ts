import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InboundPacket } from '../../../../shared/firewall/types';
import { judge, ruleAgreement } from '../../../lab/differential/compare';
import type { CountedRules } from '../../../lab/differential/compare';
import type { KernelAnswer } from '../../../lab/differential/rig';
import type { Listings } from '../../../lab/differential/truth';

// Each disagreement class the differential test found (issue #17), as the kernel saw it: the namespace's own
// listings (nft -j, iptables-nft-save -c, iptables-legacy-save -c), the SYN, what the client saw, and which rules'
// counters rose. Captured by `PD_CAPTURE=1 npx vitest run --project lab test/lab/differential.test.ts`.
interface Captured {
  name: string;
  finding: string;
  packet: InboundPacket;
  listings: Listings;
  kernel: KernelAnswer;
  counted: CountedRules;
}

const DIR = join(__dirname, '../../../fixtures/linux/differential');
const cases: Captured[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Captured);

describe('verdicts agree with the kernel on every disagreement class of the differential test', () => {
  it('has a captured case for each class', () => {
    expect(new Set(cases.map((c) => c.finding))).toEqual(new Set(['1', '2', '3', '4', '5', '6', '7', 'A']));
  });

  it.each(cases.map((c) => [`#${c.finding} ${c.name}`, c] as const))('%s', (_name, c) => {
    const said = judge(c.listings, c.packet);
    expect({ decision: said.verdict.decision, why: said.verdict.unknownReason }).toEqual({ decision: c.kernel.outcome, why: undefined });
    // The named rule (or policy) is one whose counter this SYN raised with that verdict; the one in charge accepted it.
    expect(
      ruleAgreement(said, c.kernel, c.counted),
      JSON.stringify({ rule: said.verdict.rule, policy: said.verdict.policy, inCharge: said.inCharge, counted: c.counted }),
    ).toBe(true);
  });
});
