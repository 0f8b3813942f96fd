import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../shared/schemas/firewall';
import { FixPanel } from '../../../renderer/components/fix/fix-panel';
import { formatArgv, selectCanApply } from '../../../renderer/components/fix/fix-selectors';
import { useFixStore } from '../../../renderer/state/fix-store';
import { useRemoteStore } from '../../../renderer/state/remote-store';
import { useShellStore } from '../../../renderer/state/shell-store';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import { installFakeApi } from './fake-api';

const api = installFakeApi();
const info = {
  platform: 'linux',
  release: '6.1.0',
  arch: 'x64',
  hostname: 'srv-01',
  appVersion: '0.1.0',
  elevated: true,
  replay: null,
} as const;

const plan: FixPlan = {
  id: 'fix-8080-tcp-1',
  backend: 'nftables',
  kind: 'firewall',
  summary: 'Allow TCP 8080 from 203.0.113.0/24 in inet filter input',
  commands: [
    {
      argv: [
        'nft',
        '--echo',
        '--handle',
        'insert',
        'rule',
        'inet',
        'filter',
        'input',
        'tcp',
        'dport',
        '8080',
        'accept',
        'comment',
        '"PortDoctor:8080/tcp"',
      ],
      description: 'Insert an accept rule before the drop',
      undo: ['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '{handle}'],
    },
  ],
  warnings: ['The rule is not persistent across reboots.'],
};

function renderPanel() {
  return render(
    <FluentProvider theme={webLightTheme}>
      <FixPanel request={{ port: 8080, source: '203.0.113.0/24' }} />
    </FluentProvider>,
  );
}

beforeAll(() => {
  // jsdom has no ResizeObserver; Fluent's dialog positioning only needs it to exist.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  initI18n();
  setLanguage('en');
});
beforeEach(() => {
  for (const domain of Object.values(api)) for (const fn of Object.values(domain)) fn.mockReset();
  useFixStore.getState().reset();
  useShellStore.setState({ info: { state: 'done', value: info } });
});
afterEach(cleanup);

describe('formatArgv', () => {
  it.each([
    [['nft', 'list', 'ruleset'], 'nft list ruleset'],
    [['nft', 'add', 'rule', 'comment', '"PortDoctor:8080/tcp"'], `nft add rule comment '"PortDoctor:8080/tcp"'`],
    [
      ['netsh', 'advfirewall', 'firewall', 'add', 'rule', 'name=PortDoctor 8080'],
      `netsh advfirewall firewall add rule 'name=PortDoctor 8080'`,
    ],
    [['echo', "it's", ''], `echo 'it'\\''s' ''`],
    [['sh', '-c', 'rm -rf /; $(id)'], `sh -c 'rm -rf /; $(id)'`],
  ])('%j → %s', (argv, text) => {
    expect(formatArgv(argv)).toBe(text);
  });
});

describe('selectCanApply', () => {
  it('offers Apply only for a firewall change with commands, never while replaying', () => {
    expect(selectCanApply(plan, false)).toBe(true);
    expect(selectCanApply(plan, true)).toBe(false);
    expect(selectCanApply({ ...plan, kind: 'guided' }, false)).toBe(false);
    expect(selectCanApply({ ...plan, kind: 'nothing', commands: [] }, false)).toBe(false);
    expect(selectCanApply({ ...plan, kind: 'disable-block-rule' }, false)).toBe(true);
  });
});

describe('FixPanel', () => {
  it('previews the plan with its exact commands and changes nothing until confirmed', async () => {
    api.firewall.planFix.mockResolvedValue({ kind: 'ok', data: plan });
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Plan a fix' }));
    expect(await screen.findByText(plan.summary)).toBeTruthy();
    expect(api.firewall.planFix).toHaveBeenCalledWith({ port: 8080, source: '203.0.113.0/24' });
    expect(screen.getByText(formatArgv(plan.commands[0]?.argv ?? []))).toBeTruthy();
    expect(screen.getByText('The rule is not persistent across reboots.')).toBeTruthy();
    // Every command can be copied; the undo line names the handle instead of showing the '{handle}' template (issue 13 item 4).
    const command = formatArgv(plan.commands[0]?.argv ?? []);
    expect(screen.getByRole('button', { name: `Copy ${command}` })).toBeTruthy();
    const undo = screen.getByTestId('fix-undo-line').textContent ?? '';
    expect(undo).not.toContain('{handle}');
    expect(undo).toContain('nft delete rule inet filter input handle <the handle nft gives the new rule>');
    fireEvent.click(screen.getByRole('button', { name: 'Apply…' }));
    expect(await screen.findByText('This command will run on srv-01 with administrator rights. You can undo it afterwards.')).toBeTruthy();
    // The dialog repeats the exact commands, copyable: nobody confirms what they cannot see.
    const dialog = within(screen.getByRole('dialog'));
    expect(dialog.getByTestId('confirm-commands').textContent).toContain(command);
    expect(dialog.getByRole('button', { name: `Copy ${command}` })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.firewall.applyFix).not.toHaveBeenCalled();
  });

  it('applies only from the dialog, shows the verified result, and undoes by the returned id', async () => {
    api.firewall.planFix.mockResolvedValue({ kind: 'ok', data: plan });
    api.firewall.applyFix.mockResolvedValue({
      kind: 'ok',
      data: { undoId: 'undo-7', fixed: true, outcome: 'applied', evidence: [{ kind: 'rule', text: 'rule counted the SYN' }] },
    });
    api.firewall.undoFix.mockResolvedValue({ kind: 'ok', data: { undone: true, evidence: [] } });
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Plan a fix' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply now' }));
    expect((await screen.findByTestId('fix-result')).textContent).toContain('Fixed: the firewall now lets the port in. (applied)');
    expect(api.firewall.applyFix).toHaveBeenCalledWith({ planId: 'fix-8080-tcp-1', confirmed: true });
    expect(screen.getByText('rule counted the SYN')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Apply…' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Undo this change' }));
    expect((await screen.findByTestId('fix-undone')).textContent).toBe('The change was undone.');
    expect(api.firewall.undoFix).toHaveBeenCalledWith({ id: 'undo-7' });
  });

  it('says which proof "fixed" rests on, and Test now reads the counter proof with the client (issue #11 item 4)', async () => {
    const quiet = {
      kind: 'proof',
      text: 'Verified by re-evaluation only: the ruleset now accepts the SYN, but no traffic has been counted by the new rule yet (counter 0).',
      key: 'engine.fixCheck.proofReevaluated',
      params: { before: 0, after: 0 },
    };
    api.firewall.planFix.mockResolvedValue({ kind: 'ok', data: plan });
    api.firewall.applyFix.mockResolvedValue({
      kind: 'ok',
      data: {
        undoId: 'fix-aaaaaaaaaaaa',
        fixed: true,
        outcome: 'applied',
        evidence: [quiet],
        proof: { kind: 're-evaluation', before: 0, after: 0 },
      },
    });
    const counted = {
      kind: 'proof',
      text: 'Verified: a SYN from 203.0.113.7 was accepted (rule counter 0 → 3).',
      key: 'engine.fixCheck.proofCounter',
      params: { client: '203.0.113.7', before: 0, after: 3 },
    };
    api.firewall.verifyFix
      .mockResolvedValueOnce({
        kind: 'ok',
        data: { id: 'fix-aaaaaaaaaaaa', fixed: true, proof: { kind: 're-evaluation', before: 0, after: 0 }, evidence: [quiet] },
      })
      .mockResolvedValueOnce({
        kind: 'ok',
        data: {
          id: 'fix-aaaaaaaaaaaa',
          fixed: true,
          proof: { kind: 'rule-counter', client: '203.0.113.7', before: 0, after: 3 },
          evidence: [counted],
        },
      });
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Plan a fix' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply now' }));
    const result = await screen.findByTestId('fix-result');
    expect(result.textContent).toContain('Fixed by re-evaluation: the ruleset now lets the port in. No traffic has been seen yet.');
    expect(result.textContent).not.toContain('proven by real traffic');
    fireEvent.click(screen.getByRole('button', { name: 'Test now' }));
    expect((await screen.findByTestId('fix-proof')).dataset.proof).toBe('re-evaluation');
    expect(api.firewall.verifyFix).toHaveBeenCalledWith({ id: 'fix-aaaaaaaaaaaa' });
    fireEvent.click(screen.getByRole('button', { name: 'Test now' }));
    await waitFor(() => expect(screen.getByTestId('fix-proof').dataset.proof).toBe('rule-counter'));
    expect(screen.getByTestId('fix-proof').textContent).toBe('Verified by real traffic');
    expect(screen.getByText('Verified: a SYN from 203.0.113.7 was accepted (rule counter 0 → 3).')).toBeTruthy();
    setLanguage('zh-CN');
    expect(await screen.findByText('已验证：来自 203.0.113.7 的 SYN 已被放行（规则计数器 0 → 3）。')).toBeTruthy();
    expect(screen.getByTestId('fix-proof').textContent).toBe('已由真实流量验证');
    setLanguage('en');
  });

  it('over SSH, Test now probes the server from here (this computer is the client), then the server reads its rule counter', async () => {
    useRemoteStore.setState({ target: 'root@10.232.2.2', method: 'agent' });
    const remote = { host: '10.232.2.2', hostKey: 'SHA256:x', clientAddress: '10.232.1.2', portdoctorVersion: '0.1.0' };
    api.remote.planFix.mockResolvedValue({ kind: 'ok', data: { plan, applied: null, remote } });
    api.remote.applyFix.mockResolvedValue({
      kind: 'ok',
      data: {
        plan,
        applied: { undoId: 'fix-bbbbbbbbbbbb', fixed: true, evidence: [], proof: { kind: 're-evaluation', before: 0, after: 0 } },
        remote,
      },
    });
    api.diagnose.probe.mockResolvedValue({
      kind: 'ok',
      data: {
        schema: 'portdoctor.probe/1',
        target: { host: '10.232.2.2', port: 8080 },
        outcome: 'ok',
        cause: 'ok',
        elapsedMs: 3,
        addresses: ['10.232.2.2'],
      },
    });
    const counted = {
      kind: 'proof',
      text: 'Verified: a SYN from 10.232.1.2 was accepted (rule counter 0 → 2).',
      key: 'engine.fixCheck.proofCounter',
      params: { client: '10.232.1.2', before: 0, after: 2 },
    };
    api.remote.verifyFix.mockResolvedValue({
      kind: 'ok',
      data: {
        verify: {
          id: 'fix-bbbbbbbbbbbb',
          fixed: true,
          proof: { kind: 'rule-counter', client: '10.232.1.2', before: 0, after: 2 },
          evidence: [counted],
        },
        remote,
      },
    });
    render(
      <FluentProvider theme={webLightTheme}>
        <FixPanel request={{ port: 8080, source: '10.232.1.2' }} sshHost="10.232.2.2" />
      </FluentProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Plan a fix' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply now' }));
    await screen.findByTestId('fix-result');
    fireEvent.click(screen.getByRole('button', { name: 'Test now' }));
    expect((await screen.findByTestId('fix-proof')).dataset.proof).toBe('rule-counter');
    expect(api.diagnose.probe).toHaveBeenCalledWith({ host: '10.232.2.2', port: 8080 });
    expect(api.remote.verifyFix.mock.calls[0]?.[0]).toMatchObject({ id: 'fix-bbbbbbbbbbbb', host: '10.232.2.2', user: 'root' });
    expect(screen.getByTestId('fix-test-probe').textContent).toBe('Probe from this computer to 10.232.2.2:8080: connected (3 ms).');
    expect(screen.getByText('Verified: a SYN from 10.232.1.2 was accepted (rule counter 0 → 2).')).toBeTruthy();
    expect(api.firewall.verifyFix).not.toHaveBeenCalled();
  });

  it('asks a second time before disabling a Windows block rule', async () => {
    api.firewall.planFix.mockResolvedValue({
      kind: 'ok',
      data: { ...plan, backend: 'windows', kind: 'disable-block-rule', separateConfirmation: true },
    });
    api.firewall.applyFix.mockResolvedValue({ kind: 'ok', data: { undoId: 'undo-8', fixed: false, evidence: [] } });
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Plan a fix' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Apply…' }));
    const confirm = await screen.findByRole('button', { name: 'Apply now' });
    expect(confirm.hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Yes, disable the Windows block rule named in the plan' }));
    expect(confirm.hasAttribute('disabled')).toBe(false);
    fireEvent.click(confirm);
    expect((await screen.findByTestId('fix-result')).dataset.fixed).toBe('false');
    expect(api.firewall.applyFix).toHaveBeenCalledWith({ planId: 'fix-8080-tcp-1', confirmed: true, confirmDisableBlockRule: true });
  });

  it('offers no Apply while replaying a report', async () => {
    useShellStore.setState({
      info: { state: 'done', value: { ...info, replay: { hostname: 'WIN-1', recordedAt: 'x', platform: 'win32' } } },
    });
    api.firewall.planFix.mockResolvedValue({ kind: 'ok', data: plan });
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Plan a fix' }));
    expect(await screen.findByText(plan.summary)).toBeTruthy();
    expect(screen.getByText('Fixes are not applied while replaying a report: run PortDoctor on that computer.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Apply…' })).toBeNull();
  });
});
