import type { CommandRun, FixPlan, PlannedCommand } from '../../shared/schemas/firewall';
import { carriedSourceId } from '../../shared/bundle/sources';
import type { Runner } from '../system/runner';
import { findNftRules, proveStep } from './rule-identity';
import { alreadyPresent, resolveUndo, runArgv, runRecord, textOf } from './run-step';
import type { ApplyOutcome, UndoStep } from './types';

/** The argv each command may start with: the firewall tools the planners use, nothing else. */
const ALLOWED_PROGRAMS =
  /^(nft|iptables-nft|ip6tables-nft|iptables-legacy|ip6tables-legacy|firewall-cmd|ufw|netfilter-persistent|service|powershell\.exe)$/;

/** Refuse a plan whose commands are not the kind the planners build (a tampered plan file, a bug). */
export function validatePlanCommands(plan: FixPlan): string | null {
  for (const command of plan.commands) {
    for (const argv of [command.argv, command.undo, command.check]) {
      if (argv === undefined) continue;
      if (!ALLOWED_PROGRAMS.test(argv[0] ?? '')) return `"${argv[0] ?? ''}" is not a program PortDoctor runs for a fix`;
      if (argv.some((a) => /[\0\n\r]/.test(a))) return 'an argument holds a control character';
    }
    if (command.role !== 'persist' && command.undo === undefined) return `no undo for: ${command.description}`;
  }
  return null;
}

/**
 * Apply a plan: each change is skipped (reused) when its check says it is already there; otherwise it runs,
 * and its undo is resolved from what it printed. The first failure stops the plan and the changes already
 * made are undone in reverse (rollback). Persistence commands run after the changes.
 */
export async function applyFixPlan(runner: Runner, plan: FixPlan): Promise<ApplyOutcome> {
  const invalid = validatePlanCommands(plan);
  if (invalid) return { outcome: 'failed', runs: [], undo: [], steps: [], persist: [], error: { reason: 'invalid-plan', detail: invalid } };
  const runs: CommandRun[] = [];
  const steps: UndoStep[] = [];
  const persist: string[][] = [];
  for (const command of plan.commands) {
    const step = await applyOne(runner, command, runs);
    if (step.kind === 'failed') {
      const rolledBack = (await rollBack(runner, steps, persist, runs)) && step.error.reason !== 'no-undo';
      const kept = rolledBack ? [] : steps;
      return {
        outcome: rolledBack ? 'rolled-back' : 'failed',
        runs,
        undo: kept.map((s) => s.undo),
        steps: kept,
        persist,
        error: step.error,
      };
    }
    if (step.kind === 'changed' && step.undo) steps.push(undoStepOf(command, step.undo));
    if (step.kind === 'persisted') persist.push([...command.argv]);
  }
  return { outcome: steps.length > 0 ? 'applied' : 'reused', runs, undo: steps.map((s) => s.undo), steps, persist };
}

/** A change's undo with what proves its identity later: the nft rule (and the handle it got), or the change's check argv. */
function undoStepOf(command: PlannedCommand, undo: string[]): UndoStep {
  if (command.nftRule) {
    const handle = Number(undo[undo.length - 1]);
    return { undo, nftRule: command.nftRule, ...(Number.isInteger(handle) && handle > 0 ? { handle } : {}) };
  }
  return { undo, ...(command.check ? { check: [...command.check] } : {}) };
}

type StepResult =
  | { kind: 'changed'; undo: string[] | null }
  | { kind: 'reused' }
  | { kind: 'persisted' }
  | { kind: 'failed'; error: { reason: string; detail: string } };

async function applyOne(runner: Runner, command: PlannedCommand, runs: CommandRun[]): Promise<StepResult> {
  const source = carriedSourceId(command.source, 'fix.apply');
  if (command.role !== 'persist') {
    // nft: reuse only a rule with the whole identity (chain, expression, counter, accept, comment) in the live chain.
    const check = command.nftRule ? { present: await nftPresent(runner, command) } : await alreadyPresent(runner, command);
    if (check.present) {
      runs.push({ argv: [...command.argv], status: 'reused', output: 'already present: not added again' });
      return { kind: 'reused' };
    }
  }
  const result = await runArgv(runner, command.argv, source);
  if (result.kind === 'error') {
    runs.push(runRecord(command.argv, result));
    return { kind: 'failed', error: { reason: result.error.reason, detail: result.error.detail } };
  }
  if (command.role === 'persist') {
    runs.push(runRecord(command.argv, result));
    return { kind: 'persisted' };
  }
  if (command.alreadyPattern !== undefined && textOf(result).includes(command.alreadyPattern)) {
    runs.push(runRecord(command.argv, result, 'reused'));
    return { kind: 'reused' };
  }
  const resolved = resolveUndo(command, result);
  runs.push(runRecord(command.argv, result));
  if (resolved === null) {
    // Applied but its undo cannot be told: the others are rolled back and the outcome stays `failed`, never `rolled-back`.
    return { kind: 'failed', error: { reason: 'no-undo', detail: `could not tell how to undo: ${command.description}` } };
  }
  return { kind: 'changed', undo: resolved };
}

async function nftPresent(runner: Runner, command: PlannedCommand): Promise<boolean> {
  if (!command.nftRule) return false;
  const found = await findNftRules(runner, command.nftRule);
  return found.kind === 'ok' && found.rules.length > 0;
}

/**
 * Undo changes in reverse, each only after its identity is proven (the nft rule found by content and comment, the
 * check argv for the others), then re-run any persistence that already ran. True when every undo succeeded.
 */
export async function rollBack(
  runner: Runner,
  steps: readonly UndoStep[],
  persist: readonly string[][],
  runs: CommandRun[],
): Promise<boolean> {
  let ok = true;
  for (const step of [...steps].reverse()) {
    const proof = await proveStep(runner, step);
    if (proof.kind !== 'present') {
      runs.push({ argv: [...step.undo], status: 'skipped', output: `not removed: ${proof.why}` });
      ok = false;
      continue;
    }
    const result = await runArgv(runner, proof.undo, 'fix.undo');
    runs.push(runRecord(proof.undo, result));
    if (result.kind !== 'ok') ok = false;
  }
  for (const argv of persist) {
    const result = await runArgv(runner, argv, 'fix.persist');
    runs.push(runRecord(argv, result));
    if (result.kind !== 'ok') ok = false;
  }
  return ok;
}
