import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/app';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import { useRemoteStore } from '../../../renderer/state/remote-store';
import { useFixStore } from '../../../renderer/state/fix-store';
import { useShellStore } from '../../../renderer/state/shell-store';
import { initI18n, setLanguage } from '../../../renderer/i18n/i18n';
import { installFakeApi } from './fake-api';

const api = installFakeApi();
const info = { platform: 'linux', release: '6.1.0', arch: 'x64', hostname: 'laptop', appVersion: '0.1.0', elevated: false, replay: null };
const FP = 'SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/abcde';
const step = (id: string, status: string) => ({ id, status, summary: `${id}: ${status}`, evidence: [] });
const report = {
  schema: 'portdoctor.check/1',
  target: { port: 8080, protocol: 'tcp', source: '10.232.1.2' },
  verdict: {
    cause: 'host-firewall-drop',
    summary: 'the host firewall drops the SYN: tcp dport 8080 drop',
    fixes: [{ id: 'allow-port', kind: 'guided', title: 'Allow 8080/tcp from 10.232.1.2', commands: [] }],
  },
  steps: [step('service', 'pass'), step('binding', 'pass'), step('firewall', 'fail'), step('client', 'fail'), step('packets', 'fail')],
  findings: [],
};
const remote = {
  host: '10.232.2.2',
  user: 'root',
  sshPort: 22,
  hostKey: { keyType: 'ssh-ed25519', fingerprint: FP },
  clientAddress: '10.232.1.2',
};
const plan = {
  id: 'fix-8080-tcp-1',
  backend: 'nftables',
  kind: 'firewall',
  summary: 'Allow TCP 8080 from 10.232.1.2 in inet admin input',
  commands: [
    { argv: ['nft', 'insert', 'rule', 'inet', 'admin', 'input', 'tcp', 'dport', '8080', 'accept'], description: 'Insert an accept rule' },
  ],
  warnings: [],
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
    replay: null,
  });
  useRemoteStore.setState({
    where: 'local',
    target: '',
    method: 'agent',
    identityFile: '',
    password: '',
    knownHostsFile: '',
    last: null,
    problem: null,
    progress: '',
    hostKeyQuestion: null,
    sudoQuestion: null,
  });
  useFixStore.getState().reset();
});
afterEach(cleanup);

async function fillSshForm(method: 'Password' | 'SSH agent' = 'Password') {
  render(
    <FluentProvider theme={webLightTheme}>
      <App />
    </FluentProvider>,
  );
  await screen.findByText('laptop · Linux 6.1.0');
  fireEvent.click(screen.getByLabelText('A server over SSH'));
  fireEvent.change(screen.getByTestId('port-input'), { target: { value: '8080' } });
  fireEvent.change(screen.getByTestId('ssh-target'), { target: { value: 'root@10.232.2.2' } });
  fireEvent.click(screen.getByLabelText(method));
  if (method === 'Password') fireEvent.change(screen.getByTestId('ssh-password'), { target: { value: 'hunter2-login' } });
}

