import { z } from 'zod';
import { CidrSchema, HostSchema, PortSchema, ProtocolSchema, UnavailableSchema } from './common';
import { FixPlanSchema, FixResultSchema, FixVerifyResultSchema, UndoResultSchema } from './firewall';
import { CheckReportSchema } from './report';

/**
 * A server reached over SSH from the app (issue 12): where, how to log in, which known_hosts, and what the user
 * decided in this session (an accepted host key, a sudo password). Passwords travel in the request only: the
 * handler holds them for the one call, nothing writes them anywhere.
 */

/** A login name as OpenSSH and useradd allow it (no leading `-`, nothing a shell reads). */
export const SshUserSchema = z.string().regex(/^[A-Za-z0-9._][A-Za-z0-9._-]{0,31}$/, { message: 'not a login name' });

/** A local file path: absolute (POSIX, `C:\…`, `\\server\…`) or `~/…`; no control characters. */
export const LocalPathSchema = z
  .string()
  .min(1)
  .max(4096)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((p) => !/[\u0000-\u001f\u007f]/.test(p), { message: 'a path cannot hold control characters' })
  .refine((p) => /^(?:\/|~\/|[A-Za-z]:[\\/]|\\\\)/.test(p), { message: 'not an absolute path' });

/** A password typed in the app (login or sudo): held for one call, never stored. */
const SecretSchema = z.string().min(1).max(1024);

/** OpenSSH's SHA256 fingerprint of a key: `SHA256:` and 43 base64 characters. */
export const FingerprintSchema = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, { message: 'not a SHA256 fingerprint' });

/** How to log in: the SSH agent (and ~/.ssh/id_*), one key file, or a password. */
export const SshAuthSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('agent') }),
  z.object({ method: z.literal('key'), identityFile: LocalPathSchema }),
  z.object({ method: z.literal('password'), password: SecretSchema }),
]);
export type SshAuth = z.infer<typeof SshAuthSchema>;

/** Everything a remote call needs to reach the server. */
export const SshConnectionSchema = z.object({
  host: HostSchema,
  user: SshUserSchema,
  sshPort: PortSchema.default(22),
  auth: SshAuthSchema,
  /** known_hosts to check against (accepted keys are added there); default: PortDoctor's own, in its data folder. */
  knownHostsFile: LocalPathSchema.optional(),
  /** The fingerprint the user accepted after an answer said the key is unknown: trusted only if the server shows exactly it. */
  acceptHostKey: FingerprintSchema.optional(),
  /** Asked when `sudo -n` says a password is required; fed to `sudo -S` on stdin for this call only. */
  sudoPassword: SecretSchema.optional(),
});
export type SshConnection = z.infer<typeof SshConnectionSchema>;

/** The server's host key as it was checked. */
export const HostKeySchema = z.object({ keyType: z.string().max(64), fingerprint: z.string().max(64) });

/**
 * Why a remote call stopped before (or instead of) an answer: the host key is not on file yet (asked once, with
 * its fingerprint), the host key changed (refused; nothing ran), sudo wants a password, the login was refused,
 * the connection failed, or the server's portdoctor could not run. `message` is one line in English.
 */
export const SshProblemSchema = z.object({
  kind: z.literal('ssh'),
  problem: z.enum(['host-key-unknown', 'host-key-changed', 'sudo-password', 'sudo-refused', 'login', 'connect', 'remote']),
  message: z.string().max(4000),
  hostKey: HostKeySchema.extend({ host: z.string().max(253), port: PortSchema }).optional(),
});
export type SshProblem = z.infer<typeof SshProblemSchema>;

/** `{ kind: 'ok', data }`, `unavailable`, or an SSH problem. */
export function remoteResultOf<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('kind', [z.object({ kind: z.literal('ok'), data }), UnavailableSchema, SshProblemSchema]);
}

/** Which server answered, over which key, and the client address it saw (the one the verdict is about). */
export const RemoteInfoSchema = z.object({
  host: z.string().max(253),
  user: z.string().max(32),
  sshPort: PortSchema,
  hostKey: HostKeySchema,
  clientAddress: z.string().max(64).nullable(),
});
export type RemoteInfo = z.infer<typeof RemoteInfoSchema>;

/** `remote:diagnose`: a port on the server; the probe runs here while the server captures. */
export const RemoteDiagnoseRequestSchema = SshConnectionSchema.extend({
  port: PortSchema,
  protocol: ProtocolSchema.default('tcp'),
  timeoutMs: z.number().int().min(100).max(60_000).default(3000),
});

/** What a two-ended run answers: the server's joined verdict, who answered, and notes on the way. */
export const RemoteDiagnosisSchema = z.object({
  report: CheckReportSchema,
  remote: RemoteInfoSchema,
  notes: z.array(z.string().max(1000)).max(20),
});
export type RemoteDiagnosis = z.infer<typeof RemoteDiagnosisSchema>;

/** `remote:plan-fix` / `remote:apply-fix`: the server's own `fix` (preview, or apply after confirmation). */
export const RemoteFixRequestSchema = SshConnectionSchema.extend({
  port: PortSchema,
  protocol: ProtocolSchema.default('tcp'),
  source: CidrSchema.optional(),
  persist: z.boolean().optional(),
});

/** The server's preview, and what it did when applied. */
export const RemoteFixSchema = z.object({ plan: FixPlanSchema, applied: FixResultSchema.nullable(), remote: RemoteInfoSchema });
export type RemoteFix = z.infer<typeof RemoteFixSchema>;

/** `remote:undo-fix`: undo one of the server's own fixes by its id. */
export const RemoteUndoRequestSchema = SshConnectionSchema.extend({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) });
export const RemoteUndoSchema = z.object({ undo: UndoResultSchema, remote: RemoteInfoSchema });

/** `remote:verify-fix`: one of the server's fixes tested there (`fix --verify <id>`: its rule counter, re-evaluation). */
export const RemoteVerifySchema = z.object({ verify: FixVerifyResultSchema, remote: RemoteInfoSchema });
