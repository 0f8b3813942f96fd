import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import { cliArgv } from './harness/private-cli';
import { requireBuiltCli, runCheck, stepOf } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';

const PORT = 8090;
const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));

// A plain Python listener (no SO_REUSEADDR) that closes every accepted connection first, as a server that ends
// its responses does; it prints `ready` once listening and `served` after `count` connections.
const SERVER = [
  'import socket, sys',
  's = socket.socket()',
  `s.bind(("127.0.0.1", ${PORT}))`,
  's.listen(16)',
  'print("ready", flush=True)',
  'for _ in range(int(sys.argv[1])):',
  '    c, _ = s.accept()',
  '    c.close()',
  'print("served", flush=True)',
  'sys.stdin.read()',
].join('\n');

// Clients that wait for the server's FIN, then close too: the server's side ends in TIME-WAIT.
const CLIENTS = [
  'import socket, sys',
  'for _ in range(int(sys.argv[1])):',
  `    c = socket.create_connection(("127.0.0.1", ${PORT}))`,
  '    c.recv(1)',
  '    c.close()',
].join('\n');

// What a restarted service does when it binds without SO_REUSEADDR: prints `bound` or the errno.
const PLAIN_BIND = [
  'import socket',
  's = socket.socket()',
  'try:',
  `    s.bind(("127.0.0.1", ${PORT})); print("bound")`,
  'except OSError as e:',
  '    print("errno", e.errno)',
].join('\n');

// Issue 17 item 15: a restart blocked by TIME-WAIT. Before, check said only `not-listening` and "start the service".
describe.skipIf(!labAvailable())('lab: a restart blocked by TIME-WAIT connections', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it('names the TIME-WAIT sockets on the port, when they free it, and the SO_REUSEADDR advice', async () => {
    await withLab({ prefix: 'pdtw-' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const server = await lab.spawn(srv, ['python3', '-c', SERVER, '5'], { ready: /ready/, stdin: true });
      await lab.must(srv, ['python3', '-c', CLIENTS, '5']);
      await expect.poll(() => server.output(), { timeout: 5000 }).toMatch(/served/);
      server.kill();
      await server.exited;

      // Ground truth from the kernel: the restart fails with EADDRINUSE.
      expect((await lab.must(srv, ['python3', '-c', PLAIN_BIND])).stdout.trim()).toBe('errno 98');
      const ss = (await lab.must(srv, ['ss', '-Htano', 'state', 'time-wait', 'sport', '=', `:${PORT}`])).stdout.trim().split('\n');
      expect(ss).toHaveLength(5);

      const { report, exitCode } = await runCheck({ lab, ns: srv }, PORT);
      expect(report.verdict.cause).toBe('not-listening');
      expect(exitCode).toBe(1);
      const service = stepOf(report, 'service');
      expect(service.summary).toMatch(/5 closing connection\(s\) still hold it against a bind without SO_REUSEADDR/);
      const closing = service.evidence.filter((e) => e.kind === 'closing');
      expect(closing[0]?.text).toMatch(/^5 connection\(s\) on port 8090 are still closing \(5 TIME-WAIT\): .*EADDRINUSE \(errno 98/);
      const frees = closing[1]?.data as { firstEndsInMs?: number; lastEndsInMs?: number } | undefined;
      // TIME-WAIT lasts 60 s on Linux (TCP_TIMEWAIT_LEN); the check ran within it, so the last ends within a minute.
      expect(frees?.lastEndsInMs).toBeGreaterThan(0);
      expect(frees?.lastEndsInMs).toBeLessThanOrEqual(60_000);
      expect(closing[1]?.text).toMatch(/the last in \d+ s — then a plain bind of port 8090 succeeds again/);
      const fix = report.verdict.fixes[0];
      expect(fix?.id).toBe('restart-closing');
      expect(fix?.title).toMatch(/start it again in \d+ s, .* or have it set SO_REUSEADDR/);
      expect(fix?.detail).toMatch(/both the old listener .* and the new socket set SO_REUSEADDR/);
      expect(report.verdict.fixes.map((f) => f.id)).toContain('start-service');

      // The text presenter leads with them, in Chinese too.
      const en = await lab.exec(srv, [...cliArgv(CLI), 'check', String(PORT)], { timeoutMs: 60_000 });
      expect(en.stdout).toMatch(/Proof: 5 connection\(s\) on port 8090 are still closing \(5 TIME-WAIT\)/);
      const zh = await lab.exec(srv, [...cliArgv(CLI), 'check', String(PORT), '--lang', 'zh-CN'], { timeoutMs: 60_000 });
      expect(zh.stdout).toMatch(/端口 8090 上仍有 5 个正在关闭的连接（5 TIME-WAIT）/);
    });
  });
});
