import type { CheckFacts } from '../../shared/diagnose/facts';
import { GUIDED_CAUSES, planFix } from '../../shared/firewall/plan';
import type { Cause, Result } from '../../shared/schemas/common';
import { unavailable } from '../../shared/schemas/common';
import type { FixPlan, FixProof, FixResult, FixVerifyResult, UndoResult } from '../../shared/schemas/firewall';
import type { Evidence } from '../../shared/schemas/report';
import type { Runner } from '../system/runner';
import { applyFixPlan } from './apply-fix';
import { appendAudit } from './audit-log';
import { buildFixContext, fixCause } from './fix-context';
import { FixStore, newId } from './fix-store';
import { fixPresence } from './fix-presence';
import { proofEvidence, proofOf, readStepsCounter, stepsOfPlan } from './fix-proof';
import type { UndoRecord } from './types';
import { stepsOf, undoFix } from './undo-fix';
import { verifyFix } from './verify-fix';
import type { ReadFacts } from './verify-fix';

/** What the fix actions depend on, passed in so tests use fakes and the handlers the real thing. */
export interface FixDeps {
  /** Reads (probes, checks): unprivileged where that suffices. */
  runner: Runner;
  /** Changes: the same runner elevated (sudo -n, a prompt, or as is when already privileged). */
  privileged: Runner;
  dataDir: string;
  /** A replayed report is judged, never changed. */
  replaying: boolean;
  readFacts: ReadFacts;
  /** The cause to plan for; default: the firewall's drop/reject, else the diagnosis's cause. */
  judge?: (facts: CheckFacts) => Cause;
  now?: () => Date;
}

/** What the user asked to let in: the `firewall:plan-fix` request. */
export interface PlanRequest {
  port: number;
  protocol: 'tcp' | 'udp';
  source?: string;
  profiles?: ('domain' | 'private' | 'public')[];
  persist?: boolean;
}

/** The address the evaluation uses for a scope: the address itself, or a CIDR's network address. */
function evaluationSource(scope: string | undefined): string | undefined {
  if (scope === undefined || scope === 'any') return undefined;
  return scope.split('/')[0];
}

/** Read the facts and plan the fix (nothing is stored or run). */
async function computePlan(deps: FixDeps, request: PlanRequest, id: string): Promise<Result<FixPlan>> {
  const now = deps.now?.() ?? new Date();
  const source = evaluationSource(request.source);
  const facts = await deps.readFacts(deps.runner, { port: request.port, protocol: request.protocol, ...(source ? { source } : {}) });
  const cause = deps.judge?.(facts) ?? fixCause(facts);
  if (facts.firewall.kind !== 'ok' && !GUIDED_CAUSES.includes(cause)) {
    if (facts.firewall.reason === 'needs-admin')
      return { ...facts.firewall, detail: 'Only root can read the firewall rules, so no change can be planned: run with sudo.' };
    return { ...facts.firewall, detail: `The firewall could not be read, so no change is planned: ${facts.firewall.detail}.` };
  }
  const context = await buildFixContext(deps.runner, facts, id, cause, now);
  const planned = planFix(context, request);
  return planned.kind === 'ok' ? { kind: 'ok', data: { ...planned.data, choices: request } } : planned;
}

/** Read the facts, plan the fix, and keep the plan for a confirmed apply. */
export async function planFixFor(deps: FixDeps, request: PlanRequest): Promise<Result<FixPlan>> {
  const planned = await computePlan(deps, request, newId('plan'));
  if (planned.kind === 'ok') await new FixStore(deps.dataDir).savePlan(planned.data);
  return planned;
}

/** Re-plan from the same choices: a different set of commands means the firewall changed since the preview. */
async function stillCurrent(deps: FixDeps, plan: FixPlan): Promise<string | null> {
  if (!plan.choices) return null;
  const fresh = await computePlan(deps, plan.choices, plan.id);
  if (fresh.kind !== 'ok') return `the firewall can no longer be planned for (${fresh.detail})`;
  const same = JSON.stringify(fresh.data.commands.map((c) => c.argv)) === JSON.stringify(plan.commands.map((c) => c.argv));
  return same ? null : `the firewall changed since this plan was previewed; it would now be: ${fresh.data.summary}`;
}

