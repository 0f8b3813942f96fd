import { z } from 'zod';
import { IpSchema, PortSchema } from './common';
import { CommandRunSchema } from './firewall';

/** One TCP connection as the Ports view lists it: both endpoints, parsed (never free text). */
export const ConnectionSchema = z.object({
  localAddress: IpSchema,
  localPort: PortSchema,
  remoteAddress: IpSchema,
  remotePort: PortSchema,
});
export type Connection = z.infer<typeof ConnectionSchema>;

/** `ports:close-connection`: without `confirmed` the answer is the preview (the exact command); with it, it runs. */
export const CloseConnectionRequestSchema = z.object({
  connection: ConnectionSchema,
  confirmed: z.literal(true).optional(),
});

/** A process start time as the preview read it (Linux: /proc/<pid>/stat field 22, clock ticks since boot). */
export const StartTimeSchema = z.string().regex(/^\d{1,20}$/);

/**
 * `ports:end-process`: without `confirmed` the preview. `force`: SIGKILL when SIGTERM did not end it (Windows:
 * Stop-Process -Force). `startTime` from the preview: a different process under the same PID is refused.
 */
export const EndProcessRequestSchema = z.object({
  pid: z.number().int().min(1).max(4_194_304),
  force: z.boolean().optional(),
  confirmed: z.literal(true).optional(),
  startTime: StartTimeSchema.optional(),
});

/** What became of a port action (`preview`: nothing ran yet). */
export const PORT_ACTION_OUTCOMES = [
  'preview',
  'closed',
  'ended',
  'not-found',
  'still-open',
  'still-running',
  'refused',
  'failed',
] as const;

/**
 * Why an action was refused or did not finish, as a key the presenters translate: `init` (PID 1), `self` (this app
 * or a process it runs under), `kernel` (a kernel thread, Windows' System/Idle), `replay`, `destroy-unsupported`
 * (a kernel without CONFIG_INET_DIAG_DESTROY), `ipv6-unsupported` (Windows' SetTcpEntry is IPv4 only),
 * `needs-admin`, `process-changed` (another process holds the PID now), `unsupported-platform`, `command-failed`.
 */
export const PORT_ACTION_REASONS = [
  'init',
  'self',
  'kernel',
  'replay',
  'destroy-unsupported',
  'ipv6-unsupported',
  'needs-admin',
  'process-changed',
  'unsupported-platform',
  'command-failed',
] as const;
export type PortActionReason = (typeof PORT_ACTION_REASONS)[number];

/** One command of an action: the argv that runs, and for an encoded PowerShell command the script it carries. */
export const ActionCommandSchema = z.object({
  argv: z.array(z.string().max(8192)).max(64),
  script: z.string().max(8192).optional(),
});
export type ActionCommand = z.infer<typeof ActionCommandSchema>;

/** The process an action is about, as read when the action was previewed or run. */
export const ActionProcessSchema = z.object({
  pid: z.number().int().nonnegative(),
  name: z.string().max(256).optional(),
  path: z.string().max(4096).optional(),
  startTime: StartTimeSchema.optional(),
});

/** A close-connection or end-process action: the preview (exact commands, elevation) or what happened. */
export const PortActionSchema = z.object({
  action: z.enum(['close-connection', 'end-process']),
  outcome: z.enum(PORT_ACTION_OUTCOMES),
  reason: z.enum(PORT_ACTION_REASONS).optional(),
  /** The exact commands, in the order they run (the second of end-process only when the first did not end it). */
  commands: z.array(ActionCommandSchema).max(4),
  /** Whether the commands run with administrator rights (a pkexec / sudo / UAC prompt where not already elevated). */
  elevated: z.boolean(),
  connection: ConnectionSchema.optional(),
  process: ActionProcessSchema.optional(),
  /** What the system said (a failed command's output), already cut short. */
  detail: z.string().max(2000).optional(),
  runs: z.array(CommandRunSchema).max(8).optional(),
  /** Where the action was written down (the same audit log as firewall fixes). */
  auditLog: z.string().max(4096).optional(),
});
export type PortAction = z.infer<typeof PortActionSchema>;