// Whole-app renders with dialogs: slow in jsdom when other test files run at the same time.
describe('Diagnose wizard: a server over SSH', { timeout: 20_000 }, () => {
  it('asks once about an unknown host key with its fingerprint, retries with it accepted, streams the steps, and names the client address', async () => {
    const sends: OnMessage[] = [];
    api.remote.diagnose.mockImplementation((_r: unknown, on: OnMessage) => (sends.push(on), () => undefined));
    await fillSshForm();
    // Only what an SSH run needs: no "address clients use", no "where clients come from".
    expect(screen.queryByTestId('host-input')).toBeNull();
    expect(screen.queryByTestId('source-input')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(api.remote.diagnose.mock.calls[0]?.[0]).toEqual({
      host: '10.232.2.2',
      user: 'root',
      sshPort: 22,
      auth: { method: 'password', password: 'hunter2-login' },
      port: 8080,
    });
    act(() =>
      sends[0]?.({
        type: 'done',
        result: {
          kind: 'ssh',
          problem: 'host-key-unknown',
          message: 'not on file',
          hostKey: { host: '10.232.2.2', port: 22, keyType: 'ssh-ed25519', fingerprint: FP },
        },
      }),
    );
    const dialog = await screen.findByTestId('host-key-dialog', {}, { timeout: 5000 });
    expect(within(dialog).getByTestId('host-key-fingerprint').textContent).toBe(`ssh-ed25519 ${FP}`);
    const trust = await within(dialog).findByTestId('host-key-trust');
    expect(trust.textContent).toBe('Trust and continue');
    fireEvent.click(trust);
    await waitFor(() => expect(api.remote.diagnose).toHaveBeenCalledTimes(2));
    expect(api.remote.diagnose.mock.calls[1]?.[0]).toMatchObject({ acceptHostKey: FP, port: 8080 });
    act(() =>
      sends[1]?.({
        type: 'event',
        event: { type: 'progress', text: 'capturing port 8080 on 10.232.2.2 for 3 s while probing from here…' },
      }),
    );
    expect(screen.getByText('capturing port 8080 on 10.232.2.2 for 3 s while probing from here…')).toBeTruthy();
    act(() => sends[1]?.({ type: 'event', event: { type: 'step-started', id: 'firewall' } }));
    expect(screen.getByTestId('step-firewall').dataset.status).toBe('running');
    act(() => sends[1]?.({ type: 'done', result: { kind: 'ok', data: { report, remote, notes: [] } } }));
    expect((await screen.findByTestId('verdict')).dataset.cause).toBe('host-firewall-drop');
    const banner = screen.getByTestId('remote-info');
    expect(banner.dataset.client).toBe('10.232.1.2');
    expect(banner.textContent).toContain('The server sees this computer as 10.232.1.2');
    expect(banner.textContent).toContain(FP);
    // Steps 4 and 5 ran from here: no paste box, no separate capture.
    expect(screen.queryByTestId('client-paste')).toBeNull();
  });

  it('a changed host key: refused, the message naming the keys shown under a title in the reader’s language', async () => {
    api.remote.diagnose.mockImplementation((_r: unknown, on: OnMessage) => {
      queueMicrotask(() =>
        on({
          type: 'done',
          result: {
            kind: 'ssh',
            problem: 'host-key-changed',
            message: `the host key of 10.232.2.2 has CHANGED: known_hosts holds ssh-ed25519 ${FP}`,
          },
        }),
      );
      return () => undefined;
    });
    await fillSshForm('SSH agent');
    act(() => setLanguage('zh-CN'));
    fireEvent.click(await screen.findByRole('button', { name: '检查' }));
    const bar = await screen.findByTestId('ssh-problem');
    expect(bar.dataset.problem).toBe('host-key-changed');
    expect(bar.textContent).toContain('已拒绝：服务器的主机密钥已更改');
    expect(bar.textContent).toContain(FP);
    expect(screen.queryByTestId('verdict')).toBeNull();
    expect(api.remote.diagnose).toHaveBeenCalledTimes(1);
  });

  it('refuses an incomplete form inline and calls nothing', async () => {
    await fillSshForm();
    fireEvent.change(screen.getByTestId('ssh-target'), { target: { value: '10.232.2.2' } });
    fireEvent.change(screen.getByTestId('ssh-password'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(await screen.findByText('Enter user@server, e.g. root@203.0.113.10.')).toBeTruthy();
    expect(screen.getByText('Enter the password.')).toBeTruthy();
    expect(api.remote.diagnose).not.toHaveBeenCalled();
  });

  it('fixes on the server: sudo’s password asked for that call only, the exact commands confirmed, undone by the server’s id', async () => {
    api.remote.diagnose.mockImplementation((_r: unknown, on: OnMessage) => {
      queueMicrotask(() => on({ type: 'done', result: { kind: 'ok', data: { report, remote, notes: [] } } }));
      return () => undefined;
    });
    api.remote.planFix.mockResolvedValueOnce({ kind: 'ssh', problem: 'sudo-password', message: 'sudo needs a password' });
    api.remote.planFix.mockResolvedValueOnce({ kind: 'ok', data: { plan, applied: null, remote } });
    api.remote.applyFix.mockResolvedValue({
      kind: 'ok',
      data: { plan, applied: { undoId: 'srv-undo-1', fixed: true, evidence: [] }, remote },
    });
    api.remote.undoFix.mockResolvedValue({ kind: 'ok', data: { undo: { undone: true, evidence: [] }, remote } });
    await fillSshForm();
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Plan a fix' }, { timeout: 5000 }));
    const sudo = await screen.findByTestId('sudo-dialog', {}, { timeout: 5000 });
    fireEvent.change(await within(sudo).findByTestId('sudo-password'), { target: { value: 'sudo-secret-9' } });
    fireEvent.click(await within(sudo).findByRole('button', { name: 'Continue' }, { timeout: 5000 }));
    expect(await screen.findByText(plan.summary)).toBeTruthy();
    expect(api.remote.planFix.mock.calls[0]?.[0]).toEqual({
      host: '10.232.2.2',
      user: 'root',
      sshPort: 22,
      auth: { method: 'password', password: 'hunter2-login' },
      port: 8080,
      source: '10.232.1.2',
    });
    expect(api.remote.planFix.mock.calls[1]?.[0]).toMatchObject({ sudoPassword: 'sudo-secret-9' });
    fireEvent.click(screen.getByRole('button', { name: 'Apply…' }));
    const confirm = within(screen.getByRole('dialog'));
    expect(confirm.getByText('This command will run on 10.232.2.2 with administrator rights. You can undo it afterwards.')).toBeTruthy();
    expect(confirm.getByTestId('confirm-commands').textContent).toContain('nft insert rule inet admin input tcp dport 8080 accept');
    fireEvent.click(confirm.getByRole('button', { name: 'Apply now' }));
    expect((await screen.findByTestId('fix-result')).dataset.fixed).toBe('true');
    expect(api.remote.applyFix.mock.calls[0]?.[0]).toMatchObject({ confirmed: true, port: 8080, source: '10.232.1.2', host: '10.232.2.2' });
    // The sudo password went with the one call it was asked for: not with the next, and not kept in any store.
    expect(api.remote.applyFix.mock.calls[0]?.[0]).not.toHaveProperty('sudoPassword');
    for (const store of [useRemoteStore, useDiagnoseStore, useFixStore])
      expect(JSON.stringify(store.getState())).not.toContain('sudo-secret-9');
    fireEvent.click(screen.getByRole('button', { name: 'Undo this change' }));
    expect(await screen.findByTestId('fix-undone')).toBeTruthy();
    expect(api.remote.undoFix.mock.calls[0]?.[0]).toMatchObject({ id: 'srv-undo-1', host: '10.232.2.2' });
    expect(api.firewall.planFix).not.toHaveBeenCalled();
    expect(api.firewall.undoFix).not.toHaveBeenCalled();
  });

  it('going back to this computer drops the typed password', async () => {
    await fillSshForm();
    fireEvent.click(screen.getByLabelText('This computer'));
    expect(useRemoteStore.getState().password).toBe('');
    expect(screen.getByTestId('source-input')).toBeTruthy();
  });
});
