import { z } from 'zod';
import { EvidenceSchema, TextParamsSchema } from './report';

/** An `engine.*` key with its params, for a text that is a plain string in the schema (matched to it by its English). */
export const TextKeySchema = z.object({ key: z.string().max(128), params: TextParamsSchema.optional() });

/** A rule on the SYN's way through the ruleset, as the tool prints it, and whether it is the one that decided. */
export const TracedRuleSchema = z.object({
  table: z.string().max(128).optional(),
  chain: z.string().max(128).optional(),
  handle: z.number().int().optional(),
  position: z.number().int().optional(),
  name: z.string().max(500).optional(),
  text: z.string().max(4000),
  comment: z.string().max(500).optional(),
  counters: z.object({ packets: z.number().nonnegative(), bytes: z.number().nonnegative() }).optional(),
  deciding: z.boolean(),
});
export type TracedRule = z.infer<typeof TracedRuleSchema>;

/** Which firewall is in charge on this host, and what it decides for a SYN to the port. */
export const FirewallStatusSchema = z.object({
  backend: z.enum(['nftables', 'iptables-nft', 'iptables-legacy', 'firewalld', 'ufw', 'windows', 'none', 'unknown']),
  enabled: z.boolean().nullable(),
  decision: z.enum(['accept', 'drop', 'reject', 'unknown']),
  decidingRule: z.string().max(4000).optional(),
  evidence: z.array(EvidenceSchema).max(500),
  /** Every rule the SYN matched or jumped through, in order; the one that decided is marked. */
  trace: z.array(TracedRuleSchema).max(500).optional(),
  /** The chain policy / profile default that decided, when no rule did. */
  policy: z.object({ table: z.string().max(128).optional(), chain: z.string().max(128).optional(), policy: z.string().max(64) }).optional(),
  /** The client address the decision was evaluated for (the one asked about, or one standing for "another network"). */
  evaluatedSource: z.string().max(64).optional(),
});
export type FirewallStatus = z.infer<typeof FirewallStatusSchema>;

/**
 * What makes an nft rule the one PortDoctor added: its table and chain, its expression as `nft list` prints it
 * (without counter values and handle), and its `PortDoctor:<port>/<proto>` comment. Undo, reuse and rollback look
 * the rule up by this at the time they act, never by a remembered handle alone (issue #11).
 */
export const NftRuleIdentitySchema = z.object({
  family: z.enum(['ip', 'ip6', 'inet']),
  table: z.string().max(64),
  chain: z.string().max(64),
  match: z.array(z.string().max(128)).min(1).max(16),
  comment: z.string().max(200),
});
export type NftRuleIdentity = z.infer<typeof NftRuleIdentitySchema>;

/** One command of a fix plan: the exact argv, what it does, and how to undo it. */
export const PlannedCommandSchema = z.object({
  argv: z.array(z.string().max(4096)).min(1).max(64),
  description: z.string().max(1000),
  descriptionKey: z.string().max(128).optional(),
  descriptionParams: TextParamsSchema.optional(),
  undo: z.array(z.string().max(4096)).max(64).optional(),
  /** The report-bundle source id the command runs under (`linux.fix.nft`). */
  source: z.string().max(128).optional(),
  /** `change` alters the ruleset (undone in reverse); `persist` saves it (re-run after an undo). */
  role: z.enum(['change', 'persist']).optional(),
  /** A read-only argv whose exit code 0 means the change is already there: the command is skipped and reused. */
  check: z.array(z.string().max(4096)).min(1).max(64).optional(),
  /** With `check`: the change counts as present only when a line of its stdout matches this regular expression. */
  checkPattern: z.string().max(1000).optional(),
  /** Text the tool prints when the change was already there (ufw "Skipping", firewalld ALREADY_ENABLED): nothing to undo. */
  alreadyPattern: z.string().max(200).optional(),
  /** The undo argv holds `{handle}`, taken from the command's echoed output (`nft --echo --handle`). */
  undoCapture: z.literal('nft-handle').optional(),
  /** nft: the added rule's identity; reuse, rollback and undo find the rule by it (the `{handle}` is the one found). */
  nftRule: NftRuleIdentitySchema.optional(),
});
export type PlannedCommand = z.infer<typeof PlannedCommandSchema>;

/** Text and copyable commands for a cause a firewall rule cannot fix (or a change PortDoctor will not make). */
export const GuidanceSchema = z.object({
  title: z.string().max(500),
  titleKey: z.string().max(128).optional(),
  titleParams: TextParamsSchema.optional(),
  text: z.string().max(4000),
  textKey: z.string().max(128).optional(),
  textParams: TextParamsSchema.optional(),
  /** Shown for copying only; never run by PortDoctor. */
  commands: z.array(z.string().max(2000)).max(20).optional(),
});
export type Guidance = z.infer<typeof GuidanceSchema>;

