import type { CommandRun } from '../../shared/schemas/firewall';
import type { Runner } from '../system/runner';
import { rollBack } from './apply-fix';
import type { UndoRecord } from './types';

/** Remove exactly what a fix added: its recorded undo commands in reverse, then its persistence again. */
export async function undoFix(runner: Runner, record: UndoRecord): Promise<{ undone: boolean; runs: CommandRun[] }> {
  const runs: CommandRun[] = [];
  const undone = await rollBack(runner, record.undo, record.persist, runs);
  return { undone, runs };
}
