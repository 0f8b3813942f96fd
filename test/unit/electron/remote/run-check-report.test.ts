import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../../electron/handlers';
import { dispatchStream } from '../../../../electron/ipc/dispatch';
import { testServices } from '../test-services';

/** A check as `portdoctor check 8080 --source 10.0.0.2 --json` prints it, with a firewall step no machine here could produce. */
const check = {
  schema: 'portdoctor.check/1',
  target: { port: 8080, protocol: 'tcp', source: '10.0.0.2' },
  verdict: { cause: 'host-firewall-drop', summary: 'dropped', fixes: [] },
  steps: [
    { id: 'service', status: 'pass', summary: 'listening', evidence: [] },
    { id: 'binding', status: 'pass', summary: 'all addresses', evidence: [] },
    { id: 'firewall', status: 'fail', summary: 'MARKER-drop-rule', evidence: [] },
  ],
  findings: [],
};

async function run(request: Record<string, unknown>) {
  const table = createHandlers();
  return new Promise<{ steps: { id: string; summary: string }[] }>((resolve, reject) => {
    void dispatchStream(
      table,
      testServices(),
      'diagnose:run',
      request,
      new AbortController().signal,
      (m) => {
        const msg = m as { type: string; result?: { kind: string; data: { steps: { id: string; summary: string }[] } }; message?: string };
        if (msg.type === 'done' && msg.result?.kind === 'ok') resolve(msg.result.data);
        else if (msg.type !== 'event') reject(new Error(msg.message ?? 'no report'));
      },
      () => undefined,
    );
  });
}

describe('diagnose:run with a check report (what the two-ended run makes while it captures)', () => {
  it('uses a check for the same port, protocol and source instead of checking again', async () => {
    const report = await run({ port: 8080, source: '10.0.0.2', checkReport: check });
    expect(report.steps.find((s) => s.id === 'firewall')?.summary).toBe('MARKER-drop-rule');
  });

  it('checks again when the report is about another port or another client', async () => {
    for (const request of [
      { port: 8081, source: '10.0.0.2' },
      { port: 8080, source: '10.0.0.3' },
    ]) {
      const report = await run({ ...request, checkReport: check });
      expect(report.steps.find((s) => s.id === 'firewall')?.summary).not.toBe('MARKER-drop-rule');
    }
  });
});
