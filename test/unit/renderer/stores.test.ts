import { beforeEach, describe, expect, it } from 'vitest';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import { useFirewallStore } from '../../../renderer/features/firewall/firewall-store';
import { MAX_REPORT_BYTES, useReportsStore } from '../../../renderer/features/reports/reports-store';
import { useShellStore } from '../../../renderer/state/shell-store';
import { MAX_BUNDLE_BYTES } from '../../../shared/bundle/schema';
import { installFakeApi } from './fake-api';

const api = installFakeApi();
const notYet = { kind: 'unavailable', reason: 'not-implemented', detail: 'Checking a port arrives with issue #3.' } as const;

beforeEach(() => {
  for (const domain of Object.values(api)) for (const fn of Object.values(domain)) fn.mockReset();
  useDiagnoseStore.setState({ portText: '', host: '', role: 'server', touched: false, check: { state: 'idle' }, probe: { state: 'idle' } });
});

describe('diagnose store', () => {
  it('does not call the back end for an invalid port, and marks the form touched', async () => {
    useDiagnoseStore.getState().setPortText('70000');
    await useDiagnoseStore.getState().run();
    expect(api.diagnose.checkPort).not.toHaveBeenCalled();
    expect(useDiagnoseStore.getState().touched).toBe(true);
    expect(useDiagnoseStore.getState().check.state).toBe('idle');
  });

  // The server run (streamed over diagnose.run, cancellable) is tested in wizard-store.test.ts.

  it('probes from the client only with a valid host name', async () => {
    api.diagnose.probe.mockResolvedValue(notYet);
    useDiagnoseStore.setState({ role: 'client', portText: '443', host: 'bad host; rm' });
    await useDiagnoseStore.getState().run();
    expect(api.diagnose.probe).not.toHaveBeenCalled();
    useDiagnoseStore.setState({ host: ' srv.example.com ' });
    await useDiagnoseStore.getState().run();
    expect(api.diagnose.probe).toHaveBeenCalledWith({ host: 'srv.example.com', port: 443 });
    expect(api.diagnose.checkPort).not.toHaveBeenCalled();
  });
});

describe('firewall store', () => {
  it('sends the client address only when one is given, and refuses a bad one', async () => {
    api.firewall.status.mockResolvedValue(notYet);
    useFirewallStore.setState({ portText: '22', source: '10.0.0.0/33' });
    await useFirewallStore.getState().check();
    expect(api.firewall.status).not.toHaveBeenCalled();
    useFirewallStore.setState({ source: '' });
    await useFirewallStore.getState().check();
    expect(api.firewall.status).toHaveBeenLastCalledWith({ port: 22 });
    useFirewallStore.setState({ source: ' 203.0.113.0/24 ' });
    await useFirewallStore.getState().check();
    expect(api.firewall.status).toHaveBeenLastCalledWith({ port: 22, source: '203.0.113.0/24' });
  });
});

describe('reports store', () => {
  it('keeps its size cap equal to the bundle schema cap', () => {
    expect(MAX_REPORT_BYTES).toBe(MAX_BUNDLE_BYTES);
  });

  it('refuses a file larger than any report without reading it', async () => {
    let read = false;
    await useReportsStore.getState().open({ name: 'huge.json', size: MAX_REPORT_BYTES + 1, text: async () => ((read = true), '') });
    expect(read).toBe(false);
    expect(api.reports.open).not.toHaveBeenCalled();
    expect(useReportsStore.getState().tooLarge).toBe(true);
  });

  it('hands the text to reports.open and keeps its answer', async () => {
    const refused = { kind: 'unavailable', reason: 'unparseable', detail: 'report is not JSON' } as const;
    api.reports.open.mockResolvedValue(refused);
    await useReportsStore.getState().open({ name: 'x.json', size: 3, text: async () => 'abc' });
    expect(api.reports.open).toHaveBeenCalledWith({ text: 'abc' });
    expect(useReportsStore.getState()).toMatchObject({ fileName: 'x.json', tooLarge: false, opened: { state: 'done', value: refused } });
  });
});

describe('shell store', () => {
  it('loads system info through the API', async () => {
    const info = { platform: 'linux', release: '6.1', arch: 'x64', hostname: 'srv', appVersion: '0.1.0', elevated: true, replay: null };
    api.system.info.mockResolvedValue(info);
    await useShellStore.getState().loadInfo();
    expect(useShellStore.getState().info).toEqual({ state: 'done', value: info });
  });
});
