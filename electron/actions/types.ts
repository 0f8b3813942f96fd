import { z } from 'zod';
import type { CommandRun } from '../../shared/schemas/firewall';

/** What undo needs, written when a fix is applied: exactly the commands that remove what was added. */
export const UndoRecordSchema = z.object({
  schema: z.literal('portdoctor.undo/1'),
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  planId: z.string().max(64),
  backend: z.string().max(32),
  summary: z.string().max(2000),
  appliedAt: z.string().max(64),
  /** Undo argv of each change this fix made, in the order they were applied (undo runs them in reverse). */
  undo: z.array(z.array(z.string().max(4096)).min(1).max(64)).max(20),
  /** Persistence commands re-run after the undo, so the saved ruleset forgets the change too. */
  persist: z.array(z.array(z.string().max(4096)).min(1).max(64)).max(5),
  undoneAt: z.string().max(64).optional(),
});
/** An applied fix's undo record, as stored under `<dataDir>/fixes/<id>.json`. */
export type UndoRecord = z.infer<typeof UndoRecordSchema>;

/** What applying a plan did, before verification. */
export interface ApplyOutcome {
  outcome: 'applied' | 'reused' | 'rolled-back' | 'failed';
  runs: CommandRun[];
  /** Undo argv of each change actually made (reused ones excluded), in apply order. */
  undo: string[][];
  persist: string[][];
  /** Why it stopped, when it did. */
  error?: { reason: string; detail: string };
}
