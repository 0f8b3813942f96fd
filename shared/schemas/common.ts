import { z } from 'zod';
import { isCidr, isHost, isIp, normalizeCidr, normalizeIp } from '../net/address';

/** A TCP/UDP port: an integer from 1 to 65535. */
export const PortSchema = z.number().int().min(1).max(65535);

/** The transport protocol a check is about. */
export const ProtocolSchema = z.enum(['tcp', 'udp']);
export type Protocol = z.infer<typeof ProtocolSchema>;

/** An IPv4 or IPv6 address, parsed rather than pattern-matched; an IPv4-mapped one (`::ffff:a.b.c.d`) comes out as IPv4. */
export const IpSchema = z.string().max(64).refine(isIp, { message: 'not an IP address' }).transform(normalizeIp);

/** An address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`); IPv4-mapped ones come out as IPv4. */
export const CidrSchema = z.string().max(64).refine(isCidr, { message: 'not an IP address or CIDR block' }).transform(normalizeCidr);

/** An address as a client result or report prints it (free text, bounded); an IPv4-mapped address comes out as IPv4. */
export const AddressTextSchema = z.string().max(64).transform(normalizeIp);

/** A host name (RFC 1123 letters, digits, hyphens, dots) or an IP address: nothing a shell would read. */
export const HostSchema = z.string().min(1).max(253).refine(isHost, { message: 'not a host name or IP address' });

/** The cause vocabulary of DESIGN.md: stable identifiers used by the UI, CLI, reports and tests. */
export const CAUSES = [
  'ok',
  'not-listening',
  'loopback-only',
  'bound-other-address',
  'address-family-mismatch',
  'port-in-use',
  'port-excluded',
  'privileged-port',
  'accept-queue-overflow',
  'host-firewall-drop',
  'host-firewall-reject',
  'forwarding-disabled',
  'upstream-filtered',
  'no-route',
  'dns-failure',
  'source-exhausted',
  // Extension: nothing found in what could be checked, but a step could not be checked (no privilege to read
  // the firewall, a missing tool). Never reported as `ok`. Lab: test/lab/privilege.test.ts.
  'unknown',
] as const;
export const CauseSchema = z.enum(CAUSES);
export type Cause = z.infer<typeof CauseSchema>;

/** Why a fact could not be gathered. `unknown` in a step always carries one of these. */
export const UNAVAILABLE_REASONS = [
  'not-installed',
  'needs-admin',
  'timeout',
  'unparseable',
  'exit-code',
  'output-limit',
  'not-recorded',
  'not-implemented',
  'unsupported-platform',
  'cancelled',
  // Extension: two readings of this run contradict each other (a loopback connect succeeded, the socket table shows no listener).
  'inconsistent',
] as const;
export const UnavailableReasonSchema = z.enum(UNAVAILABLE_REASONS);
export type UnavailableReason = z.infer<typeof UnavailableReasonSchema>;

/** An expected failure as a value: what could not be done and why. */
export const UnavailableSchema = z.object({
  kind: z.literal('unavailable'),
  reason: UnavailableReasonSchema,
  detail: z.string().max(4000),
  /** The command that would tell, for the user to run by hand. */
  command: z.string().max(2000).optional(),
});
export type Unavailable = z.infer<typeof UnavailableSchema>;

/** `{ kind: 'ok', data }` or `{ kind: 'unavailable', reason, detail }` for a data schema. */
export function resultOf<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('kind', [z.object({ kind: z.literal('ok'), data }), UnavailableSchema]);
}
export type Result<T> = { kind: 'ok'; data: T } | Unavailable;

/** Shorthand for building an `unavailable` value. */
export function unavailable(reason: UnavailableReason, detail: string, command?: string): Unavailable {
  return command === undefined ? { kind: 'unavailable', reason, detail } : { kind: 'unavailable', reason, detail, command };
}
