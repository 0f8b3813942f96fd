import type { Result } from '../../shared/schemas/common';
import type { SourceId } from '../../shared/bundle/sources';
import type { ActionCommand, PortAction } from '../../shared/schemas/port-actions';
import { defuseText } from '../../shared/text/defuse';
import type { ProcReader } from '../probes/linux/process-identity';
import type { CommandResult, Runner } from '../system/runner';
import { appendAudit } from './audit-log';
import { runArgv, runRecord, textOf } from './run-step';

/** What the Ports actions depend on, passed in so tests use fakes and the handlers the real thing. */
export interface PortActionDeps {
  platform: 'linux' | 'win32';
  /** Reads and commands that need no privilege. */
  runner: Runner;
  /** The same runner elevated (sudo -n, a prompt, or as is when already privileged). */
  privileged: Runner;
  /** Whether this process already runs as root / administrator (then nothing asks for elevation). */
  elevated: boolean;
  dataDir: string;
  /** A replayed report is judged, never acted on. */
  replaying: boolean;
  /** The kernel release (`uname -r`), to find /boot/config-<release>. */
  release: string;
  /** Linux: /proc, swappable in tests. */
  proc?: ProcReader;
  /** Whether the kernel can close sockets (CONFIG_INET_DIAG_DESTROY); null when unknown. */
  diagDestroy?: () => Promise<boolean | null>;
  /** Processes never signalled: this app and the processes it runs under. */
  protectedPids: () => Promise<Set<number>>;
  /** How long to wait for a signalled process to end, ms (default 3000). */
  waitMs?: number;
  now?: () => Date;
}

/** A refused or unfinished action as an answer (not an error: the presenters say why). */
export function refusal(
  base: Omit<PortAction, 'outcome' | 'reason'>,
  reason: PortAction['reason'],
  outcome: PortAction['outcome'] = 'refused',
): Result<PortAction> {
  return { kind: 'ok', data: { ...base, outcome, ...(reason ? { reason } : {}) } };
}

/** Run one action command (never a shell); the runner decides elevation. */
export function runAction(runner: Runner, command: ActionCommand, source: SourceId): Promise<CommandResult> {
  return runArgv(runner, command.argv, source, 30_000);
}

/** What a command printed, cut short and with terminal controls made harmless, for `detail`. */
export function detailOf(result: CommandResult): string {
  return defuseText(textOf(result).trim()).slice(0, 2000);
}

/** The run as recorded in results and the audit log (an encoded PowerShell command is logged as its script). */
export function recordRun(command: ActionCommand, result: CommandResult) {
  const run = runRecord(command.argv, result);
  return command.script ? { ...run, argv: [...command.argv.slice(0, -1), command.script] } : run;
}

/** Write the action to the audit log (the one firewall fixes use) and return the answer with where it went. */
export async function audited(deps: PortActionDeps, action: PortAction, summary: string): Promise<Result<PortAction>> {
  const path = await appendAudit(
    deps.dataDir,
    {
      action: action.action,
      backend: action.commands[0]?.argv[0] ?? '',
      summary,
      outcome: action.reason ? `${action.outcome} (${action.reason})` : action.outcome,
      runs: action.runs ?? [],
    },
    deps.now?.() ?? new Date(),
  );
  return { kind: 'ok', data: { ...action, auditLog: path } };
}
