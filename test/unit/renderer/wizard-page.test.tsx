import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/app';
import { useCaptureStore } from '../../../renderer/features/diagnose/capture-store';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import { useShellStore } from '../../../renderer/state/shell-store';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import { installFakeApi } from './fake-api';

const api = installFakeApi();
const info = { platform: 'linux', release: '6.1.0', arch: 'x64', hostname: 'srv-01', appVersion: '0.1.0', elevated: true, replay: null };
const step = (id: string, status: string, command?: string) => ({
  id,
  status,
  summary: `${id}: ${status}`,
  evidence: [{ kind: 'k', text: `seen in ${id}`, ...(command ? { command } : {}) }],
});
const dropReport = {
  schema: 'portdoctor.check/1',
  target: { port: 8080, protocol: 'tcp', source: '10.247.1.2' },
  verdict: {
    cause: 'host-firewall-drop',
    summary: 'client timeout + the host firewall drops the SYN → host-firewall-drop',
    fixes: [
      {
        id: 'allow-port',
        kind: 'guided',
        title: 'Allow 8080/tcp from 10.247.1.2',
        commands: ['portdoctor fix 8080 --protocol tcp --source 10.247.1.2 --dry-run'],
      },
    ],
  },
  steps: [
    step('service', 'pass', 'ss -ltnp sport = :8080'),
    step('binding', 'pass'),
    step('firewall', 'fail', 'nft -a list table inet pdw'),
    step('client', 'fail'),
    step('packets', 'skipped'),
  ],
  findings: [],
};
type OnMessage = (m: unknown) => void;

beforeAll(() => {
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
  api.system.info.mockResolvedValue(info);
  useShellStore.setState({ section: 'diagnose', info: { state: 'idle' } });
  useDiagnoseStore.setState({
    portText: '',
    host: '',
    source: '',
    role: 'server',
    touched: false,
    check: { state: 'idle' },
    live: {},
    clientReport: null,
    clientError: null,
    watchReport: null,
    replay: null,
  });
  useCaptureStore.setState({ state: 'idle', peers: [], packets: 0, result: null, message: '' });
});
afterEach(cleanup);

function renderApp() {
  return render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
}

describe('Diagnose wizard page', () => {
  it('streams the steps in, then marks the blamed hop in words, shows the verdict with the fix panel and the commands', async () => {
    let send: OnMessage = () => undefined;
    api.diagnose.run.mockImplementation((_r: unknown, on: OnMessage) => ((send = on), () => undefined));
    renderApp();
    await screen.findByText('srv-01 · Linux 6.1.0');
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '8080' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(screen.getByTestId('wizard-cancel')).toBeTruthy();
    act(() => send({ type: 'event', event: { type: 'step-finished', step: step('service', 'pass') } }));
    expect(screen.getByTestId('step-service').dataset.status).toBe('pass');
    expect(screen.getByTestId('step-binding').dataset.status).toBe('running');
    act(() => send({ type: 'done', result: { kind: 'ok', data: dropReport } }));
    const firewallHop = screen.getByTestId('hop-firewall');
    expect(firewallHop.dataset.failing).toBe('true');
    expect(firewallHop.getAttribute('aria-label')).toBe('Host firewall: Fail — Fails here');
    expect(screen.getByRole('list', { name: 'Connection path' })).toBeTruthy();
    expect(screen.getByTestId('verdict').dataset.cause).toBe('host-firewall-drop');
    expect(screen.getByTestId('fix-panel')).toBeTruthy();
    expect(within(screen.getByTestId('step-firewall')).getByText('nft -a list table inet pdw', { selector: 'code' })).toBeTruthy();
    expect(screen.queryByTestId('wizard-cancel')).toBeNull();
  });

  it('Cancel closes the stream and says it was cancelled; unfinished steps stay unclaimed', async () => {
    let cancelled = false;
    api.diagnose.run.mockImplementation(() => () => void (cancelled = true));
    renderApp();
    await screen.findByText('srv-01 · Linux 6.1.0');
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '8080' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    fireEvent.click(screen.getByTestId('wizard-cancel'));
    expect(cancelled).toBe(true);
    expect(screen.getByTestId('unavailable').dataset.reason).toBe('cancelled');
    expect([...document.querySelectorAll('[data-testid^="step-"]')].map((e) => (e as HTMLElement).dataset.status)).toEqual(
      Array(5).fill('pending'),
    );
  });

  it('Copy falls back to selecting the command when the clipboard cannot be written', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
    renderApp();
    await screen.findByText('srv-01 · Linux 6.1.0');
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '8080' } });
    fireEvent.change(screen.getByTestId('host-input'), { target: { value: 'srv.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy Where PortDoctor is installed' }));
    expect(await screen.findByText('Selected: press Ctrl+C')).toBeTruthy();
    expect(window.getSelection()?.toString()).toBe('portdoctor probe srv.example.com:8080 --json > probe.json');
  });

  it('a pasted file that is not a probe report is refused with a message and never rendered as HTML', async () => {
    renderApp();
    await screen.findByText('srv-01 · Linux 6.1.0');
    fireEvent.change(screen.getByTestId('client-paste'), { target: { value: '<img src=x onerror="window.__pwned=1">' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this result' }));
    expect((await screen.findByTestId('client-refused')).textContent).toContain('This is not JSON');
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('replays a report under the banner, without the client and capture panels or the apply button, and leaves it', async () => {
    renderApp();
    await screen.findByText('srv-01 · Linux 6.1.0');
    act(() =>
      useDiagnoseStore.getState().openReplay({ host: 'WIN-SRV01', recordedAt: '2026-11-20T09:30:00.000Z', report: dropReport as never }),
    );
    expect(screen.getByTestId('wizard-replay-banner').textContent).toContain('Report from WIN-SRV01');
    expect(screen.queryByTestId('client-panel')).toBeNull();
    expect(screen.queryByTestId('fix-panel')).toBeNull();
    expect(screen.getByText('Fixes are not applied while replaying a report: run PortDoctor on that computer.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Leave the report' }));
    expect(screen.queryByTestId('wizard-replay-banner')).toBeNull();
  });

  it('a capture that is not permitted shows Unknown with the reason and the command, never a pass', async () => {
    api.capture.watch.mockImplementation((_r: unknown, on: OnMessage) => {
      on({
        type: 'done',
        result: {
          kind: 'unavailable',
          reason: 'needs-admin',
          detail: 'tcpdump: any: You don’t have permission to capture on that device',
          command: 'sudo portdoctor watch 8080 --seconds 30',
        },
      });
      return () => undefined;
    });
    renderApp();
    await screen.findByText('srv-01 · Linux 6.1.0');
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '8080' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start capture (30 s)' }));
    const unknown = await screen.findByTestId('capture-unknown');
    expect(unknown.querySelector('[data-status]')?.getAttribute('data-status')).toBe('unknown');
    expect(unknown.textContent).toContain('Needs administrator rights.');
    expect(unknown.textContent).toContain('sudo portdoctor watch 8080 --seconds 30');
    expect(api.capture.watch).toHaveBeenCalledWith({ port: 8080, seconds: 30 }, expect.any(Function));
  });

  it('labels the path in Simplified Chinese', async () => {
    renderApp();
    await screen.findByText('srv-01 · Linux 6.1.0');
    act(() => setLanguage('zh-CN'));
    expect(screen.getByTestId('hop-firewall').textContent).toContain('主机防火墙');
    expect(screen.getByRole('list', { name: '连接路径' })).toBeTruthy();
  });
});
