import { z } from 'zod';
import { PortSchema, ProtocolSchema } from './common';
import { TextParamsSchema } from './report';

const ArgvSchema = z.array(z.string().max(300)).min(1).max(16);
const GuidSchema = z.string().regex(/^\{[0-9A-F-]{36}\}$/i);

/** `firewall:plan-wfp-audit` / `firewall:wfp-audit`: a Windows Filtering Platform drop-audit window on one port. */
export const WfpAuditRequestSchema = z.object({
  port: PortSchema,
  protocol: ProtocolSchema.default('tcp'),
  /** How long auditing stays on while the client retries (the CLI's default is 5). */
  minutes: z.number().int().min(1).max(15),
});

/** A window that never finished (the process was killed while auditing was on): the undo that may still be needed. */
export const WfpAuditLeftOpenSchema = z.object({
  startedAt: z.string().max(40),
  port: PortSchema,
  undo: z.array(ArgvSchema).min(1).max(4),
});
export type WfpAuditLeftOpen = z.infer<typeof WfpAuditLeftOpenSchema>;

/** The exact auditpol commands, shown before anything runs: the settings read, the enable, and the undo. */
export const WfpAuditPlanSchema = z.object({
  port: PortSchema,
  protocol: ProtocolSchema,
  minutes: z.number().int(),
  get: ArgvSchema,
  enable: z.array(ArgvSchema).max(4),
  /** Run afterwards, only for the subcategories the enable changed. */
  disable: z.array(ArgvSchema).max(4),
  /** An earlier window on this computer did not finish: its undo may still be needed (shown, never run blind). */
  leftOpen: WfpAuditLeftOpenSchema.optional(),
});
export type WfpAuditPlan = z.infer<typeof WfpAuditPlanSchema>;

/**
 * Progress: `auditing` once auditing is on (these subcategories were enabled; the client may retry now), then
 * `waiting` with the seconds left, every half minute or so.
 */
export const WfpAuditEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('auditing'),
    minutes: z.number().int(),
    secondsLeft: z.number().int().nonnegative(),
    enabled: z.array(GuidSchema).max(4),
  }),
  z.object({ type: z.literal('waiting'), secondsLeft: z.number().int().nonnegative() }),
]);
export type WfpAuditEvent = z.infer<typeof WfpAuditEventSchema>;

/** `firewall:end-wfp-audit`: how many running windows were told to end their wait. */
export const WfpAuditEndedSchema = z.object({ ended: z.number().int().nonnegative() });

/** What the window did and who dropped the port meanwhile (the filter that dropped most of its inbound packets). */
export const WfpAuditResultSchema = z.object({
  outcome: z.enum(['done', 'not-enabled', 'cancelled']),
  changed: z.array(GuidSchema).max(4),
  restored: z.array(GuidSchema).max(4),
  restoreFailed: z.array(GuidSchema).max(4),
  /** The undo commands that failed or were never run: the user must run them. */
  undoByHand: z.array(ArgvSchema).max(4),
  drops: z
    .object({
      count: z.number().int(),
      last: z.string().max(100),
      filterId: z.string().max(100),
      owner: z.enum(['windows', 'third-party', 'unknown']),
      filter: z
        .object({
          name: z.string().max(1000),
          providerKey: z.string().max(200),
          provider: z.string().max(1000).optional(),
          layer: z.string().max(200),
          action: z.string().max(200),
        })
        .optional(),
    })
    .nullable()
    .optional(),
  /** Why the window did less than asked: English, with its `engine.wfpAudit.detail*` key for other languages. */
  detail: z.string().max(4000).optional(),
  detailKey: z.string().max(128).optional(),
  detailParams: TextParamsSchema.optional(),
  /** Where the window was logged (the audit log of fixes). */
  auditLog: z.string().max(4000).optional(),
});
export type WfpAuditResult = z.infer<typeof WfpAuditResultSchema>;
