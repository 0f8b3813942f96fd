import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamMessage } from '../../../shared/ipc/api';
import type { WfpAuditPlan, WfpAuditResult } from '../../../shared/schemas/wfp-audit';
import { App } from '../../../renderer/app';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import { WfpAuditPanel } from '../../../renderer/features/diagnose/wfp-audit-panel';
import { useShellStore } from '../../../renderer/state/shell-store';
import { useWfpAuditStore } from '../../../renderer/features/diagnose/wfp-audit-store';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import { installFakeApi } from './fake-api';

// The app's drop-audit action (issue 16 item 12): offered where step 3 says auditing is off, the exact commands in a
// confirmation dialog, progress, End now (the result still arrives), the result and a command left to the user.
const api = installFakeApi();
const PD = '{0CCE9225-69AE-11D9-BED3-505054503030}';
const CN = '{0CCE9226-69AE-11D9-BED3-505054503030}';
const plan: WfpAuditPlan = {
  port: 8080,
  protocol: 'tcp',
  minutes: 5,
  get: ['auditpol.exe', '/get', `/subcategory:${PD},${CN}`, '/r'],
  enable: [PD, CN].map((g) => ['auditpol.exe', '/set', `/subcategory:${g}`, '/failure:enable']),
  disable: [PD, CN].map((g) => ['auditpol.exe', '/set', `/subcategory:${g}`, '/failure:disable']),
};
const result: WfpAuditResult = {
  outcome: 'cancelled',
  changed: [PD, CN],
  restored: [PD],
  restoreFailed: [CN],
  undoByHand: [['auditpol.exe', '/set', `/subcategory:${CN}`, '/failure:disable']],
  drops: {
    count: 3,
    last: '2026-12-05T10:02:00Z',
    filterId: '70412',
    owner: 'third-party',
    filter: {
      name: 'Contoso inbound protection',
      providerKey: '{8a3e2f41-5c6d-4e7f-9a0b-1c2d3e4f5a6b}',
      provider: 'Contoso Endpoint Firewall Provider',
      layer: 'FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4',
      action: 'FWP_ACTION_BLOCK',
    },
  },
};

const panel = () =>
  render(
    <FluentProvider theme={webLightTheme}>
      <WfpAuditPanel port={8080} protocol="tcp" />
    </FluentProvider>,
  );

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  initI18n();
});
beforeEach(() => {
  for (const domain of Object.values(api)) for (const fn of Object.values(domain)) fn.mockReset();
  useWfpAuditStore.getState().reset();
  setLanguage('en');
});
afterEach(cleanup);

