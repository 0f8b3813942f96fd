import { z } from 'zod';
import { CidrSchema, HostSchema, IpSchema, PortSchema, ProtocolSchema, resultOf } from '../schemas/common';
import { CheckReportSchema, ProbeReportSchema, StepSchema, WatchReportSchema } from '../schemas/report';
import { PortsListSchema, SnapshotTokenSchema } from '../schemas/ports';
import { ResolveNamesRequestSchema, ResolvedNamesSchema } from '../schemas/port-names';
import { CloseConnectionRequestSchema, EndProcessRequestSchema, PortActionSchema } from '../schemas/port-actions';
import { BundleSchema } from '../bundle/schema';
import {
  AppliedFixListSchema,
  FirewallStatusSchema,
  FixPlanSchema,
  FixResultSchema,
  FixVerifyResultSchema,
  UndoResultSchema,
} from '../schemas/firewall';
import {
  RemoteDiagnoseRequestSchema,
  RemoteDiagnosisSchema,
  RemoteFixRequestSchema,
  RemoteFixSchema,
  RemoteUndoRequestSchema,
  RemoteUndoSchema,
  RemoteVerifySchema,
  remoteResultOf,
} from '../schemas/remote';
import {
  WfpAuditEndedSchema,
  WfpAuditEventSchema,
  WfpAuditPlanSchema,
  WfpAuditRequestSchema,
  WfpAuditResultSchema,
} from '../schemas/wfp-audit';
import type { CallChannel, Channel, StreamChannel } from './channels';

/** `system:info`: the host, whether we are elevated, and whether we are replaying a report. */
export const SystemInfoSchema = z.object({
  platform: z.enum(['linux', 'win32', 'darwin']),
  release: z.string(),
  arch: z.string(),
  hostname: z.string(),
  appVersion: z.string(),
  elevated: z.boolean().nullable(),
  replay: z.object({ hostname: z.string(), recordedAt: z.string(), platform: z.string() }).nullable(),
});

const CheckRequestSchema = z.object({
  port: PortSchema,
  protocol: ProtocolSchema.default('tcp'),
  source: z.string().max(64).pipe(CidrSchema).optional(),
  /** The service the user expects on the port (process name or unit): tells port-in-use and privileged-port apart from not-listening. */
  expect: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/)
    .optional(),
});

const ProbeRequestSchema = z.object({
  host: HostSchema,
  port: PortSchema,
  timeoutMs: z.number().int().min(100).max(60_000).default(3000),
  /** When the port answers: also try a TLS handshake / send `HEAD /` and keep the status line. */
  tls: z.boolean().optional(),
  http: z.boolean().optional(),
  /** UDP: send a datagram (DNS/NTP-aware) and read an answer, an ICMP port-unreachable or silence. TCP when absent. */
  protocol: ProtocolSchema.optional(),
});

const RunRequestSchema = CheckRequestSchema.extend({
  clientReport: ProbeReportSchema.optional(),
  watchSeconds: z.number().int().min(1).max(600).optional(),
  /** A capture already made (`watch --json`), instead of a fresh one. */
  watchReport: WatchReportSchema.optional(),
  /** Listen on the port ourselves during the capture when nothing else listens there. */
  standIn: z.boolean().optional(),
  /** Steps 1–3 already run (`check --json` for the same port and source, e.g. while the capture ran): not run again. */
  checkReport: CheckReportSchema.optional(),
  /** Addresses in front of this host (NAT, load balancer, cloud public IP) that a client's name may rightly resolve to. */
  publicAddresses: z.array(IpSchema).max(16).optional(),
});

/** Progress of a five-step run: a step started or finished. */
const RunEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step-started'), id: StepSchema.shape.id }),
  z.object({ type: z.literal('step-finished'), step: StepSchema }),
]);

/** Progress of a two-ended run over SSH: the five steps as locally, and one-line progress (connecting, uploading, capturing). */
const RemoteRunEventSchema = z.union([RunEventSchema, z.object({ type: z.literal('progress'), text: z.string().max(1000) })]);

const WatchRequestSchema = z.object({
  port: PortSchema,
  seconds: z.number().int().min(1).max(600),
  /** Listen on the port ourselves (all addresses, with a banner) for the capture's duration, when nothing listens. */
  standIn: z.boolean().optional(),
});
const WatchEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('packet'),
    time: z.string(),
    peer: z.string(),
    flags: z.string(),
    text: z.string(),
  }),
  /** The capture is really running: a client may connect now. */
  z.object({ type: z.literal('capturing') }),
]);

const FixRequestSchema = z.object({
  port: PortSchema,
  protocol: ProtocolSchema.default('tcp'),
  source: CidrSchema.optional(),
  profiles: z
    .array(z.enum(['domain', 'private', 'public']))
    .max(3)
    .optional(),
  /** Also save the change where the distro keeps its ruleset (firewalld --permanent, netfilter-persistent); default true. */
  persist: z.boolean().optional(),
});

