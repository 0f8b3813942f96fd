import type { SourceId } from '../../shared/bundle/sources';
import type { UnavailableReason } from '../../shared/schemas/common';

/** One external program to run: always an argument array, never a shell string. */
export interface CommandSpec {
  /** The report-bundle source id this output is recorded under (`linux.nft.ruleset`). */
  source: SourceId;
  file: string;
  args: readonly string[];
  /** Per-call timeout; the process is killed when it passes. Default 10 s. */
  timeoutMs?: number;
  /** Output cap for stdout and stderr each; the process is killed when it passes. Default 16 MiB. */
  maxBytes?: number;
  /** Set LANG=C / LC_ALL=C (default true) so tools that honour it print parseable English. */
  localeC?: boolean;
  signal?: AbortSignal;
}

export interface CommandOutput {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number | null;
  elapsedMs: number;
}

/** Typed failures; a non-zero exit still carries what the program printed. */
export const COMMAND_ERROR_REASONS = [
  'not-installed',
  'needs-admin',
  'timeout',
  'exit-code',
  'output-limit',
  'not-recorded',
  'cancelled',
] as const;
export type CommandErrorReason = Extract<UnavailableReason, (typeof COMMAND_ERROR_REASONS)[number]>;

export interface CommandError {
  reason: CommandErrorReason;
  detail: string;
  output?: CommandOutput;
}

export type CommandResult =
  | { kind: 'ok'; source: string; argv: string[]; output: CommandOutput }
  | { kind: 'error'; source: string; argv: string[]; error: CommandError };

/** A file read through the runner (`/proc/net/tcp`), so it is recorded and replayed like a command. */
export interface FileSpec {
  source: SourceId;
  path: string;
  maxBytes?: number;
}

/**
 * An in-process reading of many small files recorded as ONE source (the /proc/<pid>/fd owner walk:
 * 40k readlinks are cheap in-process but would be 40k sources). `compute` returns the text to record.
 */
export interface ComputeSpec {
  source: SourceId;
  /** What stands for the argv in bundles and in evidence (`['<walk>', '/proc/<pid>/fd']`). */
  argv: string[];
  /** `record`: the text will be kept in a report; otherwise the caller uses what it computed and the text may be empty. */
  compute: (record: boolean) => Promise<Buffer>;
}

/** Everything a probe may use to read the system. Live, recording or replaying: probes cannot tell. */
export interface Runner {
  readonly mode: 'live' | 'replay';
  run(spec: CommandSpec): Promise<CommandResult>;
  readFile(spec: FileSpec): Promise<CommandResult>;
  /** Optional: live runners compute, recording runners record, replay runners return the recording. */
  compute?(spec: ComputeSpec, record?: boolean): Promise<CommandResult>;
}

/** The argv a spec stands for, as recorded in bundles and shown to users. */
export function argvOf(spec: Pick<CommandSpec, 'file' | 'args'>): string[] {
  return [spec.file, ...spec.args];
}

/** Quote an argv for display only (never executed): what a user can paste into a POSIX shell. */
export function displayCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
