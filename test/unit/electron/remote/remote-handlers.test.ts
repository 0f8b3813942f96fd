/**
 * The app's remote channels against a real SSH server (ssh2's Server, in this process): the host key is checked
 * before any login, an unknown key is answered with its fingerprint and trusted only when the user accepted exactly
 * it (then kept in PortDoctor's own known_hosts), a changed key is refused before anything runs, and a password
 * typed in the app reaches the server but no file and no answer. The server runs no portdoctor here (every command
 * exits 127), so a session that got in ends with the server's own "cannot tell the system" answer; the lab e2e runs
 * the real thing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, utils } from 'ssh2';
import type { Connection } from 'ssh2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../../electron/handlers';
import { dispatchCall, dispatchStream } from '../../../../electron/ipc/dispatch';
import { fingerprint } from '../../../../electron/remote/known-hosts';
import { testServices } from '../test-services';

const PASSWORD = 'Tr0ub4dor&3-pd-unit-secret';
const table = createHandlers();

interface Seen {
  auth: string[];
  execs: string[];
}

function keyPair() {
  const k = utils.generateKeyPairSync('ed25519');
  const blob = Buffer.from(k.public.trim().split(/\s+/)[1] ?? '', 'base64');
  return { private: k.private, line: k.public.trim().split(/\s+/).slice(0, 2).join(' '), fingerprint: fingerprint(blob) };
}

async function startServer(hostKey: string, seen: Seen): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new Server({ hostKeys: [hostKey] }, (client: Connection) => {
    client.on('authentication', (ctx) => {
      seen.auth.push(ctx.method);
      if (ctx.method === 'password' && ctx.username === 'ops' && ctx.password === PASSWORD) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('exec', (acceptExec, _reject, info) => {
          seen.execs.push(info.command);
          const stream = acceptExec();
          stream.stderr.write('not found\n');
          stream.exit(127);
          stream.end();
        });
      });
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('remote:* handlers against a real SSH server', () => {
  const key = keyPair();
  const other = keyPair();
  const seen: Seen = { auth: [], execs: [] };
  let server: { port: number; close: () => Promise<void> };
  let dataDir: string;
  beforeAll(async () => {
    server = await startServer(key.private, seen);
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    seen.auth.length = 0;
    seen.execs.length = 0;
    dataDir = await mkdtemp(join(tmpdir(), 'pd-remote-unit-'));
    return () => rm(dataDir, { recursive: true, force: true });
  });

  const services = () => testServices({ dataDir });
  const call = (channel: string, extra: Record<string, unknown> = {}) =>
    dispatchCall(
      table,
      services(),
      channel,
      { host: '127.0.0.1', sshPort: server.port, user: 'ops', auth: { method: 'password', password: PASSWORD }, port: 8080, ...extra },
      new AbortController().signal,
      () => undefined,
    );
  const value = async (channel: string, extra: Record<string, unknown> = {}) => {
    const env = await call(channel, extra);
    if (!env.ok) throw new Error(env.error);
    return env.value as { kind: string; problem?: string; message?: string; hostKey?: { fingerprint: string; keyType: string } };
  };

  it('an unknown host key: answered with its SHA256 fingerprint before any login; nothing runs, nothing is written', async () => {
    const v = await value('remote:plan-fix');
    expect(v).toMatchObject({
      kind: 'ssh',
      problem: 'host-key-unknown',
      hostKey: { fingerprint: key.fingerprint, keyType: 'ssh-ed25519', host: '127.0.0.1', port: server.port },
    });
    expect(seen.auth).toEqual([]);
    expect(seen.execs).toEqual([]);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('accepting another fingerprint than the one shown does not trust the key', async () => {
    const v = await value('remote:plan-fix', { acceptHostKey: other.fingerprint });
    expect(v).toMatchObject({ kind: 'ssh', problem: 'host-key-unknown', hostKey: { fingerprint: key.fingerprint } });
    expect(seen.auth).toEqual([]);
  });

  it('accepted: kept in PortDoctor’s own known_hosts, the password logs in, and the next call needs no question', async () => {
    const v = await value('remote:plan-fix', { acceptHostKey: key.fingerprint });
    // In: the server was asked what it runs (it runs nothing here).
    expect(v).toMatchObject({ kind: 'ssh', problem: 'remote' });
    expect(v.message).toMatch(/cannot tell the server's system/);
    expect(seen.auth).toContain('password');
    expect(seen.execs).toContain('uname -sm');
    expect(await readFile(join(dataDir, 'known_hosts'), 'utf8')).toBe(`[127.0.0.1]:${server.port} ${key.line}\n`);
    seen.execs.length = 0;
    const again = await value('remote:undo-fix', { id: 'abc-1' });
    expect(again).toMatchObject({ kind: 'ssh', problem: 'remote' });
    expect(seen.execs).toContain('uname -sm');
    // The password is in no file and no answer.
    for (const f of await readdir(dataDir)) expect(await readFile(join(dataDir, f), 'utf8')).not.toContain(PASSWORD);
    expect(JSON.stringify(again)).not.toContain(PASSWORD);
  });

  it('a changed host key is refused naming the key on file and the one shown; no login, no command', async () => {
    const file = join(dataDir, 'theirs_known_hosts');
    await writeFile(file, `[127.0.0.1]:${server.port} ${other.line}\n`);
    const v = await value('remote:plan-fix', { knownHostsFile: file, acceptHostKey: key.fingerprint });
    expect(v).toMatchObject({ kind: 'ssh', problem: 'host-key-changed' });
    expect(v.message).toContain(other.fingerprint);
    expect(v.message).toContain(key.fingerprint);
    expect(v.message).toContain('CHANGED');
    expect(seen.auth).toEqual([]);
    expect(seen.execs).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(`[127.0.0.1]:${server.port} ${other.line}\n`);
  });

  it('a wrong password: a login problem that does not repeat the password', async () => {
    await writeFile(join(dataDir, 'known_hosts'), `[127.0.0.1]:${server.port} ${key.line}\n`);
    const wrong = 'wrong-pass-§-42';
    const v = await value('remote:plan-fix', { auth: { method: 'password', password: wrong } });
    expect(v).toMatchObject({ kind: 'ssh', problem: 'login' });
    expect(JSON.stringify(v)).not.toContain(wrong);
    expect(seen.execs).toEqual([]);
  });

  it('remote:diagnose streams progress and answers the same problems', async () => {
    const messages: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      void dispatchStream(
        table,
        services(),
        'remote:diagnose',
        { host: '127.0.0.1', sshPort: server.port, user: 'ops', auth: { method: 'password', password: PASSWORD }, port: 8080 },
        new AbortController().signal,
        (m) => {
          messages.push(m);
          if ((m as { type: string }).type !== 'event') resolve();
        },
        () => undefined,
      );
    });
    await done;
    expect(messages[0]).toEqual({ type: 'event', event: { type: 'progress', text: `connecting to ops@127.0.0.1:${server.port}…` } });
    expect(messages.at(-1)).toMatchObject({
      type: 'done',
      result: { kind: 'ssh', problem: 'host-key-unknown', hostKey: { fingerprint: key.fingerprint } },
    });
  });

  it('rejects what is not a host, a login name or an absolute path before any handler runs', async () => {
    for (const bad of [
      { host: 'a;b' },
      { user: '-oProxyCommand=x' },
      { auth: { method: 'key', identityFile: 'id_rsa' } },
      { knownHostsFile: '/tmp/x\nsecond' },
      { acceptHostKey: 'MD5:aa' },
      { sshPort: 0 },
    ]) {
      const env = await call('remote:plan-fix', bad);
      expect(env.ok, JSON.stringify(bad)).toBe(false);
    }
    const tooLong = await call('remote:plan-fix', { auth: { method: 'password', password: 'x'.repeat(2000) } });
    expect(tooLong).toMatchObject({ ok: false });
    expect(JSON.stringify(tooLong)).not.toContain('xxxxxxxx');
    expect(seen.auth).toEqual([]);
  });

  it('the built CLI (dist, an ESM bundle with ssh2 inside) loads ssh2 and stops at the unknown key without a terminal', async () => {
    // Regression: the bundle once failed before connecting ("__dirname is not defined", then "SshClient is not a constructor").
    const kh = join(dataDir, 'empty_known_hosts');
    await writeFile(kh, '');
    const idFile = join(dataDir, 'id');
    await writeFile(idFile, keyPair().private, { mode: 0o600 });
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['bin/portdoctor.js', 'diagnose', '8080', '--ssh', `ops@127.0.0.1:${server.port}`, '--identity', idFile, '--known-hosts', kh],
        { env: { ...process.env, SSH_AUTH_SOCK: '' } },
        (_e, _out, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`not in ${kh}: ssh-ed25519 ${key.fingerprint}`);
    expect(seen.auth).toEqual([]);
  });

  it('a replayed report reaches no server', async () => {
    const env = await dispatchCall(
      table,
      testServices({ dataDir, replay: { sources: {} } as never }),
      'remote:plan-fix',
      { host: '127.0.0.1', sshPort: server.port, user: 'ops', auth: { method: 'agent' }, port: 8080 },
      new AbortController().signal,
      () => undefined,
    );
    expect(env).toMatchObject({ ok: true, value: { kind: 'unavailable', reason: 'not-recorded' } });
    expect(seen.auth).toEqual([]);
  });
});
