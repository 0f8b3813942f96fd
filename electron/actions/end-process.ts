import type { Result } from '../../shared/schemas/common';
import type { ActionCommand, PortAction } from '../../shared/schemas/port-actions';
import { signalProcessLinux, stopProcessWindows } from '../../shared/ports/action-commands';
import type { ProcessIdentity } from '../probes/linux/process-identity';
import { procReader, readProcessIdentity } from '../probes/linux/process-identity';
import type { PortActionDeps } from './port-action-deps';
import { audited, detailOf, recordRun, refusal, runAction } from './port-action-deps';

/** An `ports:end-process` request after validation. */
export interface EndProcessRequest {
  pid: number;
  force?: boolean;
  confirmed?: true;
  startTime?: string;
}

type Base = Omit<PortAction, 'outcome' | 'reason'>;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether the process the action is about has ended: gone, a zombie, or another process under its PID. */
async function ended(deps: PortActionDeps, before: ProcessIdentity): Promise<boolean> {
  const now = await readProcessIdentity(before.pid, deps.proc ?? procReader);
  return now === null || now.state === 'Z' || now.startTime !== before.startTime;
}

/** Poll until it ended or `ms` passed (bounded: never waits on a process that ignores the signal). */
async function waitEnded(deps: PortActionDeps, before: ProcessIdentity, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await ended(deps, before)) return true;
    if (Date.now() >= until) return false;
    await sleep(50);
  }
}

async function endLinux(deps: PortActionDeps, request: EndProcessRequest): Promise<Result<PortAction>> {
  const { pid } = request;
  const term = signalProcessLinux(pid, 'TERM');
  const commands: ActionCommand[] = request.force ? [term, signalProcessLinux(pid, 'KILL')] : [term];
  const who = await readProcessIdentity(pid, deps.proc ?? procReader);
  const ownUid = process.getuid?.() ?? null;
  const base: Base = { action: 'end-process', commands, elevated: !deps.elevated && (who?.uid ?? null) !== ownUid, process: { pid } };
  if (!who || who.state === 'Z') return refusal(base, undefined, 'not-found');
  base.process = { pid, name: who.name, ...(who.path ? { path: who.path } : {}), startTime: who.startTime };
  if (pid === 1) return refusal(base, 'init');
  if (who.kernelThread || pid === 2 || who.ppid === 2) return refusal(base, 'kernel');
  if ((await deps.protectedPids()).has(pid)) return refusal(base, 'self');
  if (request.startTime !== undefined && request.startTime !== who.startTime) return refusal(base, 'process-changed');
  if (request.confirmed !== true) return { kind: 'ok', data: { ...base, outcome: 'preview' } };
  const runner = base.elevated ? deps.privileged : deps.runner;
  const runs = [];
  let outcome: PortAction['outcome'] = 'still-running';
  let failed: PortAction | null = null;
  for (const [i, command] of commands.entries()) {
    const result = await runAction(runner, command, i === 0 ? 'ports.end.term' : 'ports.end.kill');
    runs.push(recordRun(command, result));
    // A process that ended between the preview and the signal makes kill fail: that is an end, not a failure.
    if (result.kind !== 'ok' && !(await ended(deps, who))) {
      failed = {
        ...base,
        runs,
        outcome: 'failed',
        reason: result.error.reason === 'needs-admin' ? 'needs-admin' : 'command-failed',
        detail: detailOf(result),
      };
      break;
    }
    if (await waitEnded(deps, who, i === 0 ? (deps.waitMs ?? 3000) : 2000)) {
      outcome = 'ended';
      break;
    }
  }
  const action: PortAction = failed ?? { ...base, runs, outcome };
  return audited(deps, action, `end ${who.name || '?'} (pid ${pid}, ${request.force ? 'SIGTERM then SIGKILL' : 'SIGTERM'})`);
}

// Windows: Stop-Process, then wait for the process to go and say which way it went (the one line parsed back).
function stopScript(pid: number, force: boolean): ActionCommand {
  const stop = stopProcessWindows(pid, force);
  const script =
    `${stop.argv[stop.argv.length - 1] ?? ''}; Wait-Process -Id ${pid} -Timeout 5 -ErrorAction SilentlyContinue; ` +
    `if (Get-Process -Id ${pid} -ErrorAction SilentlyContinue) { 'PortDoctor=still-running' } else { 'PortDoctor=ended' }`;
  return { argv: [...stop.argv.slice(0, -1), script] };
}

async function endWindows(deps: PortActionDeps, request: EndProcessRequest): Promise<Result<PortAction>> {
  const { pid } = request;
  const command = stopScript(pid, request.force === true);
  const base: Base = { action: 'end-process', commands: [command], elevated: !deps.elevated, process: { pid } };
  // 4 is System (the kernel, http.sys); 0 the idle process.
  if (pid === 4) return refusal(base, 'kernel');
  if ((await deps.protectedPids()).has(pid)) return refusal(base, 'self');
  if (request.confirmed !== true) return { kind: 'ok', data: { ...base, outcome: 'preview' } };
  const result = await runAction(deps.privileged, command, 'ports.end.stop');
  const said = result.kind === 'ok' ? /^PortDoctor=(ended|still-running)\s*$/m.exec(result.output.stdout.toString('utf8'))?.[1] : undefined;
  const runs = [recordRun(command, result)];
  const action: PortAction =
    said === 'ended' || said === 'still-running'
      ? { ...base, runs, outcome: said }
      : {
          ...base,
          runs,
          outcome: 'failed',
          reason: /denied/i.test(detailOf(result)) ? 'needs-admin' : 'command-failed',
          detail: detailOf(result),
        };
  return audited(deps, action, `end pid ${pid} (Stop-Process${request.force ? ' -Force' : ''})`);
}

/**
 * End the process that owns a socket: the preview without `confirmed` (the process as read now, the exact
 * commands), else signal it and wait (bounded) for it to go, and audit. Refused for PID 1, kernel threads,
 * this app and the processes it runs under, and a PID that another process holds since the preview.
 */
export function endProcess(deps: PortActionDeps, request: EndProcessRequest): Promise<Result<PortAction>> {
  if (deps.replaying)
    return Promise.resolve(refusal({ action: 'end-process', commands: [], elevated: false, process: { pid: request.pid } }, 'replay'));
  return deps.platform === 'win32' ? endWindows(deps, request) : endLinux(deps, request);
}
