import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import { setLanguage } from '../../../renderer/i18n/i18n';
import { wizardHarness } from './wizard-harness';

// Issue 13 item 8: the wizard's protocol choice reaches the server's check, the client's probe, the client step's
// command and the one-click fix; the client's result and a capture (TCP handshakes) are not joined for UDP.

const { api, renderApp } = wizardHarness();
const tcpProbe = {
  schema: 'portdoctor.probe/1',
  target: { host: '10.0.0.1', port: 53 },
  addresses: ['10.0.0.1'],
  outcome: 'timeout',
  elapsedMs: 1500,
  cause: 'unknown',
};
const udpDrop = {
  schema: 'portdoctor.check/1',
  target: { port: 53, protocol: 'udp' },
  verdict: {
    cause: 'host-firewall-drop',
    summary: 'the host firewall drops UDP 53',
    fixes: [{ id: 'allow-port', kind: 'one-click', title: 'Allow 53/udp' }],
  },
  steps: [
    { id: 'service', status: 'pass', evidence: [] },
    { id: 'binding', status: 'pass', evidence: [] },
    { id: 'firewall', status: 'fail', evidence: [] },
    { id: 'client', status: 'skipped', summary: 'no client report', summaryKey: 'engine.combined.clientSkipped', evidence: [] },
    { id: 'packets', status: 'skipped', summary: 'no capture', summaryKey: 'engine.combined.packetsSkipped', evidence: [] },
  ],
  findings: [],
};
type OnMessage = (m: unknown) => void;

// Whole-app renders: slow in jsdom when other test files run at the same time.
describe('Diagnose wizard: TCP or UDP', { timeout: 20_000 }, () => {
  it('server: UDP reaches the check, the client step shows the --udp probe, no paste or capture; the fix plans UDP', async () => {
    let send: OnMessage = () => undefined;
    api.diagnose.run.mockImplementation((_r: unknown, on: OnMessage) => ((send = on), () => undefined));
    api.firewall.planFix.mockResolvedValue({ kind: 'unavailable', reason: 'not-recorded', detail: '' });
    await renderApp();
    // A TCP client result held from before is not joined to a UDP check.
    act(() => useDiagnoseStore.getState().acceptClientText(JSON.stringify(tcpProbe)));
    fireEvent.change(screen.getByTestId('host-input'), { target: { value: '10.0.0.1' } });
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '53' } });
    fireEvent.click(screen.getByLabelText('UDP'));
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(api.diagnose.run.mock.calls[0]?.[0]).toEqual({ port: 53, protocol: 'udp' });
    expect(screen.getByText('Checking UDP port 53…')).toBeTruthy();
    act(() => send({ type: 'done', result: { kind: 'ok', data: udpDrop } }));
    const client = await screen.findByTestId('client-panel', {}, { timeout: 5000 });
    expect(client.dataset.protocol).toBe('udp');
    expect(within(client).getByText('portdoctor probe 10.0.0.1:53 --udp', { selector: 'code' })).toBeTruthy();
    expect(within(client).queryByTestId('client-paste')).toBeNull();
    expect(screen.getByTestId('step-client').textContent).toContain('PortDoctor joins both ends for TCP only.');
    expect(screen.getByTestId('capture-panel').dataset.state).toBe('udp');
    expect(screen.getByTestId('step-packets').textContent).toContain('the capture counts TCP connection attempts');
    fireEvent.click(await screen.findByRole('button', { name: 'Plan a fix' }, { timeout: 5000 }));
    expect(api.firewall.planFix.mock.calls[0]?.[0]).toEqual({ port: 53, protocol: 'udp' });
  });

  it('server: TCP stays as it was (no protocol in the request, the client result joined, the no-install one-liners)', async () => {
    api.diagnose.run.mockImplementation(() => () => undefined);
    await renderApp();
    act(() => useDiagnoseStore.getState().acceptClientText(JSON.stringify(tcpProbe)));
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '53' } });
    expect((screen.getByLabelText('TCP') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(api.diagnose.run.mock.calls[0]?.[0]).toMatchObject({ port: 53, clientReport: { outcome: 'timeout' } });
    expect(api.diagnose.run.mock.calls[0]?.[0]).not.toHaveProperty('protocol');
    expect(screen.getByTestId('client-panel').dataset.protocol).toBe('tcp');
    expect(screen.getByRole('button', { name: 'Copy Linux (bash), nothing to install' })).toBeTruthy();
  });

  it('client: the probe is sent as UDP, and the choice shows in Chinese too', async () => {
    api.diagnose.probe.mockReturnValue(new Promise(() => undefined));
    await renderApp();
    fireEvent.click(screen.getByLabelText('I am on the client'));
    fireEvent.change(screen.getByTestId('host-input'), { target: { value: 'ntp.example.net' } });
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '123' } });
    fireEvent.click(screen.getByLabelText('UDP'));
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(api.diagnose.probe.mock.calls[0]?.[0]).toEqual({ host: 'ntp.example.net', port: 123, protocol: 'udp' });
    act(() => setLanguage('zh-CN'));
    expect(await screen.findByText('协议', {}, { timeout: 5000 })).toBeTruthy();
  });
});
