import { z } from 'zod';
import { NftRuleIdentitySchema } from '../../shared/schemas/firewall';
import { TextParamsSchema } from '../../shared/schemas/report';
import type { CommandRun } from '../../shared/schemas/firewall';

const ArgvSchema = z.array(z.string().max(4096)).min(1).max(64);

/**
 * How to remove one change, and how to prove first that what is there is exactly what the change added:
 * `nftRule` (looked up by content and comment in its chain), or `check` (a read-only argv that exits 0 only
 * when the exact rule is present: `iptables -C <spec>`, `firewall-cmd --query-…`, the Windows rule by name in
 * group PortDoctor). ufw has neither: its `delete <spec>` removes only a rule with that spec.
 */
export const UndoStepSchema = z.object({
  undo: ArgvSchema,
  check: ArgvSchema.optional(),
  nftRule: NftRuleIdentitySchema.optional(),
  /** nft: the handle the rule had when added; used only when the rule there still has the identity. */
  handle: z.number().int().positive().optional(),
});
export type UndoStep = z.infer<typeof UndoStepSchema>;

/** What undo needs, written when a fix is applied: exactly the commands that remove what was added. */
export const UndoRecordSchema = z.object({
  schema: z.literal('portdoctor.undo/1'),
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  planId: z.string().max(64),
  backend: z.string().max(32),
  summary: z.string().max(2000),
  /** The plan's summary key and params, so a saved fix reads in the UI's language (absent in older records). */
  summaryKey: z.string().max(128).optional(),
  summaryParams: TextParamsSchema.optional(),
  appliedAt: z.string().max(64),
  /** Undo argv of each change this fix made, in the order they were applied (undo runs them in reverse). */
  undo: z.array(z.array(z.string().max(4096)).min(1).max(64)).max(20),
  /** Persistence commands re-run after the undo, so the saved ruleset forgets the change too. */
  persist: z.array(z.array(z.string().max(4096)).min(1).max(64)).max(5),
  undoneAt: z.string().max(64).optional(),
  /** The same changes as `undo`, each with its identity (records written before issue #11 have none). */
  steps: z.array(UndoStepSchema).max(20).optional(),
  /** The new rule's packet counter right after it was added and verified: "before" for later traffic proof. */
  counterAtApply: z.number().int().nonnegative().optional(),
});
/** An applied fix's undo record, as stored under `<dataDir>/fixes/<id>.json`. */
export type UndoRecord = z.infer<typeof UndoRecordSchema>;

/** What applying a plan did, before verification. */
export interface ApplyOutcome {
  outcome: 'applied' | 'reused' | 'rolled-back' | 'failed';
  runs: CommandRun[];
  /** Undo argv of each change actually made (reused ones excluded), in apply order. */
  undo: string[][];
  /** The same changes with their identities, for rollback and undo. */
  steps: UndoStep[];
  persist: string[][];
  /** Why it stopped, when it did. */
  error?: { reason: string; detail: string };
}