describe('the action', () => {
  it('previews the exact commands in a dialog; Cancel runs nothing', async () => {
    api.firewall.planWfpAudit.mockResolvedValue({ kind: 'ok', data: plan });
    panel();
    fireEvent.click(screen.getByRole('button', { name: 'Record blocked connections for 5 minutes' }));
    expect(api.firewall.planWfpAudit).toHaveBeenCalledWith({ port: 8080, protocol: 'tcp', minutes: 5 });
    const commands = await screen.findByTestId('wfp-audit-commands');
    expect(
      within(commands)
        .getAllByTestId('copyable-command')
        .map((c) => c.querySelector('code')?.textContent),
    ).toEqual([
      `auditpol.exe /get /subcategory:${PD},${CN} /r`,
      `auditpol.exe /set /subcategory:${PD} /failure:enable`,
      `auditpol.exe /set /subcategory:${CN} /failure:enable`,
      `auditpol.exe /set /subcategory:${PD} /failure:disable`,
      `auditpol.exe /set /subcategory:${CN} /failure:disable`,
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('wfp-audit-commands')).toBeNull());
    // Another duration: the button and the preview follow it.
    fireEvent.change(screen.getByRole('combobox', { name: 'How long auditing stays on' }), { target: { value: '10' } });
    api.firewall.planWfpAudit.mockResolvedValue({ kind: 'ok', data: { ...plan, minutes: 10 } });
    fireEvent.click(screen.getByRole('button', { name: 'Record blocked connections for 10 minutes' }));
    expect(api.firewall.planWfpAudit).toHaveBeenLastCalledWith({ port: 8080, protocol: 'tcp', minutes: 10 });
    expect(await screen.findByRole('button', { name: 'Record for 10 minutes' })).toBeTruthy();
    expect(api.firewall.wfpAudit).not.toHaveBeenCalled();
  });

  it('confirmed: progress, End now keeps the stream, and the result shows what is left to run (zh-CN)', async () => {
    setLanguage('zh-CN');
    api.firewall.planWfpAudit.mockResolvedValue({ kind: 'ok', data: plan });
    let send: (m: StreamMessage<'firewall:wfp-audit'>) => void = () => undefined;
    const unsubscribe = vi.fn();
    api.firewall.wfpAudit.mockImplementation((_r: unknown, on: typeof send) => ((send = on), unsubscribe));
    api.firewall.endWfpAudit.mockResolvedValue({ kind: 'ok', data: { ended: 1 } });
    panel();
    fireEvent.click(screen.getByRole('button', { name: '记录被阻止的连接 5 分钟' }));
    fireEvent.click(await screen.findByRole('button', { name: '记录 5 分钟' }));
    expect(api.firewall.wfpAudit).toHaveBeenCalledWith({ port: 8080, protocol: 'tcp', minutes: 5, confirmed: true }, expect.any(Function));
    act(() => send({ type: 'event', event: { type: 'waiting', secondsLeft: 150 } }));
    expect(screen.getByText('审核中：剩余 150 秒 — 请现在从客户端重试。')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '立即结束' }));
    await waitFor(() => expect(api.firewall.endWfpAudit).toHaveBeenCalledWith({}));
    expect(unsubscribe).not.toHaveBeenCalled();
    act(() => send({ type: 'done', result: { kind: 'ok', data: result } }));
    const shown = screen.getByTestId('wfp-audit-result');
    expect(shown.textContent).toContain('审核窗口：已提前结束。');
    expect(shown.textContent).toContain('筛选器 70412“Contoso inbound protection”属于第三方软件 Contoso Endpoint Firewall Provider');
    expect(shown.textContent).toContain('审核策略：开启了 2 个子类别，再次关闭了 1 个。');
    expect(shown.textContent).toContain('仍处于开启状态 — 请在提升权限的命令提示符中运行：');
    expect(within(shown).getByTestId('copyable-command').querySelector('code')?.textContent).toBe(
      `auditpol.exe /set /subcategory:${CN} /failure:disable`,
    );
  });

  it('an earlier window that did not finish is shown in the dialog with its undo to copy', async () => {
    api.firewall.planWfpAudit.mockResolvedValue({
      kind: 'ok',
      data: { ...plan, leftOpen: { startedAt: '2026-12-05T10:00:00.000Z', port: 8080, undo: [plan.disable[1]] } },
    });
    panel();
    fireEvent.click(screen.getByRole('button', { name: 'Record blocked connections for 5 minutes' }));
    const left = await screen.findByTestId('wfp-audit-left-open');
    expect(left.textContent).toContain('An earlier audit window (started 2026-12-05T10:00:00.000Z, port 8080) did not finish');
    expect(within(left).getByTestId('copyable-command').querySelector('code')?.textContent).toBe(
      `auditpol.exe /set /subcategory:${CN} /failure:disable`,
    );
  });

  it("the handler's refusal is said in the UI's language", async () => {
    setLanguage('zh-CN');
    api.firewall.planWfpAudit.mockResolvedValue({
      kind: 'unavailable',
      reason: 'unsupported-platform',
      detail: 'Filtering Platform drop auditing exists only on Windows: nothing was changed.',
    });
    panel();
    fireEvent.click(screen.getByRole('button', { name: '记录被阻止的连接 5 分钟' }));
    expect((await screen.findByTestId('wfp-audit-refused')).textContent).toBe('筛选平台丢弃审核仅存在于 Windows 上：未做任何更改。');
  });
});

describe('in the wizard', () => {
  const auditOff = {
    kind: 'note',
    text: 'No Filtering Platform drop … (auditing off)',
    key: 'engine.note.wfpAuditOff',
    params: {
      enable: `auditpol /set /subcategory:${PD} /failure:enable`,
      show: `auditpol /get /subcategory:${PD},${CN}`,
      disable: `auditpol /set /subcategory:${PD} /failure:disable`,
    },
  };
  const report = {
    schema: 'portdoctor.check/1',
    target: { port: 8080, protocol: 'tcp' },
    verdict: { cause: 'unknown', summary: 'unknown', fixes: [] },
    steps: ['service', 'binding', 'firewall', 'client', 'packets'].map((id) => ({
      id,
      status: id === 'firewall' ? 'pass' : 'skipped',
      evidence: id === 'firewall' ? [auditOff] : [],
    })),
    findings: [],
  };
  const renderApp = () =>
    render(
      <FluentProvider theme={webLightTheme}>
        <App />
      </FluentProvider>,
    );
  beforeEach(() => {
    api.system.info.mockResolvedValue({
      platform: 'win32',
      release: '10.0.20348',
      arch: 'x64',
      hostname: 'WIN-SRV01',
      appVersion: '0.1.0',
      elevated: true,
      replay: null,
    });
    useShellStore.setState({ section: 'diagnose', info: { state: 'idle' } });
    useDiagnoseStore.setState({ portText: '', role: 'server', check: { state: 'idle' }, live: {}, replay: null });
  });

  it('step 3 offers the window when auditing was off; a replay of the same report does not', async () => {
    let send: (m: unknown) => void = () => undefined;
    api.diagnose.run.mockImplementation((_r: unknown, on: typeof send) => ((send = on), () => undefined));
    renderApp();
    await screen.findByText(/WIN-SRV01/);
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '8080' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    act(() => send({ type: 'done', result: { kind: 'ok', data: report } }));
    expect(within(screen.getByTestId('step-firewall')).getByTestId('wfp-audit')).toBeTruthy();
    act(() =>
      useDiagnoseStore.getState().openReplay({ host: 'WIN-SRV01', recordedAt: '2026-12-05T10:00:00.000Z', report: report as never }),
    );
    expect(screen.getByTestId('wizard-replay-banner')).toBeTruthy();
    expect(screen.queryByTestId('wfp-audit')).toBeNull();
  });
});
