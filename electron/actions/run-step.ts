import type { CommandRun, PlannedCommand } from '../../shared/schemas/firewall';
import type { CommandResult, Runner } from '../system/runner';
import { carriedSourceId } from '../../shared/bundle/sources';
import type { SourceId } from '../../shared/bundle/sources';

const OUTPUT_CAP = 2000;

/** Run one argv of a plan through the runner (argv[0] is the program; never a shell). */
export function runArgv(runner: Runner, argv: readonly string[], source: SourceId, timeoutMs = 30_000): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('runArgv: empty argv');
  return runner.run({ source, file, args, timeoutMs });
}

/** stdout and stderr together, for patterns and the audit log. */
export function textOf(result: CommandResult): string {
  const output = result.kind === 'ok' ? result.output : result.error.output;
  if (!output) return result.kind === 'error' ? result.error.detail : '';
  return `${output.stdout.toString('utf8')}${output.stderr.toString('utf8')}`;
}

/** One command run as recorded in results and the audit log (output capped). */
export function runRecord(argv: readonly string[], result: CommandResult, status?: CommandRun['status']): CommandRun {
  const exitCode = result.kind === 'ok' ? result.output.exitCode : (result.error.output?.exitCode ?? null);
  const text = textOf(result).trim();
  return {
    argv: [...argv],
    status: status ?? (result.kind === 'ok' ? 'ok' : 'failed'),
    exitCode,
    ...(text ? { output: text.slice(0, OUTPUT_CAP) } : {}),
    ...(result.kind === 'error' ? { reason: result.error.reason } : {}),
  };
}

/** Whether the change a command makes is already there: its check exits 0 (and, with a pattern, a line matches). */
export async function alreadyPresent(runner: Runner, command: PlannedCommand): Promise<{ present: boolean; run?: CommandRun }> {
  if (!command.check) return { present: false };
  const result = await runArgv(runner, command.check, carriedSourceId(command.source && `${command.source}.check`, 'fix.check'));
  if (result.kind !== 'ok') return { present: false, run: runRecord(command.check, result, 'skipped') };
  const present = command.checkPattern === undefined || matchesLine(result.output.stdout.toString('utf8'), command.checkPattern);
  return { present, run: runRecord(command.check, result, present ? 'reused' : 'skipped') };
}

function matchesLine(text: string, pattern: string): boolean {
  const re = new RegExp(pattern);
  return text.split('\n').some((line) => re.test(line));
}

/** The nft handle of a rule from `nft --echo --handle` output (`… # handle 7`). */
export function echoedHandle(stdout: string): number | null {
  for (const line of stdout.split('\n')) {
    if (!/^(insert|add) rule /.test(line)) continue;
    const m = /# handle (\d+)\s*$/.exec(line);
    if (m?.[1]) return Number(m[1]);
  }
  return null;
}

/** The undo argv with its placeholder filled from what the command printed; null when it cannot be. */
export function resolveUndo(command: PlannedCommand, result: CommandResult): string[] | null {
  if (!command.undo) return null;
  if (command.undoCapture !== 'nft-handle') return [...command.undo];
  if (result.kind !== 'ok') return null;
  const handle = echoedHandle(result.output.stdout.toString('utf8'));
  if (handle === null) return null;
  return command.undo.map((a) => (a === '{handle}' ? String(handle) : a));
}
