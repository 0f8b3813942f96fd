import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StatusBadge } from '../../../renderer/components/status-badge';
import { UnavailableBar } from '../../../renderer/components/unavailable-bar';
import { App } from '../../../renderer/app';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import { usePortsStore } from '../../../renderer/features/ports/ports-store';
import { ReportCard } from '../../../renderer/features/reports/report-card';
import { useShellStore } from '../../../renderer/state/shell-store';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import { installFakeApi } from './fake-api';

const api = installFakeApi();
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const info = { platform: 'linux', release: '6.1.0', arch: 'x64', hostname: 'srv-01', appVersion: '0.1.0', elevated: false, replay: null };

/** Whether a computed `rgb(r, g, b)` colour reads as green (green channel clearly above red and blue). */
function isGreen(rgb: string): boolean {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
  return g > r + 40 && g > b + 40;
}

function inFluent(ui: ReactElement) {
  return render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);
}

beforeAll(() => {
  initI18n();
});
beforeEach(() => {
  setLanguage('en');
  api.system.info.mockResolvedValue(info);
  useShellStore.setState({ section: 'diagnose', info: { state: 'idle' } });
  useDiagnoseStore.setState({ portText: '', role: 'server', touched: false, check: { state: 'idle' } });
});
afterEach(cleanup);

describe('StatusBadge', () => {
  it('never draws unknown like pass: a different word, icon and colour', () => {
    inFluent(
      <>
        <StatusBadge status="pass" />
        <StatusBadge status="unknown" />
      </>,
    );
    const pass = screen.getByText('Pass').closest('[data-status]') as HTMLElement;
    const unknown = screen.getByText('Unknown').closest('[data-status]') as HTMLElement;
    expect(unknown.dataset.status).toBe('unknown');
    expect(unknown.className).not.toBe(pass.className);
    expect(isGreen(getComputedStyle(pass).backgroundColor)).toBe(true);
    expect(isGreen(getComputedStyle(unknown).backgroundColor)).toBe(false);
    expect(isGreen(getComputedStyle(unknown).color)).toBe(false);
  });
});

describe('UnavailableBar', () => {
  it('shows the reason, the detail and the command that would tell', () => {
    inFluent(
      <UnavailableBar
        value={{ kind: 'unavailable', reason: 'needs-admin', detail: 'nft: Operation not permitted', command: 'sudo nft list ruleset' }}
      />,
    );
    const bar = screen.getByTestId('unavailable');
    expect(bar.textContent).toContain('Needs administrator rights.');
    expect(bar.textContent).toContain('nft: Operation not permitted');
    expect(within(bar).getByText('sudo nft list ruleset').tagName).toBe('CODE');
  });
});

describe('ReportCard', () => {
  it('renders a hostile host name as text, never as HTML', () => {
    inFluent(
      <ReportCard
        bundle={{
          schema: 'portdoctor.bundle/1',
          appVersion: '0.1.0',
          recordedAt: 'later',
          platform: { os: 'win32', hostname: HOSTILE },
          sources: {},
        }}
      />,
    );
    expect(screen.getByTestId('report-host').textContent).toBe(HOSTILE);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByTestId('report-replay-note').textContent).toContain(`Report from ${HOSTILE}, recorded later`);
  });
});

describe('App shell', () => {
  it('shows the host, marks the open section aria-current and moves it on click', async () => {
    inFluent(<App />);
    expect(await screen.findByText('srv-01 · Linux 6.1.0')).toBeTruthy();
    expect(screen.getByTestId('elevation-badge').dataset.elevation).toBe('not-elevated');
    expect(screen.getByTestId('nav-diagnose').getAttribute('aria-current')).toBe('page');
    fireEvent.click(screen.getByTestId('nav-firewall'));
    expect(screen.getByTestId('nav-firewall').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-diagnose').getAttribute('aria-current')).toBe('false');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Firewall');
    expect(screen.queryByTestId('replay-banner')).toBeNull();
  });

  it('shows the replay banner when system.info says a report is replayed', async () => {
    api.system.info.mockResolvedValue({ ...info, replay: { hostname: 'WIN-SRV01', recordedAt: 'yesterday', platform: 'win32' } });
    inFluent(<App />);
    const banner = await screen.findByTestId('replay-banner');
    expect(banner.textContent).toContain('Report from WIN-SRV01, recorded yesterday; nothing here runs on this machine.');
  });

  it('says so where it happened when the back end does not answer', async () => {
    api.system.info.mockRejectedValue(new Error('system:info: 403 token required'));
    inFluent(<App />);
    expect(await screen.findByText('Could not read this computer’s details.')).toBeTruthy();
    expect(screen.queryByTestId('elevation-badge')).toBeNull();
  });

  it('switches every label to Simplified Chinese', async () => {
    inFluent(<App />);
    await screen.findByText('srv-01 · Linux 6.1.0');
    act(() => setLanguage('zh-CN'));
    expect(screen.getByTestId('nav-diagnose').textContent).toBe('诊断');
    expect(screen.getByTestId('nav-reports').textContent).toBe('报告');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('诊断端口');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem('portdoctor.language')).toBe('zh-CN');
  });
});

describe('Diagnose page', () => {
  it('shows the port error inline, does not call the back end, and keeps five step rows', async () => {
    inFluent(<App />);
    await screen.findByText('srv-01 · Linux 6.1.0');
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(await screen.findByText('A port is between 1 and 65535.')).toBeTruthy();
    expect(api.diagnose.checkPort).not.toHaveBeenCalled();
    expect(document.querySelectorAll('[data-testid^="step-"]')).toHaveLength(5);
  });

  it('shows the unavailable answer and leaves every step unclaimed', async () => {
    api.diagnose.run.mockImplementation((_request: unknown, onMessage: (m: unknown) => void) => {
      onMessage({
        type: 'done',
        result: { kind: 'unavailable', reason: 'not-implemented', detail: 'Checking a port arrives with issue #3.' },
      });
      return () => undefined;
    });
    inFluent(<App />);
    await screen.findByText('srv-01 · Linux 6.1.0');
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '8080' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect((await screen.findByTestId('unavailable')).textContent).toContain('Checking a port arrives with issue #3.');
    const statuses = [...document.querySelectorAll('[data-testid^="step-"]')].map((e) => (e as HTMLElement).dataset.status);
    expect(statuses).toEqual(Array(5).fill('pending'));
  });
});

describe('Ports page', () => {
  it('shows the sockets with owners, and counts in the right plural', async () => {
    api.ports.list.mockResolvedValue({
      kind: 'ok',
      data: {
        schema: 'portdoctor.ports/1',
        ownersHidden: 1,
        sockets: [
          {
            protocol: 'tcp',
            family: 4,
            state: 'LISTEN',
            localAddress: '0.0.0.0',
            localPort: 22,
            remoteAddress: '0.0.0.0',
            remotePort: 0,
            owner: { pid: 1, name: 'sshd' },
          },
        ],
      },
    });
    useShellStore.setState({ section: 'ports' });
    usePortsStore.setState({ list: { state: 'idle' } });
    inFluent(<App />);
    expect(await screen.findByText('1 socket')).toBeTruthy();
    expect(screen.getByText(/^The owner of 1 socket could not be read/)).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'sshd (1)' })).toBeTruthy();
  });
});
