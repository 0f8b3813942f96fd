import { z } from 'zod';
import { normalizeCidr } from '../net/address';
import { AddressTextSchema, CauseSchema, HostSchema, IpSchema, PortSchema, ProtocolSchema, UnavailableReasonSchema } from './common';

/** The five steps of DESIGN.md, in order. */
export const STEP_IDS = ['service', 'binding', 'firewall', 'client', 'packets'] as const;
export const StepIdSchema = z.enum(STEP_IDS);
export type StepId = z.infer<typeof StepIdSchema>;

/** pass / fail / warn / unknown (could not be checked: say why) / skipped. */
export const StepStatusSchema = z.enum(['pass', 'fail', 'warn', 'unknown', 'skipped']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

/** An `engine.*` i18n key's interpolation values: plain values (addresses, rule text, commands), never translated, never HTML. */
export const TextParamsSchema = z.record(z.string().max(64), z.union([z.string().max(8000), z.number()]));
export type TextParams = z.infer<typeof TextParamsSchema>;
const TextKeySchema = z.string().max(128);

/** One piece of evidence: what was seen, and where it came from. */
export const EvidenceSchema = z.object({
  /** Stable key for presenters (`socket`, `rule`, `policy`, `packet`, `command`, …). */
  kind: z.string().max(64),
  /** Human text in English; presenters may translate by `kind` + `data`. */
  text: z.string().max(8000),
  /** The report-bundle source id this came from (`linux.nft.ruleset`, …). */
  source: z.string().max(128).optional(),
  /** The command that shows it, for the user to run by hand. */
  command: z.string().max(2000).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  /** The `engine.*` i18n key `text` was made from (presenters translate with `params`; `text` stays the English). */
  key: TextKeySchema.optional(),
  params: TextParamsSchema.optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const StepSchema = z.object({
  id: StepIdSchema,
  status: StepStatusSchema,
  summary: z.string().max(2000).optional(),
  summaryKey: TextKeySchema.optional(),
  summaryParams: TextParamsSchema.optional(),
  /** Why the step is `unknown` or `skipped`. */
  reason: UnavailableReasonSchema.optional(),
  evidence: z.array(EvidenceSchema).max(500),
});
export type Step = z.infer<typeof StepSchema>;

export const FindingSchema = z.object({
  cause: CauseSchema,
  severity: z.enum(['error', 'warning', 'info']),
  evidence: z.array(EvidenceSchema).max(500),
});
export type Finding = z.infer<typeof FindingSchema>;

/** A fix offered with a verdict: one-click (a firewall plan) or guided (text and commands to run). */
export const FixSchema = z.object({
  id: z.string().max(64),
  kind: z.enum(['one-click', 'guided']),
  title: z.string().max(500),
  titleKey: TextKeySchema.optional(),
  titleParams: TextParamsSchema.optional(),
  detail: z.string().max(8000).optional(),
  detailKey: TextKeySchema.optional(),
  detailParams: TextParamsSchema.optional(),
  commands: z.array(z.string().max(2000)).max(50).optional(),
});
export type Fix = z.infer<typeof FixSchema>;

export const VerdictSchema = z.object({
  cause: CauseSchema,
  summary: z.string().max(4000),
  summaryKey: TextKeySchema.optional(),
  summaryParams: TextParamsSchema.optional(),
  fixes: z.array(FixSchema).max(50),
  /** True when some step was unknown: the verdict is only as good as what could be seen. */
  partial: z.boolean().optional(),
});
export type Verdict = z.infer<typeof VerdictSchema>;

export const TargetSchema = z.object({
  port: PortSchema,
  protocol: ProtocolSchema,
  source: z.string().max(64).transform(normalizeCidr).optional(),
  address: AddressTextSchema.optional(),
  /** The service the user expected on the port (`check --expect`). */
  expect: z.string().max(64).optional(),
});

/** `portdoctor check` and `diagnose` output (DESIGN.md: fields may be added, never renamed). */
export const CheckReportSchema = z.object({
  schema: z.literal('portdoctor.check/1'),
  target: TargetSchema,
  verdict: VerdictSchema,
  steps: z.array(StepSchema).max(5),
  findings: z.array(FindingSchema).max(100),
  host: z
    .object({
      platform: z.string().max(32),
      hostname: z.string().max(253).optional(),
      /** This host's own unicast addresses (loopback and link-local left out): what a client's name should resolve to. */
      addresses: z.array(AddressTextSchema).max(256).optional(),
    })
    .optional(),
  replayed: z.object({ hostname: z.string().max(253), recordedAt: z.string().max(64) }).optional(),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

export const PROBE_OUTCOMES = ['ok', 'refused', 'timeout', 'unreachable', 'dns-failure', 'source-exhausted'] as const;

/** `portdoctor probe` output, the client side of step 4. */
export const ProbeReportSchema = z.object({
  schema: z.literal('portdoctor.probe/1'),
  /** `protocol` is absent for TCP (reports written before UDP probes existed). */
  target: z.object({ host: HostSchema, port: PortSchema, protocol: ProtocolSchema.optional() }),
  outcome: z.enum(PROBE_OUTCOMES),
  /** What the client can prove alone; `unknown` when the outcome has several server-side causes (see `candidates`). */
  cause: CauseSchema,
  /** With `cause: "unknown"`: the causes the outcome is consistent with; the server's view (`diagnose`) decides. */
  candidates: z.array(CauseSchema).max(16).optional(),
  elapsedMs: z.number().nonnegative(),
  addresses: z.array(IpSchema).max(64),
  error: z.string().max(200).optional(),
  localAddress: AddressTextSchema.optional(),
  remoteAddress: AddressTextSchema.optional(),
  evidence: z.array(EvidenceSchema).max(100).optional(),
  /** How the name resolved: every address with its family, the time taken, and whether the hosts file answered. */
  resolution: z
    .object({
      elapsedMs: z.number().nonnegative(),
      addresses: z.array(z.object({ address: IpSchema, family: z.union([z.literal(4), z.literal(6)]) })).max(64),
      fromHostsFile: z.boolean().nullable(),
      error: z.string().max(200).optional(),
    })
    .optional(),
  /** One connect attempt per resolved address (the first decides unless another one connects). */
  attempts: z
    .array(
      z.object({
        address: IpSchema,
        outcome: z.enum(PROBE_OUTCOMES),
        elapsedMs: z.number().nonnegative(),
        error: z.string().max(200).optional(),
        localAddress: AddressTextSchema.optional(),
        localPort: z.number().int().nonnegative().optional(),
      }),
    )
    .max(64)
    .optional(),
  /** The route to the remote address and the source address the client uses. */
  route: z
    .object({ sourceAddress: AddressTextSchema.optional(), text: z.string().max(2000).optional(), error: z.string().max(200).optional() })
    .optional(),
  /** When the port answered and a TLS handshake was asked for. */
  tls: z
    .object({
      ok: z.boolean(),
      protocol: z.string().max(32).optional(),
      cipher: z.string().max(128).optional(),
      subject: z.string().max(500).optional(),
      issuer: z.string().max(500).optional(),
      validTo: z.string().max(64).optional(),
      authorized: z.boolean().optional(),
      error: z.string().max(300).optional(),
    })
    .optional(),
  /** A UDP probe: what was sent and how the port looked (nmap's words: open, closed, open|filtered). */
  udp: z
    .object({
      state: z.enum(['open', 'closed', 'open|filtered', 'error']),
      payload: z.enum(['dns', 'ntp', 'empty']),
      sent: z.number().int().nonnegative().max(10),
      replyBytes: z.number().int().nonnegative().optional(),
    })
    .optional(),
  /** When the port answered and an HTTP request was asked for: the status line. */
  http: z.object({ statusLine: z.string().max(300).optional(), error: z.string().max(300).optional() }).optional(),
  /** The ICMP error that ended the connect, with its sender (Linux, IP_RECVERR): the target itself or a hop before it. */
  icmp: z
    .object({
      family: z.union([z.literal(4), z.literal(6)]),
      type: z.number().int().min(0).max(255),
      code: z.number().int().min(0).max(255),
      from: IpSchema,
    })
    .optional(),
});
export type ProbeReport = z.infer<typeof ProbeReportSchema>;

export const WatchPeerSchema = z.object({
  address: AddressTextSchema,
  syn: z.number().int().nonnegative(),
  synAck: z.number().int().nonnegative(),
  rst: z.number().int().nonnegative(),
  icmp: z.number().int().nonnegative().optional(),
  result: z.enum(['unanswered', 'reset', 'answered', 'rejected']),
  /** SYNs sent again with the same sequence number (the client got no answer in time). */
  retransmissions: z.number().int().nonnegative().optional(),
  /** What the ICMP errors said (`host unreachable - admin prohibited filter`). */
  icmpTypes: z.array(z.string().max(200)).max(16).optional(),
  firstSeen: z.string().max(64).optional(),
  lastSeen: z.string().max(64).optional(),
});
export type WatchPeer = z.infer<typeof WatchPeerSchema>;

/** The port's accept queue and the namespace's ListenOverflows/ListenDrops over several readings (Linux). */
export const QueueWindowSchema = z.object({
  ms: z.number().nonnegative(),
  samples: z.number().int().nonnegative(),
  overflowsDelta: z.number().int(),
  dropsDelta: z.number().int(),
  fullSamples: z.number().int().nonnegative(),
  peakRecvQ: z.number().int().nonnegative(),
  backlog: z.number().int().nonnegative(),
  endpoint: z.string().max(80),
});

/** `portdoctor watch` output, step 5. */
export const WatchReportSchema = z.object({
  schema: z.literal('portdoctor.watch/1'),
  port: PortSchema,
  seconds: z.number().positive().optional(),
  peers: z.array(WatchPeerSchema).max(10000),
  /** How the capture ran: the tool, its command, how many packets, and why it stopped. */
  capture: z
    .object({
      tool: z.enum(['tcpdump', 'pktmon']),
      command: z.string().max(2000),
      packets: z.number().int().nonnegative(),
      stoppedBy: z.enum(['time', 'packet-limit', 'exit', 'cancelled']),
      truncated: z.boolean().optional(),
    })
    .optional(),
  /** When PortDoctor listened on the port itself because nothing else did. */
  standIn: z
    .object({
      addresses: z.array(z.string().max(64)).max(4),
      connections: z.number().int().nonnegative(),
      error: z.string().max(300).optional(),
    })
    .optional(),
  /** The port's accept queue read every 500 ms through the capture (Linux): whether ListenOverflows rose while it was full. */
  queue: QueueWindowSchema.optional(),
});
export type WatchReport = z.infer<typeof WatchReportSchema>;
