import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runHandler } from '../../../../electron/handlers/run';
import { CheckReportSchema, ProbeReportSchema } from '../../../../shared/schemas/report';
import type { WatchReport } from '../../../../shared/schemas/report';
import { testServices } from '../test-services';

const probe = ProbeReportSchema.parse(
  JSON.parse(readFileSync(new URL('../../../fixtures/capture/reports/upstream-drop.probe.json', import.meta.url), 'utf8')),
);

describe('diagnose:run handler', () => {
  it('joins a client report and a watch report; steps the host could not check stay unknown and the verdict is partial', async () => {
    const events: string[] = [];
    const watch: WatchReport = { schema: 'portdoctor.watch/1', port: 8080, seconds: 5, peers: [] };
    const services = testServices();
    const r = await runHandler(
      { port: 8080, protocol: 'tcp', clientReport: probe, watchReport: watch },
      {
        services,
        signal: new AbortController().signal,
        emit: (e) => events.push(e.type === 'step-started' ? `start:${e.id}` : `done:${e.step.id}:${e.step.status}`),
      },
    );
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    const report = CheckReportSchema.parse(r.data);
    expect(report.verdict).toMatchObject({ cause: 'upstream-filtered', partial: true });
    expect(report.steps.map((s) => s.id)).toEqual(['service', 'binding', 'firewall', 'client', 'packets']);
    expect(report.steps.find((s) => s.id === 'firewall')?.status).toBe('unknown');
    expect(report.steps.find((s) => s.id === 'client')?.status).toBe('fail');
    expect(report.verdict.fixes[0]).toMatchObject({ id: 'upstream-generic', kind: 'guided' });
    expect(events).toContain('done:client:fail');
    expect(events).toContain('done:packets:fail');
  });

  it('a watch report about another port is not used', async () => {
    const watch: WatchReport = { schema: 'portdoctor.watch/1', port: 9090, peers: [] };
    const r = await runHandler(
      { port: 8080, protocol: 'tcp', clientReport: probe, watchReport: watch },
      { services: testServices(), signal: new AbortController().signal, emit: () => undefined },
    );
    if (r.kind !== 'ok') throw new Error(r.detail);
    expect(r.data.steps.find((s) => s.id === 'packets')).toMatchObject({ status: 'unknown', reason: 'unparseable' });
    expect(r.data.verdict.cause).toBe('upstream-filtered');
    expect(r.data.verdict.partial).toBe(true);
  });
});
