import type { SourceId } from '../../shared/bundle/sources';
import { spawn } from 'node:child_process';
import type { CommandError } from './runner';
import { argvOf } from './runner';

/** A long-running program whose output is consumed line by line while it runs (a capture). */
export interface StreamSpec {
  /** The report-bundle source id the run is known by (`linux.tcpdump.capture`). */
  source: SourceId;
  file: string;
  args: readonly string[];
  /** How long to let it run; then it is asked to stop (SIGINT), and killed after `graceMs`. */
  durationMs: number;
  graceMs?: number;
  /** Stop after this many lines, or this many bytes of stdout (default 10,000 lines / 8 MiB). */
  maxLines?: number;
  maxBytes?: number;
  signal?: AbortSignal;
  onLine?: (line: string) => void;
  /** Each chunk of stderr as it arrives (tcpdump says there when it has started listening). */
  onStderr?: (text: string) => void;
}

/** Why a stream ended: it exited, its time ran out, it hit a bound, or the caller cancelled. */
export type StreamStop = 'exit' | 'time' | 'line-limit' | 'output-limit' | 'cancelled';

export type StreamResult =
  | {
      kind: 'ok';
      source: string;
      argv: string[];
      stoppedBy: StreamStop;
      exitCode: number | null;
      lines: number;
      stderr: string;
      elapsedMs: number;
    }
  | { kind: 'error'; source: string; argv: string[]; error: CommandError };

/** Starts a stream; injected into capture code so tests pass a fake and replays run nothing. */
export type StreamSpawner = (spec: StreamSpec) => Promise<StreamResult>;

/** Run a program for a bounded time, feeding each stdout line to `onLine`; argument arrays only, always stopped. */
export const spawnStream: StreamSpawner = (spec) => {
  const argv = argvOf(spec);
  const maxLines = spec.maxLines ?? 10_000;
  const maxBytes = spec.maxBytes ?? 8 * 1024 * 1024;
  const started = performance.now();
  return new Promise((resolve) => {
    // shell: false (the default) — arguments reach the program verbatim, as in run-command.ts.
    const child = spawn(spec.file, [...spec.args], {
      env: { ...process.env, LANG: 'C', LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stoppedBy: StreamStop = 'exit';
    let lines = 0;
    let bytes = 0;
    let partial = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: StreamStop) => {
      if (stoppedBy !== 'exit') return;
      stoppedBy = why;
      // SIGINT lets tcpdump flush its buffered packets and print its counts; SIGKILL if it does not go.
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), spec.graceMs ?? 1500);
    };
    const timer = setTimeout(() => stop('time'), spec.durationMs);
    const onAbort = () => stop('cancelled');
    if (spec.signal?.aborted) onAbort();
    spec.signal?.addEventListener('abort', onAbort);
    const emit = (line: string) => {
      if (lines >= maxLines) return stop('line-limit');
      lines += 1;
      spec.onLine?.(line);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) return stop('output-limit');
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const l of parts) emit(l);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stderr.length < 64 * 1024) stderr += text;
      spec.onStderr?.(text);
    });
    const finish = (result: StreamResult) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      const reason = e.code === 'ENOENT' ? 'not-installed' : e.code === 'EACCES' || e.code === 'EPERM' ? 'needs-admin' : 'exit-code';
      finish({ kind: 'error', source: spec.source, argv, error: { reason, detail: `${spec.file}: ${e.message}` } });
    });
    child.on('close', (code) => {
      if (partial && bytes <= maxBytes) emit(partial);
      finish({
        kind: 'ok',
        source: spec.source,
        argv,
        stoppedBy,
        exitCode: code,
        lines,
        stderr,
        elapsedMs: Math.round(performance.now() - started),
      });
    });
  });
};
