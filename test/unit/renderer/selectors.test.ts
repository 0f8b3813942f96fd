import { describe, expect, it } from 'vitest';
import type { SystemInfo } from '../../../shared/ipc/contract';
import { STEP_IDS } from '../../../shared/schemas/report';
import type { CheckReport } from '../../../shared/schemas/report';
import { STEP_ORDER, selectStepRows } from '../../../renderer/features/diagnose/diagnose-selectors';
import { parsePortInput } from '../../../renderer/state/port-input';
import { formatEndpoint, selectSocketRows } from '../../../renderer/features/ports/ports-selectors';
import { selectReportSummary } from '../../../renderer/features/reports/reports-selectors';
import { formatRecordedAt, selectElevation, selectReplay } from '../../../renderer/state/shell-selectors';
import { isSourceValid } from '../../../renderer/features/firewall/firewall-store';

describe('parsePortInput', () => {
  it.each([
    ['8080', { ok: true, port: 8080 }],
    [' 443 ', { ok: true, port: 443 }],
    ['1', { ok: true, port: 1 }],
    ['65535', { ok: true, port: 65535 }],
    ['', { ok: false, error: 'errorRequired' }],
    ['   ', { ok: false, error: 'errorRequired' }],
    ['0', { ok: false, error: 'errorRange' }],
    ['65536', { ok: false, error: 'errorRange' }],
    ['70000', { ok: false, error: 'errorRange' }],
    ['-1', { ok: false, error: 'errorNumber' }],
    ['80.5', { ok: false, error: 'errorNumber' }],
    ['1e3', { ok: false, error: 'errorNumber' }],
    ['80 81', { ok: false, error: 'errorNumber' }],
    ['http', { ok: false, error: 'errorNumber' }],
  ])('%j → %j', (text, want) => {
    expect(parsePortInput(text)).toEqual(want);
  });
});

const report: CheckReport = {
  schema: 'portdoctor.check/1',
  target: { port: 8080, protocol: 'tcp' },
  verdict: { cause: 'ok', summary: 'partial', fixes: [], partial: true },
  steps: [
    { id: 'service', status: 'pass', evidence: [] },
    { id: 'binding', status: 'unknown', reason: 'needs-admin', evidence: [] },
    { id: 'firewall', status: 'fail', evidence: [{ kind: 'rule', text: 'drop' }] },
  ],
  findings: [],
};

describe('selectStepRows', () => {
  it('keeps the same five steps as the schema, in order', () => {
    expect([...STEP_ORDER]).toEqual([...STEP_IDS]);
  });

  it('shows five pending rows before any check, and five running rows while waiting', () => {
    expect(selectStepRows({ state: 'idle' }).map((r) => r.status)).toEqual(Array(5).fill('pending'));
    expect(selectStepRows({ state: 'loading' }).map((r) => r.status)).toEqual(Array(5).fill('running'));
  });

  it('claims no status when the check was unavailable or the call failed', () => {
    const unavailable = selectStepRows({ state: 'done', value: { kind: 'unavailable', reason: 'not-implemented', detail: 'later' } });
    expect(unavailable.map((r) => r.status)).toEqual(Array(5).fill('pending'));
    expect(selectStepRows({ state: 'failed', message: '403' }).map((r) => r.status)).toEqual(Array(5).fill('pending'));
  });

  it("takes each step's own status, keeps unknown as unknown, and leaves missing steps pending", () => {
    const rows = selectStepRows({ state: 'done', value: { kind: 'ok', data: report } });
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['service', 'pass'],
      ['binding', 'unknown'],
      ['firewall', 'fail'],
      ['client', 'pending'],
      ['packets', 'pending'],
    ]);
    expect(rows[2]?.step?.evidence[0]?.text).toBe('drop');
  });
});

const info = (over: Partial<SystemInfo>): SystemInfo => ({
  platform: 'linux',
  release: '6.1',
  arch: 'x64',
  hostname: 'srv',
  appVersion: '0.1.0',
  elevated: false,
  replay: null,
  ...over,
});

describe('shell selectors', () => {
  it('shows elevation only once known, and null elevation as unknown (never as elevated)', () => {
    expect(selectElevation({ state: 'loading' })).toBeNull();
    expect(selectElevation({ state: 'done', value: info({ elevated: true }) })).toBe('elevated');
    expect(selectElevation({ state: 'done', value: info({ elevated: false }) })).toBe('not-elevated');
    expect(selectElevation({ state: 'done', value: info({ elevated: null }) })).toBe('unknown');
  });

  it('gives the replay banner only when replaying', () => {
    expect(selectReplay({ state: 'done', value: info({}) })).toBeNull();
    const replay = selectReplay({
      state: 'done',
      value: info({ replay: { hostname: 'WIN-1', recordedAt: 'not a date', platform: 'win32' } }),
    });
    expect(replay).toEqual({ host: 'WIN-1', time: 'not a date' });
  });

  it('formats a valid recorded time and passes an invalid one through as text', () => {
    expect(formatRecordedAt('2026-11-20T09:30:00.000Z', 'en-US')).toMatch(/2026/);
    expect(formatRecordedAt('<b>yesterday</b>')).toBe('<b>yesterday</b>');
  });
});

describe('ports selectors', () => {
  it('brackets IPv6 endpoints', () => {
    expect(formatEndpoint('::1', 22)).toBe('[::1]:22');
    expect(formatEndpoint('0.0.0.0', 80)).toBe('0.0.0.0:80');
  });

  it('lists listening sockets first, by port, with owners or null', () => {
    const base = { protocol: 'tcp' as const, family: 4 as const, localAddress: '0.0.0.0', remoteAddress: '0.0.0.0', remotePort: 0 };
    const rows = selectSocketRows([
      { ...base, state: 'ESTAB', localPort: 22 },
      { ...base, state: 'LISTEN', localPort: 8080, owner: { pid: 7, name: 'node' } },
      { ...base, state: 'LISTEN', localPort: 22, family: 6, localAddress: '::' },
    ]);
    expect(rows.map((r) => [r.protocol, r.local, r.state, r.owner])).toEqual([
      ['tcp6', '[::]:22', 'LISTEN', null],
      ['tcp', '0.0.0.0:8080', 'LISTEN', 'node (7)'],
      ['tcp', '0.0.0.0:22', 'ESTAB', null],
    ]);
  });
});

describe('firewall source validation', () => {
  it.each([
    ['', true],
    ['10.0.0.0/8', true],
    ['203.0.113.7', true],
    ['2001:db8::/32', true],
    ['10.0.0.0/33', false],
    ['example.com', false],
    ['1.2.3.4; rm -rf /', false],
  ])('%j → %s', (source, ok) => {
    expect(isSourceValid(source)).toBe(ok);
  });
});

describe('selectReportSummary', () => {
  it('counts sources and keeps hostile text as it is', () => {
    const summary = selectReportSummary({
      schema: 'portdoctor.bundle/1',
      appVersion: '0.1.0',
      recordedAt: '2026-11-20T09:30:00.000Z',
      platform: { os: 'win32', hostname: '<img src=x onerror=alert(1)>', release: '10.0.20348' },
      sources: { 'windows.netstat.ano': { argv: ['netstat', '-ano'] }, 'windows.netsh.portproxy': { argv: ['netsh'] } },
    });
    expect(summary.host).toBe('<img src=x onerror=alert(1)>');
    expect(summary.sources).toBe(2);
    expect(summary.osDetail).toBe('10.0.20348');
    expect(summary.port).toBeNull();
    expect(summary.cause).toBeNull();
  });
});
