import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { exec, mustExec } from './exec';
import type { ExecResult } from './exec';
import { CONNECT_SCRIPT, LISTEN_SCRIPT } from './scripts';

export type { ExecResult };

export interface LabOptions {
  /** Namespace prefix owned by the caller (`pdl-`, `pdc-`): names are `<prefix><id>-<role>`. */
  prefix: string;
  /** A short label for logs; not part of the names. */
  name?: string;
}

/** A process started inside a namespace. */
export interface LabProcess {
  readonly pid: number | undefined;
  /** Everything it printed so far (stdout + stderr). */
  output(): string;
  /** Resolves with the exit code when it ends. */
  readonly exited: Promise<number | null>;
  kill(): void;
  /** Write to its stdin (started with `stdin: true` only). */
  write(text: string): void;
}

export type ConnectOutcome = 'ok' | 'refused' | 'timeout' | 'unreachable' | `error:${string}`;

export interface SpawnOptions {
  /** Run as this user (setpriv --reuid/--regid, groups cleared): `nobody` for unprivileged binds. */
  user?: 'nobody';
  /** Wait until the output matches this before resolving (bounded by readyTimeoutMs). */
  ready?: RegExp;
  readyTimeoutMs?: number;
  /** Private mount namespace with tmpfs /run (for ufw/firewalld state): see isolatedArgv. */
  isolated?: boolean;
  /** Keep stdin open for `write` (a long-lived helper that answers requests). */
  stdin?: boolean;
}

export interface ListenOptions {
  host: string;
  port: number;
  backlog?: number;
  /** Block the event loop after listening so no connection is ever accepted (fills the accept queue). */
  stall?: boolean;
  user?: 'nobody';
  /** Resolve even when binding fails (the process prints `error <code>` and exits 1). */
  allowFailure?: boolean;
  ipv6Only?: boolean;
  /** Keep running after a failed bind and retry every second (a supervised daemon that logs and retries). */
  retry?: boolean;
  /** A word appended to the command line so `--expect <label>` and `ps` can tell services apart. */
  label?: string;
}

/** A private mount namespace inside a network namespace (tmpfs /run, private copies of config folders). */
export interface Isolated {
  /** PID of the holder process: `nsenter -t pid -m -n` enters both namespaces. */
  readonly pid: number;
  exec(argv: readonly string[], opts?: { timeoutMs?: number; input?: string }): Promise<ExecResult>;
  must(argv: readonly string[], opts?: { timeoutMs?: number; input?: string }): Promise<ExecResult>;
  spawn(argv: readonly string[], opts?: SpawnOptions): Promise<LabProcess>;
}

/** One lab: its namespaces and processes, and how to tear them down. */
export interface Lab {
  readonly id: string;
  namespace(role: string): Promise<string>;
  link(nsA: string, addrA: string, nsB: string, addrB: string, opts?: { v6?: [string, string] }): Promise<{ ifA: string; ifB: string }>;
  route(ns: string, to: string, via: string): Promise<void>;
  sysctl(ns: string, key: string, value: string): Promise<void>;
  exec(ns: string, argv: readonly string[], opts?: { timeoutMs?: number; input?: string }): Promise<ExecResult>;
  must(ns: string, argv: readonly string[], opts?: { timeoutMs?: number; input?: string }): Promise<ExecResult>;
  nft(ns: string, ruleset: string): Promise<void>;
  iptables(ns: string, args: readonly string[], opts?: { backend?: 'nft' | 'legacy'; v6?: boolean }): Promise<void>;
  spawn(ns: string, argv: readonly string[], opts?: SpawnOptions): Promise<LabProcess>;
  listen(ns: string, opts: ListenOptions): Promise<LabProcess>;
  connect(ns: string, host: string, port: number, timeoutMs?: number): Promise<ConnectOutcome>;
  isolatedArgv(ns: string, argv: readonly string[]): string[];
  /** Enter a private mount namespace in `ns` with tmpfs /run and private copies of `copies` (e.g. /etc/ufw): for ufw/firewalld. */
  isolate(ns: string, copies: readonly string[]): Promise<Isolated>;
  cleanup(): Promise<void>;
}

