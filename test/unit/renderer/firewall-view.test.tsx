import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OwnFixes } from '../../../renderer/features/firewall/own-fixes';
import { RuleTrace } from '../../../renderer/features/firewall/rule-trace';
import { useFirewallStore } from '../../../renderer/features/firewall/firewall-store';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import type { FirewallStatus } from '../../../shared/schemas/firewall';
import { installFakeApi } from './fake-api';

const api = installFakeApi();
// As firewall:status answered in the pdw lab (nft drop for 10.247.1.0/24), trimmed to the fields shown.
const DROP_RULE = 'ip saddr 10.247.1.0/24 tcp dport 8080 counter packets 5 bytes 300 drop comment "pdw-test"';
const status: FirewallStatus = {
  backend: 'nftables',
  enabled: true,
  decision: 'drop',
  decidingRule: DROP_RULE,
  evidence: [],
  evaluatedSource: '10.247.1.2',
  trace: [
    { table: 'inet pdw', chain: 'input', handle: 1, text: 'ct state established accept', deciding: false },
    { table: 'inet pdw', chain: 'input', handle: 2, text: DROP_RULE, counters: { packets: 5, bytes: 300 }, deciding: true },
  ],
};

beforeAll(() => {
  // jsdom has no ResizeObserver; Fluent's MessageBar only needs it to exist.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  initI18n();
});
beforeEach(() => {
  setLanguage('en');
  for (const domain of Object.values(api)) for (const fn of Object.values(domain)) fn.mockReset();
  useFirewallStore.setState({ fixes: { state: 'idle' }, undone: { state: 'idle' } });
});
afterEach(cleanup);

describe('RuleTrace', () => {
  it('highlights exactly the deciding rule, marks it aria-current and says what it decides', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <RuleTrace status={status} />
      </FluentProvider>,
    );
    const rules = screen.getAllByTestId('trace-rule');
    expect(rules.map((r) => r.dataset.deciding)).toEqual(['false', 'true']);
    expect(rules[1]?.getAttribute('aria-current')).toBe('true');
    expect(rules[1]?.textContent).toContain('Decides: Dropped');
    expect(rules[1]?.textContent).toContain('5 packets counted');
    expect(screen.getByText('Rules a connection from 10.247.1.2 meets')).toBeTruthy();
  });

  it('shows the chain policy as the decider when no rule decided', () => {
    const policy: FirewallStatus = {
      ...status,
      decision: 'drop',
      trace: [],
      policy: { table: 'inet filter', chain: 'input', policy: 'drop' },
    };
    render(
      <FluentProvider theme={webLightTheme}>
        <RuleTrace status={policy} />
      </FluentProvider>,
    );
    expect(screen.getByTestId('trace-policy').textContent).toContain('Chain policy: drop');
  });
});

