import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeConnection } from '../../../../electron/actions/close-connection';
import { endProcess } from '../../../../electron/actions/end-process';
import type { PortActionDeps } from '../../../../electron/actions/port-action-deps';
import type { ProcReader } from '../../../../electron/probes/linux/process-identity';
import { parseProcStat } from '../../../../electron/probes/linux/process-identity';
import { fakeRunner, startsWith } from './fake-runner';

const conn = { localAddress: '10.0.0.5', localPort: 8080, remoteAddress: '10.0.0.9', remotePort: 51234 };
const SS_HEADER = 'State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n';
const SS_LINE = 'ESTAB 0      0          10.0.0.5:8080    10.0.0.9:51234       \n';

// A stat line of a real process (Linux 6.x), with the name holding a space and a parenthesis as names may.
const stat = (pid: number, ppid: number, start: string, state = 'S', flags = 4194560) =>
  `${pid} (my ) app) ${state} ${ppid} ${pid} ${pid} 0 -1 ${flags} 120 0 0 0 1 0 0 0 20 0 1 0 ${start} 8192 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;

/** /proc with the processes given; `alive` is consulted on every read, so a test can end one mid-way. */
function fakeProc(procs: Map<number, { ppid: number; start: string; state?: string; flags?: number; uid?: number }>): ProcReader {
  return {
    read: async (path) => {
      const m = /^\/proc\/(\d+)\/(stat|status|comm)$/.exec(path);
      const p = m ? procs.get(Number(m[1])) : undefined;
      if (!m || !p) return null;
      if (m[2] === 'stat') return stat(Number(m[1]), p.ppid, p.start, p.state, p.flags);
      if (m[2] === 'status') return `Name:\tapp\nUid:\t${p.uid ?? 0}\t0\t0\t0\n`;
      return 'my ) app\n';
    },
    link: async (path) => (/^\/proc\/(\d+)\/exe$/.test(path) && procs.has(Number(path.split('/')[2])) ? '/usr/bin/app' : null),
  };
}

function deps(overrides: Partial<PortActionDeps> = {}): PortActionDeps & { dataDir: string } {
  const runner = fakeRunner([]);
  return {
    platform: 'linux',
    runner,
    privileged: runner,
    elevated: true,
    dataDir: mkdtempSync(join(tmpdir(), 'pd-actions-')),
    replaying: false,
    release: '6.0',
    diagDestroy: async () => true,
    protectedPids: async () => new Set([process.pid]),
    waitMs: 200,
    ...overrides,
  };
}

describe('close a connection (Linux)', () => {
  it('previews the exact ss -K command without running anything', async () => {
    const runner = fakeRunner([]);
    const r = await closeConnection(deps({ runner, privileged: runner, elevated: false }), { connection: conn });
    expect(r.kind === 'ok' && r.data.outcome).toBe('preview');
    expect(r.kind === 'ok' && r.data.elevated).toBe(true);
    expect(r.kind === 'ok' && r.data.commands[0]?.argv[1]).toBe('-K');
    expect(runner.calls).toEqual([]);
  });

  it('closed only when ss printed the socket and it left the table; audited', async () => {
    const runner = fakeRunner([
      { match: startsWith('ss', '-K'), stdout: SS_HEADER + SS_LINE },
      { match: startsWith('ss', '-H'), stdout: '' },
    ]);
    const d = deps({ runner, privileged: runner });
    const r = await closeConnection(d, { connection: conn, confirmed: true });
    expect(r.kind === 'ok' && r.data.outcome).toBe('closed');
    expect(runner.calls[1]).toEqual([
      'ss',
      '-H',
      '-t',
      '-n',
      'src',
      '10.0.0.5',
      'sport',
      '=',
      ':8080',
      'dst',
      '10.0.0.9',
      'dport',
      '=',
      ':51234',
    ]);
    const line = JSON.parse(readFileSync(join(d.dataDir, 'audit.jsonl'), 'utf8').trim()) as {
      action: string;
      outcome: string;
      runs: { argv: string[] }[];
    };
    expect(line.action).toBe('close-connection');
    expect(line.outcome).toBe('closed');
    expect(line.runs[0]?.argv[0]).toBe('ss');
  });

  it('ss printed nothing: not-found when the table has no such connection, still-open when it does (never "closed")', async () => {
    const gone = fakeRunner([
      { match: startsWith('ss', '-K'), stdout: SS_HEADER },
      { match: startsWith('ss', '-H'), stdout: '' },
    ]);
    const r1 = await closeConnection(deps({ runner: gone, privileged: gone }), { connection: conn, confirmed: true });
    expect(r1.kind === 'ok' && r1.data.outcome).toBe('not-found');
    const kept = fakeRunner([
      { match: startsWith('ss', '-K'), stdout: SS_HEADER },
      { match: startsWith('ss', '-H'), stdout: SS_LINE },
    ]);
    const r2 = await closeConnection(deps({ runner: kept, privileged: kept, diagDestroy: async () => null }), {
      connection: conn,
      confirmed: true,
    });
    expect(r2.kind === 'ok' && r2.data.outcome).toBe('still-open');
  });

  it('a kernel without CONFIG_INET_DIAG_DESTROY is said before anything runs', async () => {
    const runner = fakeRunner([]);
    const r = await closeConnection(deps({ runner, privileged: runner, diagDestroy: async () => false }), {
      connection: conn,
      confirmed: true,
    });
    expect(r.kind === 'ok' && [r.data.outcome, r.data.reason]).toEqual(['refused', 'destroy-unsupported']);
    expect(runner.calls).toEqual([]);
  });

  it('a refused elevation is needs-admin, not closed', async () => {
    const privileged = fakeRunner([
      { match: startsWith('ss'), exitCode: 1, reason: 'needs-admin', stderr: 'sudo: a password is required' },
    ]);
    const r = await closeConnection(deps({ privileged }), { connection: conn, confirmed: true });
    expect(r.kind === 'ok' && [r.data.outcome, r.data.reason]).toEqual(['failed', 'needs-admin']);
  });

  it('a replayed report runs nothing', async () => {
    const runner = fakeRunner([]);
    const r = await closeConnection(deps({ runner, privileged: runner, replaying: true }), { connection: conn, confirmed: true });
    expect(r.kind === 'ok' && r.data.reason).toBe('replay');
    expect(runner.calls).toEqual([]);
  });
});

describe('close a connection (Windows, SetTcpEntry)', () => {
  it("answers from the script's SetTcpEntry line: 0 closed, 317 needs-admin; IPv6 refused", async () => {
    const ok = fakeRunner([{ match: startsWith('powershell.exe'), stdout: 'SetTcpEntry=0\r\n' }]);
    const r = await closeConnection(deps({ platform: 'win32', runner: ok, privileged: ok }), { connection: conn, confirmed: true });
    expect(r.kind === 'ok' && r.data.outcome).toBe('closed');
    // The audit log keeps the script, not the base64 that ran.
    expect(r.kind === 'ok' && r.data.runs?.[0]?.argv.at(-1)).toMatch(/SetTcpEntry\(\[ref\]\$row\)/);
    const denied = fakeRunner([{ match: startsWith('powershell.exe'), stdout: 'SetTcpEntry=317\r\n' }]);
    const r2 = await closeConnection(deps({ platform: 'win32', runner: denied, privileged: denied }), {
      connection: conn,
      confirmed: true,
    });
    expect(r2.kind === 'ok' && [r2.data.outcome, r2.data.reason]).toEqual(['failed', 'needs-admin']);
    const r3 = await closeConnection(deps({ platform: 'win32' }), {
      connection: { ...conn, localAddress: 'fd00::1', remoteAddress: 'fd00::2' },
    });
    expect(r3.kind === 'ok' && r3.data.reason).toBe('ipv6-unsupported');
  });
});

describe('end a process (Linux)', () => {
  it('parses /proc/<pid>/stat past a name holding ") "', () => {
    expect(parseProcStat(stat(42, 7, '12345'))).toEqual({ state: 'S', ppid: 7, flags: 4194560, startTime: '12345' });
  });

  it('refuses PID 1, kernel threads, itself, and a PID another process took since the preview', async () => {
    const procs = new Map([
      [1, { ppid: 0, start: '1' }],
      [2, { ppid: 0, start: '1', flags: 0x00208040 }],
      [77, { ppid: 2, start: '5', flags: 0x00208040 }],
      [500, { ppid: 1, start: '900' }],
      [process.pid, { ppid: 1, start: '3' }],
    ]);
    const runner = fakeRunner([]);
    const d = deps({ runner, privileged: runner, proc: fakeProc(procs) });
    const reason = async (pid: number, startTime?: string) => {
      const r = await endProcess(d, { pid, confirmed: true, ...(startTime ? { startTime } : {}) });
      return r.kind === 'ok' ? r.data.reason : r.reason;
    };
    expect(await reason(1)).toBe('init');
    expect(await reason(2)).toBe('kernel');
    expect(await reason(77)).toBe('kernel');
    expect(await reason(process.pid)).toBe('self');
    expect(await reason(500, '899')).toBe('process-changed');
    expect(runner.calls).toEqual([]);
  });

  it('SIGTERM, then waits for it to go: ended; a process that ignores it is still-running, then SIGKILL with force', async () => {
    const procs = new Map<number, { ppid: number; start: string; state?: string }>([[500, { ppid: 1, start: '900' }]]);
    const term = fakeRunner([{ match: startsWith('kill', '-TERM'), answer: () => (procs.delete(500), { exitCode: 0 }) }]);
    const r = await endProcess(deps({ runner: term, privileged: term, proc: fakeProc(procs) }), {
      pid: 500,
      confirmed: true,
      startTime: '900',
    });
    expect(r.kind === 'ok' && r.data.outcome).toBe('ended');
    expect(term.calls).toEqual([['kill', '-TERM', '500']]);

    procs.set(500, { ppid: 1, start: '900' });
    const stubborn = fakeRunner([]);
    const r2 = await endProcess(deps({ runner: stubborn, privileged: stubborn, proc: fakeProc(procs) }), { pid: 500, confirmed: true });
    expect(r2.kind === 'ok' && r2.data.outcome).toBe('still-running');

    const killer = fakeRunner([
      { match: startsWith('kill', '-KILL'), answer: () => (procs.set(500, { ppid: 1, start: '900', state: 'Z' }), { exitCode: 0 }) },
    ]);
    const r3 = await endProcess(deps({ runner: killer, privileged: killer, proc: fakeProc(procs) }), {
      pid: 500,
      force: true,
      confirmed: true,
    });
    expect(r3.kind === 'ok' && r3.data.outcome).toBe('ended');
    expect(killer.calls).toEqual([
      ['kill', '-TERM', '500'],
      ['kill', '-KILL', '500'],
    ]);
  });

  it("another user's process is signalled through the elevated runner; the preview says so", async () => {
    const procs = new Map([[600, { ppid: 1, start: '1', uid: 12345 }]]);
    const runner = fakeRunner([]);
    const privileged = fakeRunner([{ match: startsWith('kill'), answer: () => (procs.delete(600), { exitCode: 0 }) }]);
    const d = deps({ runner, privileged, elevated: false, proc: fakeProc(procs) });
    const preview = await endProcess(d, { pid: 600 });
    expect(preview.kind === 'ok' && [preview.data.outcome, preview.data.elevated, preview.data.process?.path]).toEqual([
      'preview',
      true,
      '/usr/bin/app',
    ]);
    const r = await endProcess(d, { pid: 600, confirmed: true });
    expect(r.kind === 'ok' && r.data.outcome).toBe('ended');
    expect(privileged.calls).toEqual([['kill', '-TERM', '600']]);
    expect(runner.calls).toEqual([]);
  });
});

describe('end a process (Windows)', () => {
  it('Stop-Process, then Wait-Process; the answer line decides; System (4) is refused', async () => {
    const runner = fakeRunner([{ match: startsWith('powershell.exe'), stdout: 'PortDoctor=ended\r\n' }]);
    const d = deps({ platform: 'win32', runner, privileged: runner, protectedPids: async () => new Set([process.pid]) });
    const r = await endProcess(d, { pid: 4242, confirmed: true });
    expect(r.kind === 'ok' && r.data.outcome).toBe('ended');
    expect(runner.calls[0]?.at(-1)).toMatch(/^Stop-Process -Id 4242 -ErrorAction Stop; Wait-Process -Id 4242 -Timeout 5/);
    const sys = await endProcess(d, { pid: 4, confirmed: true });
    expect(sys.kind === 'ok' && sys.data.reason).toBe('kernel');
  });
});
