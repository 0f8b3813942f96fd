import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readLinuxCheckFacts } from '../../../../../electron/probes/linux/check-facts';
import type { CommandResult, FileSpec, Runner } from '../../../../../electron/system/runner';
import { diagnoseCheck } from '../../../../../shared/diagnose/diagnose-check';
import { judgeCheckFacts } from '../../../../../shared/diagnose/judge-facts';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
/** A LISTEN row for 127.0.0.1:port in the kernel's own layout (net/ipv4/tcp_ipv4.c get_tcp4_sock). */
const listenRow = (port: number) =>
  `   0: 0100007F:${hexPort(port)} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 000000007a39d9a9 100 0 0 10 0\n`;

/**
 * A live runner whose /proc/net/tcp shows no listener on its first read and `later` on every read after it
 * (a listener that came up between the table read and the loopback connect); every other source is missing.
 */
function runner(later: string): { runner: Runner; tcpReads: () => number } {
  let reads = 0;
  const missing = (source: string, argv: string[]): CommandResult => ({
    kind: 'error',
    source,
    argv,
    error: { reason: 'not-installed', detail: 'not in this test' },
  });
  const r: Runner = {
    mode: 'live',
    run: (spec) => Promise.resolve(missing(spec.source, [spec.file, ...spec.args])),
    readFile: (spec: FileSpec) => {
      if (spec.path !== '/proc/net/tcp' && spec.path !== '/proc/net/udp') return Promise.resolve(missing(spec.source, ['cat', spec.path]));
      const text = spec.path === '/proc/net/tcp' && reads++ > 0 ? HEADER + later : HEADER;
      return Promise.resolve({
        kind: 'ok',
        source: spec.source,
        argv: ['cat', spec.path],
        output: { stdout: Buffer.from(text), stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: 1 },
      });
    },
  };
  return { runner: r, tcpReads: () => reads };
}

let server: Server | null = null;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

function listen(): Promise<number> {
  server = createServer((s) => s.destroy());
  return new Promise((resolve) => server?.listen(0, '127.0.0.1', () => resolve((server?.address() as AddressInfo).port)));
}

describe('check: a loopback connect that succeeded re-reads the socket table (issue 17 item 14)', () => {
  it('finds the listener that came up during the check on the second read', async () => {
    const port = await listen();
    const fake = runner(listenRow(port));
    const facts = await readLinuxCheckFacts(fake.runner, { port, protocol: 'tcp' });
    expect(fake.tcpReads()).toBe(2);
    expect(facts.listeners.kind === 'ok' && facts.listeners.data.map((s) => `${s.localAddress}:${s.localPort} ${s.state}`)).toEqual([
      `127.0.0.1:${port} LISTEN`,
    ]);
    const report = diagnoseCheck(judgeCheckFacts(facts));
    expect(report.verdict.cause).not.toBe('not-listening');
    expect(report.steps[0]?.status).not.toBe('fail');
  });

  it('still unseen after the re-read: unknown with the contradiction, never not-listening', async () => {
    const port = await listen();
    const fake = runner('');
    const report = diagnoseCheck(judgeCheckFacts(await readLinuxCheckFacts(fake.runner, { port, protocol: 'tcp' })));
    expect(fake.tcpReads()).toBe(2);
    expect(report.steps[0]).toMatchObject({ status: 'unknown', reason: 'inconsistent' });
    expect(report.verdict.cause).toBe('unknown');
  });

  it('reads the table once when the connect is refused', async () => {
    const port = await listen();
    await new Promise<void>((done) => server?.close(() => done()));
    server = null;
    const fake = runner(listenRow(port));
    const report = diagnoseCheck(judgeCheckFacts(await readLinuxCheckFacts(fake.runner, { port, protocol: 'tcp' })));
    expect(fake.tcpReads()).toBe(1);
    expect(report.verdict.cause).toBe('not-listening');
  });
});
