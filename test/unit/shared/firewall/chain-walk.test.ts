import { describe, expect, it } from 'vitest';
import type { WalkChain, WalkStep } from '../../../../shared/firewall/chain-walk';
import { walkChains } from '../../../../shared/firewall/chain-walk';
import { noteText } from '../../../../shared/i18n/note';

// The walk engine on its own, with rules reduced to their step results (the evaluators' tests use real rulesets).
type Rule = { id: number; step: WalkStep };

function walk(rules: Rule[], policy = 'drop') {
  const base: WalkChain<Rule> = { table: 't', name: 'input', rules, policy };
  return walkChains({
    backend: 'nftables',
    bases: [base],
    lookup: () => undefined,
    step: (r) => r.step,
    ref: (r) => ({ backend: 'nftables', handle: r.id, text: `rule ${r.id}` }),
  });
}

describe('walkChains', () => {
  it('unknown rules that only continue do not fork (30 of them would be 2^30 paths)', () => {
    const rules: Rule[] = Array.from({ length: 30 }, (_, i) => ({
      id: i + 1,
      step: { kind: 'unknown', reason: 'opaque', action: { kind: 'continue' } },
    }));
    rules.push({ id: 99, step: { kind: 'match', action: { kind: 'accept' } } });
    const v = walk(rules);
    expect(v.decision).toBe('accept');
    expect(v.rule?.handle).toBe(99);
    expect(v.notes.map(noteText).filter((n) => /does not decide/.test(n))).toHaveLength(30);
  });

  it('an unknown rule whose verdict equals what follows is a note, not an unknown verdict', () => {
    const v = walk([{ id: 1, step: { kind: 'unknown', reason: 'opaque', action: { kind: 'drop' } } }]);
    expect(v).toMatchObject({ decision: 'drop', policy: { policy: 'drop' } });
    expect(v.notes.map(noteText)[0]).toMatch(/handle 1.*drop either way/);
  });

  it('an unknown rule that would change the verdict makes it unknown, naming the rule and both outcomes', () => {
    const v = walk([{ id: 7, step: { kind: 'unknown', reason: 'opaque', action: { kind: 'accept' } } }]);
    expect(v).toMatchObject({ decision: 'unknown', rule: { handle: 7 } });
    expect(v.unknownReason).toMatch(/rule 7.*opaque.*accepted, otherwise dropped/);
  });

  it('a goto loop ends as unknown instead of hanging', () => {
    const loop: WalkChain<Rule> = {
      table: 't',
      name: 'loop',
      rules: [{ id: 1, step: { kind: 'match', action: { kind: 'goto', chain: 'loop' } } }],
    };
    const v = walkChains({
      backend: 'nftables',
      bases: [{ ...loop, policy: 'accept' }],
      lookup: () => loop,
      step: (r) => r.step,
      ref: (r) => ({ backend: 'nftables', handle: r.id, text: `rule ${r.id}` }),
    });
    expect(v.decision).toBe('unknown');
    expect(v.unknownReason).toMatch(/does not end/);
  });
});
