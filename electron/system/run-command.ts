import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { CommandError, CommandOutput, CommandResult, CommandSpec, ComputeSpec, FileSpec, Runner } from './runner';
import { argvOf } from './runner';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Messages tools print when they lack privilege (nft, iptables, ss -p, firewall-cmd, netsh). */
const PERMISSION_TEXT =
  /operation not permitted|permission denied|must be root|requires? (root|elevation|administrator)|access is denied|you need to be root/i;

/** Run one program with an argument array: timeout, output cap, C locale, typed result. The only place that spawns. */
export function runCommand(spec: CommandSpec): Promise<CommandResult> {
  const argv = argvOf(spec);
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = spec.maxBytes ?? DEFAULT_MAX_BYTES;
  const env = spec.localeC === false ? process.env : { ...process.env, LANG: 'C', LC_ALL: 'C' };
  const started = performance.now();
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let stopped: CommandError['reason'] | null = null;
    let settled = false;
    const finish = (result: CommandResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const output = (exitCode: number | null): CommandOutput => ({
      stdout: Buffer.concat(out),
      stderr: Buffer.concat(err),
      exitCode,
      elapsedMs: Math.round(performance.now() - started),
    });
    // shell: false is the default and stays so: arguments reach the program verbatim (no shell strings, ever).
    const child = spawn(spec.file, [...spec.args], { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, shell: false });
    const stop = (reason: CommandError['reason']) => {
      if (stopped) return;
      stopped = reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = () => stop('cancelled');
    if (spec.signal?.aborted) onAbort();
    spec.signal?.addEventListener('abort', onAbort);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxBytes) return stop('output-limit');
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errBytes += chunk.length;
      if (errBytes > maxBytes) return stop('output-limit');
      err.push(chunk);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      const reason = e.code === 'ENOENT' ? 'not-installed' : e.code === 'EACCES' || e.code === 'EPERM' ? 'needs-admin' : 'exit-code';
      finish({ kind: 'error', source: spec.source, argv, error: { reason, detail: `${spec.file}: ${e.message}` } });
    });
    child.on('close', (code) => {
      const o = output(code);
      if (stopped) {
        const detail =
          stopped === 'timeout'
            ? `${spec.file} did not finish within ${timeoutMs} ms`
            : stopped === 'output-limit'
              ? `${spec.file} printed more than ${maxBytes} bytes`
              : `${spec.file} was cancelled`;
        return finish({ kind: 'error', source: spec.source, argv, error: { reason: stopped, detail, output: o } });
      }
      if (code === 0) return finish({ kind: 'ok', source: spec.source, argv, output: o });
      const stderr = o.stderr.toString('utf8').trim();
      const reason = PERMISSION_TEXT.test(stderr) ? 'needs-admin' : 'exit-code';
      const detail = `${spec.file} exited with ${code ?? 'a signal'}${stderr ? `: ${stderr.slice(0, 500)}` : ''}`;
      finish({ kind: 'error', source: spec.source, argv, error: { reason, detail, output: o } });
    });
  });
}

/** Read a file (e.g. under /proc) as a source, capped, with the same typed result as a command. */
export async function readFileSource(spec: FileSpec): Promise<CommandResult> {
  const argv = ['<read>', spec.path];
  const maxBytes = spec.maxBytes ?? DEFAULT_MAX_BYTES;
  const started = performance.now();
  try {
    const data = await readFile(spec.path);
    if (data.length > maxBytes) {
      return {
        kind: 'error',
        source: spec.source,
        argv,
        error: { reason: 'output-limit', detail: `${spec.path} is larger than ${maxBytes} bytes` },
      };
    }
    const output = { stdout: data, stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: Math.round(performance.now() - started) };
    return { kind: 'ok', source: spec.source, argv, output };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not-installed' : code === 'EACCES' || code === 'EPERM' ? 'needs-admin' : 'exit-code';
    return { kind: 'error', source: spec.source, argv, error: { reason, detail: `${spec.path}: ${(e as Error).message}` } };
  }
}

/** Run an in-process computation as a source; a thrown error becomes a typed result, like a failed read. */
export async function computeSource(spec: ComputeSpec): Promise<CommandResult> {
  const started = performance.now();
  try {
    const stdout = await spec.compute();
    return { kind: 'ok', source: spec.source, argv: spec.argv, output: { stdout, stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: Math.round(performance.now() - started) } };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'needs-admin' : 'exit-code';
    return { kind: 'error', source: spec.source, argv: spec.argv, error: { reason, detail: `${spec.argv.join(' ')}: ${(e as Error).message}` } };
  }
}

/** The live runner: runs programs and reads files on this machine. */
export function createLiveRunner(): Runner {
  return { mode: 'live', run: runCommand, readFile: readFileSource, compute: computeSource };
}
