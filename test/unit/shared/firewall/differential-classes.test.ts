import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InboundPacket } from '../../../../shared/firewall/types';
import { judge, ruleAgreement } from '../../../lab/differential/compare';
import type { CountedRules } from '../../../lab/differential/truth';
import type { KernelAnswer } from '../../../lab/differential/rig';
import { countersOf } from '../../../lab/differential/truth';
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

describe("the differential test's ground truth", () => {
  // nft -j list ruleset of `chain pre { … counter ct state untracked accept; ct state untracked counter accept }`
  // (trimmed): the first rule's counter rises for every SYN that reaches it, though `ct state untracked` then fails
  // for a tracked SYN; only the second rule's counter follows its verdict.
  const pre = (handle: number, expr: unknown[]) => ({ rule: { family: 'inet', table: 'filter', chain: 'pre', handle, expr } });
  const ctUntracked = { match: { op: 'in', left: { ct: { key: 'state' } }, right: 'untracked' } };
  const listings: Listings = {
    nft: JSON.stringify({
      nftables: [
        { table: { family: 'inet', name: 'filter', handle: 1 } },
        {
          chain: { family: 'inet', table: 'filter', name: 'pre', handle: 1, type: 'filter', hook: 'prerouting', prio: 0, policy: 'accept' },
        },
        pre(3, [{ counter: { packets: 1, bytes: 60 } }, ctUntracked, { accept: null }]),
        pre(4, [ctUntracked, { counter: { packets: 0, bytes: 0 } }, { accept: null }]),
        pre(5, [{ counter: { packets: 1, bytes: 60 } }, { limit: { rate: 1, per: 'second' } }, { drop: null }]),
      ],
    }),
    iptablesNft: '',
    iptablesLegacy: '',
  };

  it('takes a counter placed before a test that may still fail as "may have decided", not as proof of the verdict', () => {
    const { counted } = countersOf(listings);
    expect(counted.kinds.get('nftables|inet filter|pre|3')).toBe('maybe-accept');
    expect(counted.kinds.get('nftables|inet filter|pre|4')).toBe('accept');
    expect(counted.kinds.get('nftables|inet filter|pre|5')).toBe('maybe-stop');
  });
});
