import { spawn } from 'node:child_process';

/** What a finished command printed. */
export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run one program with an argument array (never a shell), bounded in time; optional stdin. Throws only on timeout or spawn failure. */
export function exec(
  argv: readonly string[],
  options: { timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('exec: empty argv');
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? { ...process.env, LANG: 'C', LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timeout after ${timeoutMs} ms: ${argv.join(' ')}`));
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Like exec, but a non-zero exit is an error that names the command and what it printed. */
export async function mustExec(argv: readonly string[], options: { timeoutMs?: number; input?: string } = {}): Promise<ExecResult> {
  const r = await exec(argv, options);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}