describe('OwnFixes', () => {
  it('lists PortDoctor’s changes, undoes one by id and reloads the list', async () => {
    const applied = {
      id: 'fix-0123456789ab',
      planId: 'plan-1',
      backend: 'nftables',
      summary: 'Allow 8080/tcp from 10.247.1.0/24',
      appliedAt: '2026-11-21T06:00:00.000Z',
      presence: 'present' as const,
    };
    api.firewall.listFixes
      .mockResolvedValueOnce({ kind: 'ok', data: { fixes: [applied] } })
      .mockResolvedValue({ kind: 'ok', data: { fixes: [{ ...applied, undoneAt: '2026-11-21T06:05:00.000Z' }] } });
    api.firewall.undoFix.mockResolvedValue({ kind: 'ok', data: { undone: true, evidence: [] } });
    render(
      <FluentProvider theme={webLightTheme}>
        <OwnFixes />
      </FluentProvider>,
    );
    expect((await screen.findByTestId('own-fix')).textContent).toContain('Allow 8080/tcp from 10.247.1.0/24');
    fireEvent.click(screen.getByRole('button', { name: 'Undo this change' }));
    expect(await screen.findByText('The change was undone.')).toBeTruthy();
    expect(api.firewall.undoFix).toHaveBeenCalledWith({ id: 'fix-0123456789ab' });
    expect(screen.getByTestId('own-fix').dataset.undone).toBe('true');
    expect(screen.queryByRole('button', { name: 'Undo this change' })).toBeNull();
  });

  it('offers Undo only for a fix present here: another firewall’s fix is "not present here" without Undo, an unreadable one "couldn’t check" with Undo off and why', async () => {
    const base = { planId: 'plan-1', backend: 'nftables', appliedAt: '2026-11-21T06:00:00.000Z' };
    const fixes = [
      { ...base, id: 'fix-aaaaaaaaaaaa', summary: 'here', presence: 'present' as const },
      {
        ...base,
        id: 'fix-bbbbbbbbbbbb',
        summary: 'elsewhere',
        presence: 'absent' as const,
        presenceDetail: 'no rule "tcp dport 8080" in inet filter input',
      },
      {
        ...base,
        id: 'fix-cccccccccccc',
        summary: 'unreadable',
        presence: 'unknown' as const,
        presenceDetail: 'could not read inet filter input (needs-admin: Operation not permitted)',
      },
    ];
    api.firewall.listFixes.mockResolvedValue({ kind: 'ok', data: { fixes } });
    render(
      <FluentProvider theme={webLightTheme}>
        <OwnFixes />
      </FluentProvider>,
    );
    await screen.findByText('here');
    const rows = screen.getAllByTestId('own-fix');
    const row = (summary: string) => rows.find((r) => r.textContent?.includes(summary)) as HTMLElement;
    const undoIn = (r: HTMLElement) => [...r.querySelectorAll('button')].filter((b) => b.textContent === 'Undo this change');
    expect(row('here').dataset.presence).toBe('present');
    expect(row('here').textContent).toContain('Present here');
    expect(undoIn(row('here')).map((b) => b.disabled)).toEqual([false]);
    expect(row('elsewhere').dataset.presence).toBe('absent');
    expect(row('elsewhere').textContent).toContain('Not present here');
    expect(undoIn(row('elsewhere'))).toEqual([]);
    expect(row('unreadable').dataset.presence).toBe('unknown');
    expect(row('unreadable').textContent).toContain('Couldn’t check');
    expect(row('unreadable').textContent).not.toContain('Not present here');
    expect(row('unreadable').textContent).toContain('Operation not permitted');
    expect(undoIn(row('unreadable')).map((b) => b.disabled)).toEqual([true]);
    fireEvent.click(undoIn(row('unreadable'))[0] as HTMLElement);
    expect(api.firewall.undoFix).not.toHaveBeenCalled();
    setLanguage('zh-CN');
    expect((await screen.findByText('不在此处')).closest('[data-testid="own-fix"]')).toBe(row('elsewhere'));
    expect(row('unreadable').textContent).toContain('无法检查');
    setLanguage('en');
  });

  it('shows a saved fix and why it could not be checked in the UI language (issue 13 item 5), and a key that does not fit its text as the text', async () => {
    const base = { planId: 'plan-1', backend: 'ufw', appliedAt: '2026-11-21T06:00:00.000Z' };
    const fixes = [
      {
        ...base,
        id: 'fix-aaaaaaaaaaaa',
        summary: 'Allow TCP 8080 from 10.5.5.5 with ufw.',
        summaryKey: 'engine.plan.ufwSummary',
        summaryParams: { what: 'TCP 8080', scope: '10.5.5.5' },
        presence: 'unknown' as const,
        presenceDetail: 'this change carries no identity PortDoctor can check',
        presenceDetailKey: 'engine.fixCheck.presence.noIdentity',
      },
      {
        ...base,
        id: 'fix-bbbbbbbbbbbb',
        summary: 'Edited by hand',
        summaryKey: 'engine.plan.ufwSummary',
        summaryParams: { what: 'TCP 8080', scope: '10.5.5.5' },
        presence: 'present' as const,
      },
    ];
    api.firewall.listFixes.mockResolvedValue({ kind: 'ok', data: { fixes } });
    setLanguage('zh-CN');
    render(
      <FluentProvider theme={webLightTheme}>
        <OwnFixes />
      </FluentProvider>,
    );
    const rows = await screen.findAllByTestId('own-fix');
    expect(rows[0]?.textContent).toContain('用 ufw 放行来自 10.5.5.5 的 TCP 8080。');
    expect(rows[0]?.textContent).toContain('此更改没有 PortDoctor 可以核对的标识');
    expect(rows[0]?.textContent).not.toContain('Allow TCP 8080');
    expect(rows[1]?.textContent).toContain('Edited by hand');
    setLanguage('en');
  });

  it('says when PortDoctor changed nothing', async () => {
    api.firewall.listFixes.mockResolvedValue({ kind: 'ok', data: { fixes: [] } });
    render(
      <FluentProvider theme={webLightTheme}>
        <OwnFixes />
      </FluentProvider>,
    );
    expect(await screen.findByText('PortDoctor has not changed this computer’s firewall.')).toBeTruthy();
  });
});