const live = new Set<{ sync: () => void }>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const all = () => {
    for (const l of live) l.sync();
  };
  process.on('exit', all);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      all();
      process.exit(130);
    });
  }
}

let counter = 0;

/** Whether the lab can run here: root, and `ip netns` works. */
export function labAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('ip', ['netns', 'list'], { timeout: 5000 }).status === 0;
}

/** Create a lab whose namespaces and processes are removed by cleanup(), and at process exit/signal if a test forgot. */
export async function createLab(options: LabOptions): Promise<Lab> {
  if (!/^[a-z]{2,5}-$/.test(options.prefix)) throw new Error(`lab prefix must look like "pdl-": ${options.prefix}`);
  hookExit();
  const id = `${process.pid.toString(36)}${(counter++).toString(36)}`;
  const namespaces: string[] = [];
  const procs = new Set<ChildProcess>();
  const tempDirs: string[] = [];
  let links = 0;

  const nsExec = (ns: string, argv: readonly string[]) => ['ip', 'netns', 'exec', ns, ...argv];
  const isolatedArgv = (ns: string, argv: readonly string[]) =>
    nsExec(ns, [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      'mount -t tmpfs tmpfs /run && mkdir -p /run/netns && exec "$@"',
      'isolated',
      ...argv,
    ]);

  const killAllSync = () => {
    for (const p of procs) p.kill('SIGKILL');
    for (const ns of namespaces) {
      const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', timeout: 5000 }).stdout ?? '';
      for (const pid of pids.split('\n').filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  };
  const tracker = {
    sync: () => {
      killAllSync();
      for (const ns of namespaces.splice(0)) spawnSync('ip', ['netns', 'del', ns], { timeout: 5000 });
    },
  };
  live.add(tracker);

  const lab: Lab = {
    id,
    async namespace(role) {
      if (!/^[a-z0-9]{1,8}$/.test(role)) throw new Error(`namespace role must be 1-8 of [a-z0-9]: ${role}`);
      const ns = `${options.prefix}${id}-${role}`;
      await mustExec(['ip', 'netns', 'add', ns]);
      namespaces.push(ns);
      await mustExec(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
      return ns;
    },
    async link(nsA, addrA, nsB, addrB, opts) {
      const n = links++;
      const ifA = `veth${n}a`;
      const ifB = `veth${n}b`;
      // Created directly inside both namespaces: nothing ever appears in the host's namespace.
      await mustExec(['ip', '-n', nsA, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]);
      await mustExec(['ip', '-n', nsA, 'addr', 'add', addrA, 'dev', ifA]);
      await mustExec(['ip', '-n', nsB, 'addr', 'add', addrB, 'dev', ifB]);
      if (opts?.v6) {
        await mustExec(['ip', '-n', nsA, 'addr', 'add', opts.v6[0], 'dev', ifA, 'nodad']);
        await mustExec(['ip', '-n', nsB, 'addr', 'add', opts.v6[1], 'dev', ifB, 'nodad']);
      }
      await mustExec(['ip', '-n', nsA, 'link', 'set', ifA, 'up']);
      await mustExec(['ip', '-n', nsB, 'link', 'set', ifB, 'up']);
      return { ifA, ifB };
    },
    async route(ns, to, via) {
      await mustExec(['ip', '-n', ns, 'route', 'add', to, 'via', via]);
    },
    async sysctl(ns, key, value) {
      await mustExec(nsExec(ns, ['sysctl', '-q', '-w', `${key}=${value}`]));
    },
    exec: (ns, argv, opts) => exec(nsExec(ns, argv), opts),
    must: (ns, argv, opts) => mustExec(nsExec(ns, argv), opts),
    async nft(ns, ruleset) {
      await mustExec(nsExec(ns, ['nft', '-f', '-']), { input: ruleset });
    },
    async iptables(ns, args, opts) {
      const base = opts?.v6 ? 'ip6tables' : 'iptables';
      const file = opts?.backend === 'legacy' ? `${base}-legacy` : `${base}-nft`;
      await mustExec(nsExec(ns, [file, '-w', ...args]));
    },
    async spawn(ns, argv, opts = {}) {
      const inner = opts.user ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...argv] : [...argv];
      const full = opts.isolated ? isolatedArgv(ns, inner) : nsExec(ns, inner);
      return startProcess(full, procs, opts);
    },
    listen(ns, opts) {
      const args = JSON.stringify(opts);
      const argv = [process.execPath, '-e', LISTEN_SCRIPT, args, ...(opts.label ? [opts.label] : [])];
      return lab.spawn(ns, argv, {
        ...(opts.user ? { user: opts.user } : {}),
        ready: opts.allowFailure || opts.retry ? /^(listening|error)/m : /^listening/m,
      });
    },
    async connect(ns, host, port, timeoutMs = 1500) {
      const r = await exec(nsExec(ns, [process.execPath, '-e', CONNECT_SCRIPT, host, String(port), String(timeoutMs)]), {
        timeoutMs: timeoutMs + 10_000,
      });
      return r.stdout.trim() as ConnectOutcome;
    },
    isolatedArgv,
    async isolate(ns, copies) {
      const dir = await mkdtemp(join(tmpdir(), `${options.prefix}iso-`));
      tempDirs.push(dir);
      // Each private copy is bind-mounted over the original inside the new mount namespace only.
      const setup = ['mount -t tmpfs tmpfs /run', 'mkdir -p /run/netns /run/dbus'];
      const args: string[] = [];
      copies.forEach((path, i) => {
        const copy = join(dir, String(i));
        setup.push(`cp -a "$${i + 1}" "${copy}" && mount --bind "${copy}" "$${i + 1}"`);
        args.push(path);
      });
      setup.push('echo ready', 'exec sleep 3600');
      const holder = await startProcess(
        nsExec(ns, ['unshare', '--mount', '--propagation', 'private', '--', 'sh', '-c', setup.join(' && '), 'isolated', ...args]),
        procs,
        { ready: /^ready/m },
      );
      const pid = holder.pid;
      if (pid === undefined) throw new Error('isolate: no holder pid');
      // The holder is `unshare`, which execs sh, which execs sleep: the same pid throughout.
      const enter = (argv: readonly string[]) => ['nsenter', '-t', String(pid), '-m', '-n', ...argv];
      return {
        pid,
        exec: (argv, o) => exec(enter(argv), o),
        must: (argv, o) => mustExec(enter(argv), o),
        spawn: (argv, o = {}) =>
          startProcess(enter(o.user ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...argv] : argv), procs, o),
      };
    },
    async cleanup() {
      killAllSync();
      await Promise.all(
        [...procs].map((p) => (p.exitCode === null && p.signalCode === null ? new Promise((r) => p.once('close', r)) : null)),
      );
      for (const ns of namespaces.splice(0)) await exec(['ip', 'netns', 'del', ns]);
      for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
      live.delete(tracker);
    },
  };
  return lab;
}

function startProcess(argv: string[], procs: Set<ChildProcess>, opts: SpawnOptions): Promise<LabProcess> {
  const [file, ...args] = argv;
  const child = spawn(file ?? 'false', args, {
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'C', LC_ALL: 'C' },
  });
  procs.add(child);
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  exited.then(() => procs.delete(child));
  child.stdout?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stdin?.on('error', () => undefined);
  const proc: LabProcess = {
    pid: child.pid,
    output: () => text,
    exited,
    kill: () => void child.kill('SIGKILL'),
    write: (t) => void child.stdin?.write(t),
  };
  const ready = opts.ready;
  if (!ready) return Promise.resolve(proc);
  const limit = opts.readyTimeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (ready.test(text)) {
        clearInterval(poll);
        resolve(proc);
      } else if (child.exitCode !== null || Date.now() - started > limit) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`${argv.join(' ')} never printed ${ready}: ${text.slice(0, 500)}`));
      }
    }, 20);
  });
}

/** Run `fn` with a fresh lab and always clean it up, even when `fn` throws. */
export async function withLab<T>(options: LabOptions, fn: (lab: Lab) => Promise<T>): Promise<T> {
  const lab = await createLab(options);
  try {
    return await fn(lab);
  } finally {
    await lab.cleanup();
  }
}