/** Apply a previewed plan (by id), verify, write the audit log and the undo record. */
export async function applyStoredFix(
  deps: FixDeps,
  request: { planId: string; confirmDisableBlockRule?: boolean },
): Promise<Result<FixResult>> {
  if (deps.replaying)
    return unavailable('unsupported-platform', 'A replayed report is judged, never changed: nothing runs on this machine.');
  const store = new FixStore(deps.dataDir);
  const plan = await store.loadPlan(request.planId);
  if (!plan) return unavailable('not-recorded', `No plan with id ${request.planId}: plan the fix again.`);
  if (plan.commands.length === 0)
    return unavailable('not-implemented', `Plan ${plan.id} has nothing to run (${plan.kind ?? 'guided'}): ${plan.summary}`);
  if (plan.separateConfirmation && request.confirmDisableBlockRule !== true) {
    return unavailable('cancelled', 'Disabling a block rule needs its own confirmation (confirmDisableBlockRule / --disable-block-rule).');
  }
  const changed = await stillCurrent(deps, plan);
  if (changed) return unavailable('cancelled', `Nothing was applied: ${changed}. Preview the fix again.`);
  const now = deps.now?.() ?? new Date();
  const outcome = await applyFixPlan(deps.privileged, plan);
  const undoId = newId('fix');
  const evidence: Evidence[] = [];
  if (outcome.error)
    evidence.push({ kind: 'apply-error', text: `Stopped: ${outcome.error.detail}`, data: { reason: outcome.error.reason } });
  if (outcome.outcome === 'rolled-back')
    evidence.push({ kind: 'rollback', text: 'A step failed; the changes made before it were undone.' });
  let fixed = false;
  // Kept whenever something stays applied, including a rollback that did not complete, so undo can finish the job.
  const record: UndoRecord = {
    schema: 'portdoctor.undo/1',
    id: undoId,
    planId: plan.id,
    backend: plan.backend,
    summary: plan.summary,
    ...(plan.summaryKey ? { summaryKey: plan.summaryKey } : {}),
    ...(plan.summaryParams ? { summaryParams: plan.summaryParams } : {}),
    appliedAt: now.toISOString(),
    undo: outcome.undo,
    steps: outcome.steps,
    persist: outcome.persist,
  };
  if (outcome.undo.length > 0) await store.saveUndo(record);
  let proof: FixProof | undefined;
  if (outcome.outcome === 'applied' || outcome.outcome === 'reused') {
    const target = plan.target;
    if (target) {
      const source = evaluationSource(target.scope);
      const verified = await verifyFix(deps.runner, deps.readFacts, {
        port: target.port,
        protocol: target.protocol,
        ...(source ? { source } : {}),
      });
      fixed = verified.fixed;
      evidence.push(...verified.evidence);
      // A rule just added starts at 0: packets counted already are a client's SYNs retried since (real traffic).
      const reading = await readStepsCounter(deps.runner, outcome.steps.length > 0 ? outcome.steps : stepsOfPlan(plan));
      const before = outcome.outcome === 'applied' ? 0 : reading.kind === 'ok' ? reading.packets : 0;
      proof = proofOf(fixed, before, reading, target.scope);
      evidence.push(proofEvidence(proof));
      if (outcome.undo.length > 0 && reading.kind === 'ok') await store.saveUndo({ ...record, counterAtApply: before });
    }
  }
  await appendAudit(
    deps.dataDir,
    {
      action: 'apply',
      planId: plan.id,
      undoId: outcome.undo.length > 0 ? undoId : '',
      backend: plan.backend,
      summary: plan.summary,
      outcome: outcome.outcome,
      fixed,
      runs: outcome.runs,
    },
    now,
  );
  const port = plan.target?.port ?? '';
  const verifyHint =
    outcome.undo.length > 0
      ? `, then "portdoctor fix --verify ${undoId}" (Test now in the app) reads the new rule's counter for proof from real traffic`
      : '';
  const next = fixed
    ? [
        `Retry from the client now (portdoctor probe <this host>:${port})${verifyHint}; "portdoctor watch ${port} --seconds 30" here shows the SYNs arrive.`,
      ]
    : outcome.outcome === 'applied' || outcome.outcome === 'reused'
      ? [
          `The firewall still stops the client (another table, chain or zone decides too): run "portdoctor fix ${port}" again to plan the next change, or undo this one.`,
        ]
      : [];
  return {
    kind: 'ok',
    data: {
      undoId: outcome.undo.length > 0 ? undoId : '',
      fixed,
      evidence,
      outcome: outcome.outcome,
      runs: outcome.runs,
      next,
      ...(proof ? { proof } : {}),
    },
  };
}