export const FixPlanSchema = z.object({
  id: z.string().max(64),
  backend: FirewallStatusSchema.shape.backend,
  summary: z.string().max(2000),
  summaryKey: z.string().max(128).optional(),
  summaryParams: TextParamsSchema.optional(),
  commands: z.array(PlannedCommandSchema).max(20),
  warnings: z.array(z.string().max(2000)).max(20),
  /** Keys of the warnings that have one; each is matched to its warning by the English it gives. */
  warningKeys: z.array(TextKeySchema).max(20).optional(),
  /** `firewall`: add an allow rule; `disable-block-rule`: Windows, separately confirmed; `guided`/`explain`: nothing runs; `nothing`: already allowed. */
  kind: z.enum(['firewall', 'disable-block-rule', 'guided', 'explain', 'nothing']).optional(),
  /** What the change is about: port, protocol and the source scope let in (`any` for anywhere). */
  target: z.object({ port: z.number().int().min(1).max(65535), protocol: z.enum(['tcp', 'udp']), scope: z.string().max(64) }).optional(),
  /** The comment / name that marks the rule as PortDoctor's (`PortDoctor:8080/tcp`). */
  marker: z.string().max(200).optional(),
  guidance: z.array(GuidanceSchema).max(20).optional(),
  /** Applying needs a second, explicit confirmation (disabling a Windows block rule). */
  separateConfirmation: z.boolean().optional(),
  createdAt: z.string().max(64).optional(),
  /** The choices the plan was made from, so apply can re-plan and refuse when the firewall changed since the preview. */
  choices: z
    .object({
      port: z.number().int().min(1).max(65535),
      protocol: z.enum(['tcp', 'udp']),
      source: z.string().max(64).optional(),
      profiles: z
        .array(z.enum(['domain', 'private', 'public']))
        .max(3)
        .optional(),
      persist: z.boolean().optional(),
    })
    .optional(),
});
export type FixPlan = z.infer<typeof FixPlanSchema>;

/** One command as it ran: argv, outcome, what it printed (capped), and whether it was skipped because already present. */
export const CommandRunSchema = z.object({
  argv: z.array(z.string().max(4096)).max(64),
  status: z.enum(['ok', 'failed', 'reused', 'skipped']),
  exitCode: z.number().int().nullable().optional(),
  output: z.string().max(4000).optional(),
  reason: z.string().max(64).optional(),
});
export type CommandRun = z.infer<typeof CommandRunSchema>;

/**
 * Which proof "fixed" rests on (issue #11 item 4): `rule-counter` — real traffic, the new rule's packet counter grew
 * from `before` to `after` (with `client` when the rule lets in that one address); `re-evaluation` — the ruleset now
 * accepts the SYN but no packet was counted yet (`after` = the counter now), or no counter could be read (`detail`);
 * `none` — not verified as fixed.
 */
export const FixProofSchema = z.object({
  kind: z.enum(['rule-counter', 're-evaluation', 'none']),
  client: z.string().max(64).optional(),
  before: z.number().int().nonnegative().optional(),
  after: z.number().int().nonnegative().optional(),
  detail: z.string().max(1000).optional(),
});
export type FixProof = z.infer<typeof FixProofSchema>;

export const FixResultSchema = z.object({
  undoId: z.string().max(64),
  fixed: z.boolean(),
  evidence: z.array(EvidenceSchema).max(100),
  /** `applied`, `reused` (every change was already there), `rolled-back` (a step failed; earlier ones undone), `failed` (rollback incomplete). */
  outcome: z.enum(['applied', 'reused', 'rolled-back', 'failed']).optional(),
  runs: z.array(CommandRunSchema).max(60).optional(),
  /** Tell the user what to do next (retry from the client with `portdoctor watch` running). */
  next: z.array(z.string().max(1000)).max(10).optional(),
  /** Which proof `fixed` rests on; absent from results of versions before issue #11 item 4. */
  proof: FixProofSchema.optional(),
});
export type FixResult = z.infer<typeof FixResultSchema>;

/** `firewall:verify-fix` ("Test now", `fix --verify <id>`): the fix's proof now, after the client tried again. */
export const FixVerifyResultSchema = z.object({
  id: z.string().max(64),
  fixed: z.boolean(),
  proof: FixProofSchema,
  evidence: z.array(EvidenceSchema).max(100),
});
export type FixVerifyResult = z.infer<typeof FixVerifyResultSchema>;

export const UndoResultSchema = z.object({
  undone: z.boolean(),
  /** Why nothing was removed: the rule found is not (or no longer) exactly the one the fix added. One line. */
  refused: z.string().max(1000).optional(),
  evidence: z.array(EvidenceSchema).max(100),
  runs: z.array(CommandRunSchema).max(60).optional(),
});
export type UndoResult = z.infer<typeof UndoResultSchema>;

/** A change PortDoctor made to the firewall, from its undo records: what, when, and whether it was undone. */
export const AppliedFixSchema = z.object({
  id: z.string().max(64),
  planId: z.string().max(64),
  backend: z.string().max(32),
  summary: z.string().max(2000),
  /** The summary's engine key and params (records written since issue #13 item 5): shown in the UI's language. */
  summaryKey: z.string().max(128).optional(),
  summaryParams: TextParamsSchema.optional(),
  appliedAt: z.string().max(64),
  undoneAt: z.string().max(64).optional(),
  /**
   * Whether the fix is in the firewall being viewed, proven by the identity undo uses (issue #11): `present` (Undo
   * offered), `absent` ("not present here": made in another namespace, container or host, or removed since),
   * `unknown` ("couldn't check": the firewall could not be read; never taken for absent). Not set for undone fixes.
   */
  presence: z.enum(['present', 'absent', 'unknown']).optional(),
  /** Why a fix is `absent` or `unknown`, one line. */
  presenceDetail: z.string().max(1000).optional(),
  presenceDetailKey: z.string().max(128).optional(),
  presenceDetailParams: TextParamsSchema.optional(),
});
export type AppliedFix = z.infer<typeof AppliedFixSchema>;

/** `firewall:list-fixes`: PortDoctor's own changes on this host, newest first. */
export const AppliedFixListSchema = z.object({ fixes: z.array(AppliedFixSchema).max(200) });
export type AppliedFixList = z.infer<typeof AppliedFixListSchema>;
