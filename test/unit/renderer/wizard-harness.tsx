import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { App } from '../../../renderer/app';
import { useCaptureStore } from '../../../renderer/features/diagnose/capture-store';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import { useFixStore } from '../../../renderer/state/fix-store';
import { useShellStore } from '../../../renderer/state/shell-store';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import { installFakeApi } from './fake-api';

/** The server this machine says it is in the wizard tests. */
const INFO = { platform: 'linux', release: '6.1.0', arch: 'x64', hostname: 'srv-01', appVersion: '0.1.0', elevated: true, replay: null };

/**
 * The whole app on the Diagnose page over a fake API, for one test file: English, empty wizard, TCP, no capture or
 * fix, cleaned up after each test. Returns the fake API (every method a mock) and how to render and wait for the app.
 */
export function wizardHarness() {
  const api = installFakeApi();
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
    api.system.info.mockResolvedValue(INFO);
    useShellStore.setState({ section: 'diagnose', info: { state: 'idle' } });
    useDiagnoseStore.setState({
      portText: '',
      host: '',
      source: '',
      role: 'server',
      protocol: 'tcp',
      touched: false,
      check: { state: 'idle' },
      live: {},
      probe: { state: 'idle' },
      clientReport: null,
      clientError: null,
      watchReport: null,
      replay: null,
    });
    useCaptureStore.setState({ state: 'idle', peers: [], packets: 0, result: null, message: '' });
    useFixStore.getState().reset();
  });
  afterEach(cleanup);
  const renderApp = async () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <App />
      </FluentProvider>,
    );
    await screen.findByText('srv-01 · Linux 6.1.0', {}, { timeout: 5000 });
  };
  return { api, renderApp };
}
