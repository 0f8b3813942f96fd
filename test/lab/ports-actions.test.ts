import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortAction } from '../../shared/schemas/port-actions';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { buildPrivateCli, cliArgv } from './harness/private-cli';
import { keepHostFirewallUnchanged } from './support/host-guard';

// Issue 13 item 6: TCPView's Close Connection and End Process, on real sockets in namespaces, through the real CLI.
const SERVER = '10.233.6.1';
const CLIENT = '10.233.6.2';
const PORT = 8097;

// A server that accepts one connection, reports its pid and the peer, then reads until the connection ends and says how.
const SERVER_PY = [
  'import os, socket, sys',
  's = socket.socket()',
  `s.bind(("${SERVER}", ${PORT}))`,
  's.listen(4)',
  'print("ready", os.getpid(), flush=True)',
  'c, peer = s.accept()',
  'print("peer", peer[1], flush=True)',
  'try:',
  '    data = c.recv(10)',
  '    print("server-eof" if data == b"" else "server-data", flush=True)',
  'except OSError as e:',
  '    print("server-error", e.errno, flush=True)',
  'sys.stdin.read()',
].join('\n');

// The client in the other namespace: connects, prints its port, and reads until the server's side ends.
const CLIENT_PY = [
  'import socket',
  `c = socket.create_connection(("${SERVER}", ${PORT}))`,
  'print("connected", c.getsockname()[1], flush=True)',
  'try:',
  '    data = c.recv(10)',
  '    print("client-eof" if data == b"" else "client-data", flush=True)',
  'except ConnectionResetError:',
  '    print("client-reset", flush=True)',
].join('\n');

describe.skipIf(!labAvailable())('lab: close a connection and end its process (ports --close / --kill)', () => {
  keepHostFirewallUnchanged();
  let cli: { path: string; remove: () => Promise<void> };
  let dataDir: string;
  beforeAll(async () => {
    cli = await buildPrivateCli('pdk');
    dataDir = await mkdtemp(join(tmpdir(), 'pdk-lab-'));
  });
  afterAll(async () => {
    await cli?.remove();
    await rm(dataDir, { recursive: true, force: true });
  });
  const portdoctor = (lab: Lab, ns: string, args: string[]) =>
    lab.exec(ns, ['env', `PORTDOCTOR_DATA_DIR=${dataDir}`, ...cliArgv(cli.path), 'ports', ...args], { timeoutMs: 60_000 });

  it('closes one real connection with ss -K: the peer in the other namespace sees a reset; the audit log has it', async () => {
    await withLab({ prefix: 'pdk-' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const cl = await lab.namespace('cli');
      await lab.link(cl, `${CLIENT}/24`, srv, `${SERVER}/24`);
      const server = await lab.spawn(srv, ['python3', '-c', SERVER_PY], { ready: /ready/, stdin: true });
      const client = await lab.spawn(cl, ['python3', '-c', CLIENT_PY], { ready: /connected \d+/ });
      const clientPort = /connected (\d+)/.exec(client.output())?.[1];
      await expect.poll(() => server.output(), { timeout: 5000 }).toMatch(/peer \d+/);
      const target = `${SERVER}:${PORT}-${CLIENT}:${clientPort}`;

      // The preview runs nothing: the connection is still there afterwards.
      const preview = await portdoctor(lab, srv, ['--close', target, '--json']);
      expect(preview.code).toBe(0);
      const planned = JSON.parse(preview.stdout) as PortAction;
      expect(planned.outcome).toBe('preview');
      expect(planned.commands[0]?.argv).toEqual([
        'ss',
        '-K',
        '-t',
        '-n',
        'src',
        SERVER,
        'sport',
        '=',
        `:${PORT}`,
        'dst',
        CLIENT,
        'dport',
        '=',
        `:${clientPort}`,
      ]);
      const listed = await lab.must(srv, ['ss', '-H', '-t', '-n', 'state', 'established', 'sport', '=', `:${PORT}`]);
      expect(listed.stdout.trim().split('\n')).toHaveLength(1);
      expect(client.output()).not.toMatch(/client-(reset|eof)/);

      const closed = await portdoctor(lab, srv, ['--close', target, '--yes']);
      expect(closed.stdout).toMatch(/^Closed: the connection 10\.233\.6\.1:8097 → 10\.233\.6\.2:\d+ is gone from the socket table\.$/m);
      expect(closed.code).toBe(0);
      // Ground truth: the kernel sent the peer a reset, and the server's own socket was aborted (ECONNABORTED, 103).
      await expect.poll(() => client.output(), { timeout: 5000 }).toMatch(/client-reset/);
      await expect.poll(() => server.output(), { timeout: 5000 }).toMatch(/server-error 103/);
      expect((await lab.must(srv, ['ss', '-H', '-t', '-n', 'state', 'established', 'sport', '=', `:${PORT}`])).stdout.trim()).toBe('');

      // Again: nothing left to close is said as such (exit 1), never as closed.
      const again = await portdoctor(lab, srv, ['--close', target, '--yes', '--lang', 'zh-CN']);
      expect(again.code).toBe(1);
      expect(again.stdout).toMatch(/没有这个连接：10\.233\.6\.1:8097 → 10\.233\.6\.2:\d+ 不在套接字表中/);

      const audit = (await readFile(join(dataDir, 'audit.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { action: string; outcome: string });
      expect(audit.filter((a) => a.action === 'close-connection').map((a) => a.outcome)).toEqual(['closed', 'not-found']);
      server.kill();
    });
  });

  it('ends the process that owns the listener with SIGTERM after a preview; the port is free afterwards', async () => {
    await withLab({ prefix: 'pdk-' }, async (lab) => {
      const srv = await lab.namespace('srv');
      const cl = await lab.namespace('cli');
      await lab.link(cl, `${CLIENT}/24`, srv, `${SERVER}/24`);
      const server = await lab.spawn(srv, ['python3', '-c', SERVER_PY], { ready: /ready \d+/ });
      const pid = /ready (\d+)/.exec(server.output())?.[1] ?? '';

      const preview = await portdoctor(lab, srv, ['--kill', pid]);
      expect(preview.code).toBe(0);
      expect(preview.stdout).toContain(`End python3 (PID ${pid}): it gets SIGTERM and may finish its work first.`);
      expect(preview.stdout).toContain(`    kill -TERM ${pid}`);
      expect(preview.stdout).toMatch(/Nothing ran\. Add --yes to run it\./);
      expect((await lab.must(srv, ['ss', '-H', '-l', '-t', '-n', 'sport', '=', `:${PORT}`])).stdout.trim()).not.toBe('');

      const ended = await portdoctor(lab, srv, ['--kill', pid, '--yes', '--json']);
      const action = JSON.parse(ended.stdout) as PortAction;
      expect([action.outcome, ended.code]).toEqual(['ended', 0]);
      expect(action.runs?.map((r) => r.argv)).toEqual([['kill', '-TERM', pid]]);
      expect(await server.exited).not.toBe(0);
      expect((await lab.must(srv, ['ss', '-H', '-l', '-t', '-n', 'sport', '=', `:${PORT}`])).stdout.trim()).toBe('');
      expect(await lab.connect(cl, SERVER, PORT, 1500)).toBe('refused');
    });
  });
});
