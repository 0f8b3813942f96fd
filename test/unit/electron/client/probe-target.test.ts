import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyConnectError } from '../../../../electron/probes/client/classify-connect-error';
import { probeMany } from '../../../../electron/probes/client/probe-many';
import { probeTarget } from '../../../../electron/probes/client/probe-target';
import type { LookupAll } from '../../../../electron/probes/client/resolve-host';
import { createLiveRunner } from '../../../../electron/system/run-command';
import { ProbeReportSchema } from '../../../../shared/schemas/report';

const runner = createLiveRunner();
const deps = { runner, platform: 'linux' as const };
// Resolvers that never touch DNS: a fixed answer, a failure, and one that never answers.
const fixed =
  (address: string, family = 4): LookupAll =>
  async () => [{ address, family }];
const failing =
  (code: string): LookupAll =>
  async () =>
    Promise.reject(Object.assign(new Error(code), { code }));
const never: LookupAll = () => new Promise(() => undefined);

let server: Server;
let port = 0;
let closedPort = 0;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(204).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});
afterAll(() => new Promise((r) => server.close(r)));

describe('classifyConnectError', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ETIMEDOUT', 'timeout'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENETUNREACH', 'unreachable'],
    ['EACCES', 'unreachable'],
    ['EADDRNOTAVAIL', 'source-exhausted'],
    ['ENOTFOUND', 'dns-failure'],
    ['EAI_AGAIN', 'dns-failure'],
    ['EWHATEVER', 'unreachable'],
  ])('%s → %s', (code, outcome) => expect(classifyConnectError(code).outcome).toBe(outcome));

  it('keeps EHOSTUNREACH and ENETUNREACH apart in the words', () => {
    expect(classifyConnectError('EHOSTUNREACH').meaning.text).toMatch(/host unreachable/);
    expect(classifyConnectError('ENETUNREACH').meaning.text).toMatch(/no route/);
  });
});

describe('probeTarget on loopback (real sockets)', () => {
  it('ok: records the attempt, the source address and, when asked, the HTTP status line', async () => {
    const r = ProbeReportSchema.parse(await probeTarget({ host: '127.0.0.1', port, timeoutMs: 2000, http: true }, deps));
    expect(r).toMatchObject({ outcome: 'ok', cause: 'ok', remoteAddress: '127.0.0.1', localAddress: '127.0.0.1' });
    expect(r.attempts?.[0]).toMatchObject({ address: '127.0.0.1', outcome: 'ok' });
    expect(r.http?.statusLine).toBe('HTTP/1.1 204 No Content');
    expect(r.route?.text).toMatch(/^local 127\.0\.0\.1 dev lo/);
  });

  it('refused: ECONNREFUSED names no server-side cause — unknown, its candidates, and the next step on the server', async () => {
    const r = ProbeReportSchema.parse(await probeTarget({ host: '127.0.0.1', port: closedPort, timeoutMs: 2000 }, deps));
    expect(r).toMatchObject({ outcome: 'refused', error: 'ECONNREFUSED', cause: 'unknown' });
    expect(r.candidates).toEqual(expect.arrayContaining(['not-listening', 'host-firewall-reject', 'loopback-only']));
    expect(r.evidence?.some((e) => e.kind === 'note' && e.key === 'engine.probe.alone.refused')).toBe(true);
    expect(r.evidence?.find((e) => e.kind === 'next')).toMatchObject({
      key: 'engine.probe.next',
      command: `portdoctor check ${closedPort}`,
    });
  });

  it('TLS on a plain port says the handshake failed rather than pretending', async () => {
    const r = await probeTarget({ host: '127.0.0.1', port, timeoutMs: 1500, tls: true }, deps);
    expect(r.outcome).toBe('ok');
    expect(r.tls?.ok).toBe(false);
  });

  it('a name: every address with its family and the time taken', async () => {
    const r = await probeTarget({ host: 'svc.example', port, timeoutMs: 2000 }, { ...deps, lookup: fixed('127.0.0.1') });
    expect(r.outcome).toBe('ok');
    expect(r.resolution).toMatchObject({ addresses: [{ address: '127.0.0.1', family: 4 }], fromHostsFile: false });
    expect(r.addresses).toEqual(['127.0.0.1']);
  });

  it('localhost comes from the hosts file', async () => {
    const r = await probeTarget({ host: 'localhost', port, timeoutMs: 2000 }, { ...deps, lookup: fixed('127.0.0.1') });
    expect(r.resolution?.fromHostsFile).toBe(true);
  });

  it('dns-failure: NXDOMAIN, and a resolver that never answers is bounded by the budget', async () => {
    expect(
      await probeTarget({ host: 'nothing.invalid', port: 80, timeoutMs: 2000 }, { ...deps, lookup: failing('ENOTFOUND') }),
    ).toMatchObject({ outcome: 'dns-failure', cause: 'dns-failure', error: 'ENOTFOUND' });
    const started = performance.now();
    const slow = await probeTarget({ host: 'slow.invalid', port: 80, timeoutMs: 300 }, { ...deps, lookup: never });
    expect(slow).toMatchObject({ outcome: 'dns-failure', error: 'ETIMEDOUT' });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('a host with shell metacharacters is refused before anything runs', async () => {
    await expect(probeTarget({ host: '127.0.0.1;id', port: 80, timeoutMs: 100 }, deps)).rejects.toThrow(/not a host/);
    await expect(probeTarget({ host: '$(reboot)', port: 80, timeoutMs: 100 }, deps)).rejects.toThrow(/not a host/);
  });
});

describe('probeMany', () => {
  it('probes many targets in parallel within one budget', async () => {
    const targets = Array.from({ length: 200 }, (_, i) => ({ host: '127.0.0.1', port: i % 2 === 0 ? port : closedPort }));
    const started = performance.now();
    const reports = await probeMany(targets, 2000, deps);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(reports.filter((r) => r.outcome === 'ok')).toHaveLength(100);
    expect(reports.filter((r) => r.outcome === 'refused')).toHaveLength(100);
  });
});