const ReportsOpenRequestSchema = z.object({ text: z.string().max(32 * 1024 * 1024) });
const ReportsOpenResponseSchema = z.object({ bundle: BundleSchema, check: CheckReportSchema.nullable() });

function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { kind: 'call' as const, request, response };
}
function stream<Req extends z.ZodType, Ev extends z.ZodType, Res extends z.ZodType>(request: Req, event: Ev, response: Res) {
  return { kind: 'stream' as const, request, event, response };
}

/** The one IPC contract: every channel with its request and response schemas (and event schema for streams). */
export const contract = {
  'system:info': call(z.object({}), SystemInfoSchema),
  // compact: only what a table shows (no inode, command line or user): the explorer asks every second for 20k sockets.
  // since: the previous answer's snapshot token; the answer is then only the changes (or a full one if it expired).
  'ports:list': call(
    z.object({ owners: z.boolean().default(true), compact: z.boolean().optional(), since: SnapshotTokenSchema.optional() }),
    resultOf(PortsListSchema),
  ),
  // TCPView's Close Connection and End Process: without `confirmed` the preview (exact commands), with it the action.
  'ports:close-connection': call(CloseConnectionRequestSchema, resultOf(PortActionSchema)),
  'ports:end-process': call(EndProcessRequestSchema, resultOf(PortActionSchema)),
  // The explorer's "Resolve names" toggle: reverse DNS of remote addresses (bounded, cached) and service names of ports.
  'ports:resolve-names': call(ResolveNamesRequestSchema, resultOf(ResolvedNamesSchema)),
  'diagnose:check-port': call(CheckRequestSchema, resultOf(CheckReportSchema)),
  'diagnose:probe': call(ProbeRequestSchema, resultOf(ProbeReportSchema)),
  'diagnose:run': stream(RunRequestSchema, RunEventSchema, resultOf(CheckReportSchema)),
  'capture:watch': stream(WatchRequestSchema, WatchEventSchema, resultOf(WatchReportSchema)),
  'firewall:status': call(CheckRequestSchema, resultOf(FirewallStatusSchema)),
  'firewall:plan-fix': call(FixRequestSchema, resultOf(FixPlanSchema)),
  'firewall:apply-fix': call(
    z.object({
      planId: z.string().regex(/^[a-z0-9-]{1,64}$/),
      confirmed: z.literal(true),
      confirmDisableBlockRule: z.literal(true).optional(),
    }),
    resultOf(FixResultSchema),
  ),
  'firewall:undo-fix': call(z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) }), resultOf(UndoResultSchema)),
  'firewall:list-fixes': call(z.object({}), resultOf(AppliedFixListSchema)),
  'firewall:verify-fix': call(z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) }), resultOf(FixVerifyResultSchema)),
  // Windows: Filtering Platform drop auditing on for a few minutes (previewed; run only confirmed; undone afterwards).
  'firewall:plan-wfp-audit': call(WfpAuditRequestSchema, resultOf(WfpAuditPlanSchema)),
  'firewall:wfp-audit': stream(
    WfpAuditRequestSchema.extend({ confirmed: z.literal(true) }),
    WfpAuditEventSchema,
    resultOf(WfpAuditResultSchema),
  ),
  // Ends the wait of every running window early; each still reads the drops, turns auditing off and sends its result.
  'firewall:end-wfp-audit': call(z.object({}), resultOf(WfpAuditEndedSchema)),
  'reports:collect': call(z.object({ port: PortSchema.optional(), protocol: ProtocolSchema.default('tcp') }), resultOf(BundleSchema)),
  'reports:open': call(ReportsOpenRequestSchema, resultOf(ReportsOpenResponseSchema)),
  // A server over SSH (issue 12): the same steps and fixes as locally, run there; passwords held for the call only.
  'remote:diagnose': stream(RemoteDiagnoseRequestSchema, RemoteRunEventSchema, remoteResultOf(RemoteDiagnosisSchema)),
  'remote:plan-fix': call(RemoteFixRequestSchema, remoteResultOf(RemoteFixSchema)),
  'remote:apply-fix': call(RemoteFixRequestSchema.extend({ confirmed: z.literal(true) }), remoteResultOf(RemoteFixSchema)),
  'remote:undo-fix': call(RemoteUndoRequestSchema, remoteResultOf(RemoteUndoSchema)),
  // The same request as undo: the connection and the server's fix id.
  'remote:verify-fix': call(RemoteUndoRequestSchema, remoteResultOf(RemoteVerifySchema)),
} satisfies { [C in Channel]: { kind: 'call' | 'stream'; request: z.ZodType; response: z.ZodType } };

type Contract = typeof contract;
/** What the caller passes (defaults optional). */
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
/** What a handler receives (defaults applied, validated). */
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;
export type EventOf<C extends StreamChannel> = z.output<Contract[C]['event']>;
export type CallRequestOf<C extends CallChannel> = RequestOf<C>;

export type SystemInfo = z.infer<typeof SystemInfoSchema>;
