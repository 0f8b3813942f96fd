import type { CommandRun, FixPlan, PlannedCommand } from '../../shared/schemas/firewall';
import type { Runner } from '../system/runner';
import { alreadyPresent, resolveUndo, runArgv, runRecord, textOf } from './run-step';
import type { ApplyOutcome } from './types';

/** The argv each command may start with: the firewall tools the planners use, nothing else. */
const ALLOWED_PROGRAMS = /^(nft|iptables-nft|ip6tables-nft|iptables-legacy|ip6tables-legacy|firewall-cmd|ufw|netfilter-persistent|service|powershell\.exe)$/;

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
  if (invalid) return { outcome: 'failed', runs: [], undo: [], persist: [], error: { reason: 'invalid-plan', detail: invalid } };
  const runs: CommandRun[] = [];
  const undo: string[][] = [];
  const persist: string[][] = [];
  let changed = false;
  for (const command of plan.commands) {
    const step = await applyOne(runner, command, runs);
    if (step.kind === 'failed') {
      const rolledBack = (await rollBack(runner, undo, persist, runs)) && step.error.reason !== 'no-undo';
      return { outcome: rolledBack ? 'rolled-back' : 'failed', runs, undo: rolledBack ? [] : undo, persist, error: step.error };
    }
    if (step.kind === 'changed' && step.undo) {
      undo.push(step.undo);
      changed = true;
    }
    if (step.kind === 'persisted') persist.push([...command.argv]);
  }
  return { outcome: changed ? 'applied' : 'reused', runs, undo, persist };
}

type StepResult =
  | { kind: 'changed'; undo: string[] | null }
  | { kind: 'reused' }
  | { kind: 'persisted' }
  | { kind: 'failed'; error: { reason: string; detail: string } };

async function applyOne(runner: Runner, command: PlannedCommand, runs: CommandRun[]): Promise<StepResult> {
  const source = command.source ?? 'fix.apply';
  if (command.role !== 'persist') {
    const check = await alreadyPresent(runner, command);
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

/** Undo changes in reverse, then re-run any persistence that already ran. True when every undo succeeded. */
export async function rollBack(runner: Runner, undo: readonly string[][], persist: readonly string[][], runs: CommandRun[]): Promise<boolean> {
  let ok = true;
  for (const argv of [...undo].reverse()) {
    const result = await runArgv(runner, argv, 'fix.undo');
    runs.push(runRecord(argv, result));
    if (result.kind !== 'ok') ok = false;
  }
  for (const argv of persist) {
    const result = await runArgv(runner, argv, 'fix.persist');
    runs.push(runRecord(argv, result));
    if (result.kind !== 'ok') ok = false;
  }
  return ok;
}
