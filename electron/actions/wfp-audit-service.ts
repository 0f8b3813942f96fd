import { say } from '../../shared/i18n/say';
import type { CommandRun } from '../../shared/schemas/firewall';
import type { Result, Unavailable } from '../../shared/schemas/common';
import { unavailable } from '../../shared/schemas/common';
import type { WfpAuditEvent, WfpAuditPlan, WfpAuditResult } from '../../shared/schemas/wfp-audit';
import { readOemCodePage } from '../probes/windows/console';
import { WFP_AUDIT } from '../../shared/firewall/windows/judge-third-party';
import { planAuditWindow, runAuditWindow } from '../probes/windows/wfp-audit';
import type { AuditWindowPlan, AuditWindowResult } from '../probes/windows/wfp-audit';
import type { CommandResult, Runner } from '../system/runner';
import { argvOf } from '../system/runner';
import { appendAudit } from './audit-log';
import { closeJournal, openJournal, readJournal } from './wfp-audit-journal';

/** What a drop-audit window depends on, passed in so tests use a scripted Windows and no real wait. */
export interface WfpAuditDeps {
  platform: 'linux' | 'win32' | 'darwin';
  runner: Runner;
  elevated: boolean | null;
  replaying: boolean;
  dataDir: string;
  /** Wait this long (rejects when `signal` aborts). */
  wait: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The request both channels take (validated by the contract). */
export interface WfpAuditRequest {
  port: number;
  protocol: 'tcp' | 'udp';
  minutes: number;
}

/** Progress is sent at least this often while auditing is on. */
export const TICK_MS = 30_000;

const GUIDS: readonly string[] = Object.values(WFP_AUDIT);

function planData(plan: AuditWindowPlan): WfpAuditPlan {
  return {
    port: plan.port,
    protocol: plan.protocol,
    minutes: plan.minutes,
    get: argvOf(plan.get),
    enable: plan.enable.map(argvOf),
    disable: plan.disable.map(argvOf),
  };
}

/** The preview: the exact auditpol commands (read, turn on, turn off again) and any earlier window left open; nothing runs. */
export async function planWfpAudit(
  deps: Pick<WfpAuditDeps, 'platform' | 'dataDir'>,
  request: WfpAuditRequest,
): Promise<Result<WfpAuditPlan>> {
  if (deps.platform !== 'win32') return unavailable('unsupported-platform', say('wfpAudit.onlyWindows').text);
  const leftOpen = await readJournal(deps.dataDir);
  return {
    kind: 'ok',
    data: { ...planData(planAuditWindow(request.port, request.protocol, request.minutes)), ...(leftOpen ? { leftOpen } : {}) },
  };
}

/** Why a window cannot run here at all (not Windows, a replay, not elevated), or null: asked before anything runs. */
export function cannotRun(deps: Pick<WfpAuditDeps, 'platform' | 'replaying' | 'elevated'>): Unavailable | null {
  if (deps.platform !== 'win32') return unavailable('unsupported-platform', say('wfpAudit.onlyWindows').text);
  if (deps.replaying) return unavailable('not-recorded', say('wfpAudit.replaying').text);
  if (deps.elevated === false) return unavailable('needs-admin', say('wfpAudit.needsAdmin').text);
  return null;
}

/** A runner that keeps every auditpol change it ran (and how it ended), for the audit log. */
function recording(runner: Runner, runs: CommandRun[]): Runner {
  const run = async (spec: Parameters<Runner['run']>[0]): Promise<CommandResult> => {
    const r = await runner.run(spec);
    if (spec.file === 'auditpol.exe' && spec.args.includes('/set')) {
      const exitCode = r.kind === 'ok' ? r.output.exitCode : (r.error.output?.exitCode ?? null);
      runs.push({
        argv: argvOf(spec),
        status: r.kind === 'ok' && exitCode === 0 ? 'ok' : 'failed',
        exitCode,
        ...(r.kind === 'ok' ? {} : { reason: r.error.reason }),
      });
    }
    return r;
  };
  return { mode: runner.mode, run, readFile: (spec) => runner.readFile(spec) };
}

/** Wait `ms` in steps of at most TICK_MS, saying the seconds left before each step (the first says auditing is on). */
function ticking(deps: WfpAuditDeps, onTick: (secondsLeft: number) => Promise<void>): WfpAuditDeps['wait'] {
  return async (ms, signal) => {
    for (let left = ms; left > 0;) {
      await onTick(Math.ceil(left / 1000));
      const step = Math.min(TICK_MS, left);
      await deps.wait(step, signal);
      left -= step;
    }
  };
}

function resultData(r: AuditWindowResult, plan: AuditWindowPlan): WfpAuditResult {
  const undoByHand = [...r.restoreFailed, ...r.unsure]
    .map((g) => plan.disable[GUIDS.indexOf(g)])
    .flatMap((spec) => (spec ? [argvOf(spec)] : []));
  const f = r.drops?.filter;
  const drops = r.drops && {
    count: r.drops.count,
    last: r.drops.last,
    filterId: r.drops.filterId,
    owner: r.drops.owner,
    ...(f
      ? {
          filter: {
            name: f.name,
            providerKey: f.providerKey,
            ...(f.provider ? { provider: f.provider } : {}),
            layer: f.layer,
            action: f.action,
          },
        }
      : {}),
  };
  const detail = r.detail
    ? { detail: r.detail.text, detailKey: r.detail.key, ...(r.detail.params ? { detailParams: r.detail.params } : {}) }
    : {};
  return {
    outcome: r.outcome,
    changed: r.changed,
    restored: r.restored,
    restoreFailed: r.restoreFailed,
    undoByHand,
    ...(r.drops === undefined ? {} : { drops }),
    ...detail,
  };
}

/**
 * Run a confirmed window: auditing on (`emit` says so, then the seconds left), wait, read the drops and their filter,
 * turn off exactly what was turned on — also when cancelled or a step fails — and log it in the audit log of fixes.
 */
export async function runWfpAudit(
  deps: WfpAuditDeps,
  request: WfpAuditRequest,
  signal: AbortSignal,
  emit: (event: WfpAuditEvent) => void,
): Promise<Result<WfpAuditResult>> {
  const refused = cannotRun(deps);
  if (refused) return refused;
  const plan = planAuditWindow(request.port, request.protocol, request.minutes);
  const runs: CommandRun[] = [];
  const runner = recording(deps.runner, runs);
  const codePage = await readOemCodePage(runner);
  const journal = { startedAt: new Date().toISOString(), port: plan.port };
  let first = true;
  let journaled = false;
  const wait = ticking(deps, async (secondsLeft) => {
    if (!first) return emit({ type: 'waiting', secondsLeft });
    first = false;
    const enabled = GUIDS.filter((g) => runs.some((x) => x.status === 'ok' && x.argv.includes(`/subcategory:${g}`)));
    emit({ type: 'auditing', minutes: plan.minutes, secondsLeft, enabled });
    // Written down while auditing is on, so a process killed meanwhile leaves the undo for the next preview.
    const undo = enabled.map((g) => plan.disable[GUIDS.indexOf(g)]).flatMap((spec) => (spec ? [argvOf(spec)] : []));
    if (undo.length > 0)
      journaled = await openJournal(deps.dataDir, { ...journal, undo }).then(
        () => true,
        () => false,
      );
  });
  const r = await runAuditWindow(runner, plan, { confirmed: true, codePage, wait, signal });
  const data = resultData(r, plan);
  // Off again: this window's note goes (an older one it never touched stays); an undo left to the user stays noted.
  if (data.undoByHand.length > 0) await openJournal(deps.dataDir, { ...journal, undo: data.undoByHand }).catch(() => undefined);
  else if (journaled) await closeJournal(deps.dataDir).catch(() => undefined);
  if (runs.length > 0) {
    const summary = `Filtering Platform drop auditing for ${plan.minutes} min while ${plan.protocol}/${plan.port} was retried`;
    const outcome = `${r.outcome}; turned off again ${r.restored.length}, left to the user ${data.undoByHand.length}`;
    data.auditLog = await appendAudit(deps.dataDir, { action: 'wfp-audit', backend: 'windows-auditpol', summary, outcome, runs }).catch(
      (e: Error) => `not written: ${e.message}`,
    );
  }
  return { kind: 'ok', data };
}
