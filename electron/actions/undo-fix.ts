import type { CommandRun, FixPlan } from '../../shared/schemas/firewall';
import type { Runner } from '../system/runner';
import { deletesByHandle, proveStep } from './rule-identity';
import { runArgv, runRecord, textOf } from './run-step';
import type { UndoRecord, UndoStep } from './types';

/** What an undo did: removed everything, or refused (one line) and touched nothing. */
export interface UndoOutcome {
  undone: boolean;
  runs: CommandRun[];
  refused?: string;
}

/**
 * The record's changes with their identities. A record written before identities were kept is matched to its
 * plan's commands (same undo program and chain); an nft delete by a bare handle with no identity stays without
 * one and is refused: the handle may now belong to another rule.
 */
export function stepsOf(record: UndoRecord, plan: FixPlan | null): UndoStep[] {
  if (record.steps) return record.steps;
  const changes = (plan?.commands ?? []).filter((c) => c.role !== 'persist');
  return record.undo.map((undo) => {
    const nftRule = changes.find((c) => c.nftRule && c.undo?.slice(0, 6).join(' ') === undo.slice(0, 6).join(' '))?.nftRule;
    if (nftRule) return { undo, nftRule };
    const check = changes.find((c) => c.undo?.join(' ') === undo.join(' '))?.check;
    return { undo, ...(check ? { check: [...check] } : {}) };
  });
}

/**
 * Remove exactly what a fix added. Every change is proven first (the nft rule found by content and comment, the
 * exact rule checked for the others); if any is not there as added, nothing runs and the refusal says why.
 * Then the removals run in reverse, and the fix's persistence again.
 */
export async function undoFix(runner: Runner, record: UndoRecord, plan: FixPlan | null = null): Promise<UndoOutcome> {
  const steps = stepsOf(record, plan);
  const proven: string[][] = [];
  for (const step of steps) {
    if (!step.nftRule && deletesByHandle(step.undo)) {
      return {
        undone: false,
        runs: [],
        refused: `Fix ${record.id} was recorded without its rule's identity, so PortDoctor cannot prove handle ${step.undo[step.undo.length - 1] ?? ''} is still its rule; nothing was removed (look for comment "PortDoctor:" in nft -a list ruleset).`,
      };
    }
    const proof = await proveStep(runner, step);
    if (proof.kind !== 'present') {
      return {
        undone: false,
        runs: [],
        refused: `Not undone: the firewall here does not hold exactly what fix ${record.id} added (${proof.why}); nothing was removed.`,
      };
    }
    proven.push(proof.undo);
  }
  const runs: CommandRun[] = [];
  let ok = true;
  for (const argv of [...proven].reverse()) {
    const result = await runArgv(runner, argv, 'fix.undo');
    runs.push(runRecord(argv, result));
    // ufw exits 0 after "Could not delete non-existent rule": nothing was removed.
    if (result.kind !== 'ok' || /non-existent rule/.test(textOf(result))) ok = false;
  }
  for (const argv of record.persist) {
    const result = await runArgv(runner, argv, 'fix.persist');
    runs.push(runRecord(argv, result));
    if (result.kind !== 'ok') ok = false;
  }
  return { undone: ok, runs };
}
