import { act, fireEvent, screen } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wizardHarness } from './wizard-harness';

// Issue 13 item 3: the window stuttered during every diagnosis because each streamed step rendered the whole page
// again (the form, the path, all five rows with their evidence) in one synchronous task. A streamed step must render
// its own row only. Counted by the sentences each part translates while rendering (a part that did not render
// translates nothing).

const { api, renderApp } = wizardHarness();
const step = (id: string, status: string) => ({
  id,
  status,
  summary: `${id}: ${status}`,
  evidence: [{ kind: 'k', text: `seen in ${id}` }],
});
type OnMessage = (m: unknown) => void;

afterEach(() => vi.restoreAllMocks());

describe('Diagnose wizard: a streamed step', { timeout: 20_000 }, () => {
  it('renders its own row, not the form, the other rows nor the client and capture panels', async () => {
    let send: OnMessage = () => undefined;
    api.diagnose.run.mockImplementation((_r: unknown, on: OnMessage) => ((send = on), () => undefined));
    await renderApp();
    fireEvent.change(screen.getByTestId('port-input'), { target: { value: '8080' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    act(() => send({ type: 'event', event: { type: 'step-started', id: 'service' } }));
    const t = vi.spyOn(i18next, 't');
    act(() => send({ type: 'event', event: { type: 'step-finished', step: step('service', 'pass') } }));
    expect(screen.getByTestId('step-service').dataset.status).toBe('pass');
    const keys = t.mock.calls.map((c) => String(c[0]));
    // The row that changed rendered (its question is translated again) …
    expect(keys).toContain('wizard.about.service');
    // … and nothing else did: the other four rows, the form, the client's and the capture's panels.
    for (const other of ['wizard.about.binding', 'wizard.about.firewall', 'wizard.about.client', 'wizard.about.packets'])
      expect(keys).not.toContain(other);
    expect(keys).not.toContain('diagnose.portHint');
    expect(keys).not.toContain('wizard.clientIntro');
    expect(keys).not.toContain('wizard.captureIntro');
  });
});
