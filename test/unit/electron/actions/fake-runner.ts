import type { CommandResult, CommandSpec, FileSpec, Runner } from '../../../../electron/system/runner';

/** A scripted answer for an argv: exit code and what it printed. */
export interface Script {
  match: (argv: string[]) => boolean;
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  /** The typed reason for a non-zero exit (default exit-code). */
  reason?: 'exit-code' | 'needs-admin';
}

/** A runner that answers from scripts, records every argv it was asked to run, and never spawns. */
export function fakeRunner(scripts: Script[], files: Record<string, string> = {}): Runner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (spec: CommandSpec): Promise<CommandResult> => {
    const argv = [spec.file, ...spec.args];
    calls.push(argv);
    const s: Script = scripts.find((x) => x.match(argv)) ?? { match: () => true, exitCode: 0 };
    const output = { stdout: Buffer.from(s.stdout ?? ''), stderr: Buffer.from(s.stderr ?? ''), exitCode: s.exitCode ?? 0, elapsedMs: 1 };
    if (output.exitCode === 0) return { kind: 'ok', source: spec.source, argv, output };
    return { kind: 'error', source: spec.source, argv, error: { reason: s.reason ?? 'exit-code', detail: `${spec.file} exited with ${output.exitCode}: ${s.stderr ?? ''}`, output } };
  };
  const readFile = async (spec: FileSpec): Promise<CommandResult> => {
    const argv = ['<read>', spec.path];
    const text = files[spec.path];
    if (text === undefined) return { kind: 'error', source: spec.source, argv, error: { reason: 'not-installed', detail: `${spec.path}: ENOENT` } };
    return { kind: 'ok', source: spec.source, argv, output: { stdout: Buffer.from(text), stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: 0 } };
  };
  return { mode: 'live', calls, run, readFile };
}

/** Match an argv by its leading words. */
export function startsWith(...prefix: string[]) {
  return (argv: string[]) => prefix.every((p, i) => argv[i] === p);
}

/** Match an argv containing a word. */
export function has(word: string) {
  return (argv: string[]) => argv.includes(word);
}
