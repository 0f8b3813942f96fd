import { describe, expect, it } from 'vitest';
import { pendingKey } from '../../../shared/diagnose/pending';
import { guide, guideSaid, planSay, planSayScoped } from '../../../shared/firewall/plan/plan-base';
import type { EngineKey, EngineKeyUnder } from '../../../shared/i18n/engine-keys';
import { engineKeys, engineTemplate } from '../../../shared/i18n/engine-text';
import type { fixCheckEn } from '../../../shared/i18n/engine-fix-en';
import { say, saySummary } from '../../../shared/i18n/say';

// The engine keys are a type derived from engine-en.ts (issue 15 item 3): this file is covered by `npm run typecheck`
// (tsconfig.node.json includes test/unit/shared), so each `@ts-expect-error` below fails the typecheck the day the
// line under it compiles, i.e. the day a key not in the table is accepted again. The run-time halves show what such a
// key would do if it got through (say() throws), so every case also asserts something when vitest runs it.

describe('engine keys are typed from the English table', () => {
  it('say() and saySummary() take a key of engine-en.ts and reject any other string', () => {
    expect(say('verdict.ok').key).toBe('engine.verdict.ok');
    expect(saySummary('verdict.ok').summaryKey).toBe('engine.verdict.ok');
    // @ts-expect-error: a typo in a key does not typecheck.
    expect(() => say('verdict.okk')).toThrow(/unknown engine text engine\.verdict\.okk/);
    // @ts-expect-error: neither does the full `engine.` form (say() adds the prefix itself).
    expect(() => saySummary('engine.verdict.ok')).toThrow(/unknown engine text/);
    const anyString: string = 'verdict.ok';
    // @ts-expect-error: nor a plain string, even one that happens to be a key at run time.
    expect(say(anyString).text).toBe(engineTemplate('en', 'engine.verdict.ok'));
  });

  it('a key built from a template literal is checked for every value it can take', () => {
    const counted = Math.random() > 2 ? 'Counted' : '';
    expect(say(`firewall.ruleDrop${counted}`, { rule: 'r', where: 'w', backend: 'nftables', decision: 'drop' }).key).toBe(
      'engine.firewall.ruleDrop',
    );
    const suffix = Math.random() > 2 ? 'Nope' : '';
    // @ts-expect-error: `firewall.ruleDropNope` is not in the table, so the union is refused.
    expect(say(`firewall.ruleDrop${suffix}`, { rule: 'r', where: 'w', backend: 'nftables', decision: 'drop' }).key).toBe(
      'engine.firewall.ruleDrop',
    );
  });

  it('the helpers over a part of the table take only the keys of that part', () => {
    expect(planSay('nftPersist', {}).key).toBe('engine.plan.nftPersist');
    // @ts-expect-error: `cannotFix` has no `…Any` form, so it cannot be said for a scope.
    expect(() => planSayScoped('cannotFix', {}, { text: 'any', family: null, any: true })).toThrow(/unknown engine text/);
    expect(planSayScoped('nothing', { what: 'TCP 80' }, { text: 'any', family: null, any: true }).key).toBe('engine.plan.nothingAny');
    expect(guide('node', 'Node.js', {}).textKey).toBe('engine.guide.nodeText');
    expect(guideSaid('start').titleKey).toBe('engine.guide.startTitle');
    // @ts-expect-error: `node` has no `engine.guide.nodeTitle`, so it needs a product name as title.
    expect(() => guideSaid('node')).toThrow(/unknown engine text engine\.guide\.nodeTitle/);
    const presence: EngineKeyUnder<'fixCheck.presence'> = 'noChange';
    expect(engineTemplate('en', `engine.fixCheck.presence.${presence}`)).toBeDefined();
    // @ts-expect-error: a key of another part of the table is not a presence key.
    const wrongPart: EngineKeyUnder<'fixCheck.presence'> = 'verdict.ok';
    expect(engineTemplate('en', `engine.fixCheck.presence.${wrongPart}`)).toBeUndefined();
  });

  it('pendingKey names a sentence for each difference a probe reports, and refuses the others', () => {
    const made: EngineKey[] = [];
    for (const system of ['firewalld', 'ufw', 'nftables'] as const)
      for (const state of ['saved-only', 'running-only'] as const)
        for (const effect of ['allows', 'blocks', 'mentions'] as const)
          try {
            made.push(pendingKey({ system, state, effect }));
          } catch (e) {
            expect(String(e)).toMatch(/unknown engine text for a pending/);
          }
    expect(made.sort()).toEqual(
      engineKeys()
        .filter((k) => k.startsWith('engine.pending.'))
        .map((k) => k.slice('engine.'.length))
        .sort(),
    );
  });

  it('a Chinese table missing a key of its English table does not typecheck', () => {
    // @ts-expect-error: `absent` and the other keys of engine-fix-en.ts are missing.
    const partial = { present: '在此处存在' } satisfies typeof fixCheckEn;
    expect(Object.keys(partial)).toEqual(['present']);
  });
});
