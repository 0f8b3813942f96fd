import { z } from 'zod';
import { EvidenceSchema } from './report';

/** Which firewall is in charge on this host, and what it decides for a SYN to the port. */
export const FirewallStatusSchema = z.object({
  backend: z.enum(['nftables', 'iptables-nft', 'iptables-legacy', 'firewalld', 'ufw', 'windows', 'none', 'unknown']),
  enabled: z.boolean().nullable(),
  decision: z.enum(['accept', 'drop', 'reject', 'unknown']),
  decidingRule: z.string().max(4000).optional(),
  evidence: z.array(EvidenceSchema).max(500),
});
export type FirewallStatus = z.infer<typeof FirewallStatusSchema>;

/** One command of a fix plan: the exact argv, what it does, and how to undo it. */
export const PlannedCommandSchema = z.object({
  argv: z.array(z.string().max(4096)).min(1).max(64),
  description: z.string().max(1000),
  undo: z.array(z.string().max(4096)).max(64).optional(),
});

export const FixPlanSchema = z.object({
  id: z.string().max(64),
  backend: FirewallStatusSchema.shape.backend,
  summary: z.string().max(2000),
  commands: z.array(PlannedCommandSchema).max(20),
  warnings: z.array(z.string().max(2000)).max(20),
});
export type FixPlan = z.infer<typeof FixPlanSchema>;

export const FixResultSchema = z.object({
  undoId: z.string().max(64),
  fixed: z.boolean(),
  evidence: z.array(EvidenceSchema).max(100),
});

export const UndoResultSchema = z.object({ undone: z.boolean(), evidence: z.array(EvidenceSchema).max(100) });
