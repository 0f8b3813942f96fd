import { describe, expect, it } from 'vitest';
import { formatFixListText } from '../../../../electron/cli/commands/fix-list';
import type { AppliedFix } from '../../../../shared/schemas/firewall';

// `portdoctor fix --list --lang zh-CN`: a saved fix's summary and why it could not be checked read in the chosen
// language when their keys fit the stored English (issue 13 item 5); a record whose text was edited shows as stored.
const base = { planId: 'plan-1', backend: 'ufw', appliedAt: '2026-11-21T06:00:00.000Z' };
const keyed: AppliedFix = {
  ...base,
  id: 'fix-aaaaaaaaaaaa',
  summary: 'Allow TCP 8080 from 10.5.5.5 with ufw.',
  summaryKey: 'engine.plan.ufwSummary',
  summaryParams: { what: 'TCP 8080', scope: '10.5.5.5' },
  presence: 'unknown',
  presenceDetail: 'nft could not be asked (needs-admin)',
  presenceDetailKey: 'engine.fixCheck.presence.notAsked',
  presenceDetailParams: { tool: 'nft', reason: 'needs-admin' },
};

describe('fix --list text', () => {
  it('zh-CN: the summary and the reason are translated', () => {
    const text = formatFixListText([keyed], 'zh-CN');
    expect(text).toContain('用 ufw 放行来自 10.5.5.5 的 TCP 8080。');
    expect(text).toContain('无法查询 nft（needs-admin）');
    expect(text).not.toMatch(/Allow TCP|could not be asked/);
  });

  it('English reads as stored; an older record without keys, or an edited one, shows its text as it is', () => {
    expect(formatFixListText([keyed], 'en')).toContain('Allow TCP 8080 from 10.5.5.5 with ufw.');
    const older: AppliedFix = { ...base, id: 'fix-bbbbbbbbbbbb', summary: 'Allow TCP 9000 with ufw.', presence: 'present' };
    const edited: AppliedFix = { ...keyed, id: 'fix-cccccccccccc', summary: 'Allow everything' };
    const text = formatFixListText([older, edited], 'zh-CN');
    expect(text).toContain('Allow TCP 9000 with ufw.');
    expect(text).toContain('Allow everything');
  });
});