/**
 * "Test now" / `fix --verify <id>`: the fix's proof now. The rule must still be here by identity; the ruleset is
 * evaluated again, and the new rule's counter compared with its value when the fix was applied — traffic proof only
 * when it grew.
 */
export async function verifyStoredFix(deps: FixDeps, id: string): Promise<Result<FixVerifyResult>> {
  if (deps.replaying)
    return unavailable('unsupported-platform', 'A replayed report is judged, never changed or tested: run PortDoctor on that computer.');
  const store = new FixStore(deps.dataDir);
  const record = await store.loadUndo(id);
  if (!record) return unavailable('not-recorded', `No applied fix with id ${id} in ${deps.dataDir}.`);
  if (record.undoneAt) return unavailable('not-recorded', `Fix ${id} was undone at ${record.undoneAt}: nothing to test.`);
  const plan = await store.loadPlan(record.planId);
  const target = plan?.target;
  if (!target) return unavailable('not-recorded', `The plan of fix ${id} is not in ${deps.dataDir}: its port and client are not known.`);
  const steps = stepsOf(record, plan);
  const here = await fixPresence(deps.runner, record, plan);
  if (here.presence !== 'present') {
    const text = `Fix ${id} is ${here.presence === 'absent' ? 'not present here' : 'not checkable here'}: ${here.why?.text ?? ''}`;
    return {
      kind: 'ok',
      data: { id, fixed: false, proof: { kind: 'none', detail: text.slice(0, 1000) }, evidence: [{ kind: 'proof', text }] },
    };
  }
  const source = evaluationSource(target.scope);
  const verified = await verifyFix(deps.runner, deps.readFacts, {
    port: target.port,
    protocol: target.protocol,
    ...(source ? { source } : {}),
  });
  const proof = proofOf(verified.fixed, record.counterAtApply ?? 0, await readStepsCounter(deps.runner, steps), target.scope);
  return { kind: 'ok', data: { id, fixed: verified.fixed, proof, evidence: [proofEvidence(proof), ...verified.evidence] } };
}

/** Undo a fix by id: exactly the recorded undo commands, then the audit line. */
export async function undoStoredFix(deps: FixDeps, id: string): Promise<Result<UndoResult>> {
  if (deps.replaying)
    return unavailable('unsupported-platform', 'A replayed report is judged, never changed: nothing runs on this machine.');
  const store = new FixStore(deps.dataDir);
  const record = await store.loadUndo(id);
  if (!record) return unavailable('not-recorded', `No applied fix with id ${id} in ${deps.dataDir}.`);
  if (record.undoneAt) return unavailable('not-recorded', `Fix ${id} was already undone at ${record.undoneAt}.`);
  const now = deps.now?.() ?? new Date();
  const result = await undoFix(deps.privileged, record, await store.loadPlan(record.planId));
  if (result.undone) await store.saveUndo({ ...record, undoneAt: now.toISOString() });
  const outcome = result.undone ? 'undone' : result.refused ? 'refused' : 'failed';
  await appendAudit(
    deps.dataDir,
    { action: 'undo', planId: record.planId, undoId: id, backend: record.backend, summary: record.summary, outcome, runs: result.runs },
    now,
  );
  const text =
    result.refused ??
    (result.undone ? `Removed what fix ${id} added: ${record.summary}` : `Undo of fix ${id} did not complete; see the commands' output.`);
  const evidence: Evidence[] = [{ kind: result.refused ? 'undo-refused' : 'undo', text }];
  return {
    kind: 'ok',
    data: { undone: result.undone, evidence, runs: result.runs, ...(result.refused ? { refused: result.refused } : {}) },
  };
}
