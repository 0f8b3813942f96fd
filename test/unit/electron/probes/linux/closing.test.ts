import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closingFacts } from '../../../../../electron/probes/linux/kernel';
import { parseProcNet } from '../../../../../electron/probes/linux/parse-proc-net';
import { diagnoseCheck } from '../../../../../shared/diagnose/diagnose-check';
import type { CheckFacts, ClosingFacts } from '../../../../../shared/diagnose/facts';
import { engineT } from '../../../../../shared/i18n/engine-text';
import { verdictLead } from '../../../../../shared/report/verdict-lead';

/** Real /proc/net/tcp: 5 TIME-WAIT and 2 orphaned FIN-WAIT-2 on 127.0.0.1:8090, nothing listening (see SOURCES.md). */
const TABLE = readFileSync(fileURLToPath(new URL('../../../../fixtures/linux/proc-net-tcp-closing.txt', import.meta.url)), 'utf8');

function sockets(timers: boolean) {
  const r = parseProcNet(TABLE, 'tcp', 4, timers);
  if (r.kind !== 'ok') throw new Error(r.detail);
  return r.data;
}

describe('closing connections on a port (issue 17 item 15)', () => {
  it('reads the TIME-WAIT timer (timer 3) only when asked, in ms', () => {
    const withTimers = sockets(true).filter((s) => s.localPort === 8090);
    expect(withTimers.map((s) => [s.state, s.endsInMs])).toEqual([
      ['TIME-WAIT', 58500],
      ['TIME-WAIT', 58500],
      ['TIME-WAIT', 58500],
      ['FIN-WAIT-2', 58500],
      ['TIME-WAIT', 58500],
      ['TIME-WAIT', 58500],
      ['FIN-WAIT-2', 58500],
    ]);
    // CLOSE-WAIT clients (timer 0) carry none; the ports view (timers off) none at all.
    expect(sockets(true).filter((s) => s.state === 'CLOSE-WAIT' && s.endsInMs !== undefined)).toEqual([]);
    expect(sockets(false).some((s) => s.endsInMs !== undefined)).toBe(false);
  });

  it('counts by state with the first and last timer; none on a port without closing connections', () => {
    const all = sockets(true);
    expect(closingFacts(all.filter((s) => s.localPort === 8090))).toEqual({
      byState: { 'TIME-WAIT': 5, 'FIN-WAIT-2': 2 },
      total: 7,
      untimed: 0,
      firstEndsInMs: 58500,
      lastEndsInMs: 58500,
    });
    // The clients' side (local port 39464/39472, CLOSE-WAIT) holds nothing of port 8090.
    expect(closingFacts(all.filter((s) => s.localPort === 39464))).toBeNull();
    const mixed = closingFacts([
      ...all.filter((s) => s.localPort === 8090).slice(0, 2),
      { ...all[0]!, state: 'LAST-ACK', endsInMs: undefined },
      { ...all[0]!, endsInMs: 1200 },
    ]);
    expect(mixed).toMatchObject({ total: 4, untimed: 1, firstEndsInMs: 1200, lastEndsInMs: 58500 });
  });
});

function facts(closing: ClosingFacts | undefined): CheckFacts {
  return {
    platform: 'linux',
    target: { port: 8090, protocol: 'tcp' },
    listeners: { kind: 'ok', data: [] },
    addresses: { kind: 'ok', data: [] },
    localConnect: { kind: 'ok', data: [{ address: '127.0.0.1', outcome: 'refused', elapsedMs: 1, error: 'ECONNREFUSED' }] },
    firewall: { kind: 'ok', data: { present: [], inCharge: 'none', verdict: null, commands: [] } },
    kernel: { kind: 'ok', data: closing ? { closing } : {} },
  };
}

describe('diagnoseCheck: a restart blocked by closing connections', () => {
  const closing = closingFacts(sockets(true).filter((s) => s.localPort === 8090)) ?? undefined;

  it('keeps not-listening, names the closing connections, when the port frees, and the SO_REUSEADDR advice first', () => {
    const report = diagnoseCheck(facts(closing));
    expect(report.verdict.cause).toBe('not-listening');
    const service = report.steps[0];
    expect(service?.summary).toBe(
      'nothing listens on TCP port 8090, and 7 closing connection(s) still hold it against a bind without SO_REUSEADDR',
    );
    expect(service?.evidence.filter((e) => e.kind === 'closing').map((e) => e.text)).toEqual([
      '7 connection(s) on port 8090 are still closing (5 TIME-WAIT, 2 FIN-WAIT-2): until they are gone, a service that binds the port without SO_REUSEADDR fails with EADDRINUSE (errno 98, “Address already in use”)',
      'the kernel ends them by their TIME-WAIT timers: the first in 59 s, the last in 59 s — then a plain bind of port 8090 succeeds again (if nothing else holds it)',
    ]);
    const [first, second] = report.verdict.fixes;
    expect(first).toMatchObject({ id: 'restart-closing', commands: ['ss -tano state all sport = :8090'] });
    expect(first?.title).toMatch(/start it again in 59 s/);
    expect(first?.detail).toMatch(/Go’s net package and Node\.js \(libuv\) set it on TCP listeners/);
    expect(second?.id).toBe('start-service');
    // What a person reads first: the closing connections and when they end, then the refused connect.
    expect(verdictLead(report).proof.map((e) => e.kind)).toEqual(['closing', 'closing', 'connect']);
    expect(engineT('zh-CN', first?.titleKey, first?.titleParams, '')).toMatch(/59 秒后/);
  });

  it('promises no time while some have no timer, and says nothing extra without closing connections', () => {
    const untimed = diagnoseCheck(facts({ byState: { 'LAST-ACK': 1 }, total: 1, untimed: 1 }));
    expect(untimed.verdict.fixes[0]?.titleKey).toBe('engine.restart.fixTitleUntimed');
    expect(untimed.steps[0]?.evidence.map((e) => e.key)).toContain('engine.restart.untimed');
    const plain = diagnoseCheck(facts(undefined));
    expect(plain.steps[0]?.summary).toBe('nothing listens on TCP port 8090');
    expect(plain.verdict.fixes.map((f) => f.id)).toEqual(['start-service']);
  });
});
