import { z } from 'zod';

/** Who owns a socket. Fields are optional: owners of other users' sockets need privilege to see. */
export const SocketOwnerSchema = z.object({
  pid: z.number().int().nonnegative(),
  name: z.string().max(256).optional(),
  command: z.string().max(4096).optional(),
  /** The program file (Linux /proc/<pid>/exe, Windows ExecutablePath); unset when it cannot be read. */
  path: z.string().max(4096).optional(),
  user: z.string().max(256).optional(),
  unit: z.string().max(256).optional(),
  service: z.string().max(256).optional(),
  container: z.string().max(128).optional(),
});
export type SocketOwner = z.infer<typeof SocketOwnerSchema>;

/** One socket as `ss`/`netstat` show it. `recvQ`/`sendQ` on LISTEN are the accept queue fill and its maximum. */
export const SocketSchema = z.object({
  protocol: z.enum(['tcp', 'udp']),
  family: z.union([z.literal(4), z.literal(6)]),
  state: z.string().max(32),
  localAddress: z.string().max(64),
  localPort: z.number().int().min(0).max(65535),
  remoteAddress: z.string().max(64),
  remotePort: z.number().int().min(0).max(65535),
  recvQ: z.number().int().nonnegative().optional(),
  sendQ: z.number().int().nonnegative().optional(),
  inode: z.number().int().nonnegative().optional(),
  /** IPv6 wildcard listener that refuses IPv4 (IPV6_V6ONLY); false when it also accepts IPv4. Unset when unknown. */
  v6Only: z.boolean().optional(),
  /** Linux, `check` only: ms left on the timer that ends a TIME-WAIT (or orphaned FIN-WAIT-2) socket (/proc/net/tcp `tm->when` of timer 3). */
  endsInMs: z.number().int().nonnegative().optional(),
  owner: SocketOwnerSchema.optional(),
});
export type Socket = z.infer<typeof SocketSchema>;

/** A snapshot token `ports:list` hands out and takes back as `since` (opaque to the caller). */
export const SnapshotTokenSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** What changed since the snapshot `since`: rows are named by `socketKey` (shared/ports/socket-key.ts). */
export const PortsDeltaSchema = z.object({
  since: SnapshotTokenSchema,
  added: z.array(SocketSchema),
  /** Row keys of the sockets that went away. */
  removed: z.array(z.string().max(256)),
  /** Sockets still listed under the same key whose other fields changed, as they are now. */
  changed: z.array(SocketSchema),
  /** The row key of each added / changed socket, given when one is a twin's `#n` key (else each is `socketKey`). */
  addedKeys: z.array(z.string().max(256)).optional(),
  changedKeys: z.array(z.string().max(256)).optional(),
});
export type PortsDelta = z.infer<typeof PortsDeltaSchema>;

export const PortsListSchema = z.object({
  schema: z.literal('portdoctor.ports/1'),
  /** Every socket; empty when `delta` is set (the answer then lists only the changes since `delta.since`). */
  sockets: z.array(SocketSchema),
  /** This answer's snapshot token: pass it as `since` next time to get only the changes. */
  snapshot: SnapshotTokenSchema.optional(),
  delta: PortsDeltaSchema.optional(),
  /** Sockets whose owner could not be read (another user's process without privilege). */
  ownersHidden: z.number().int().nonnegative().optional(),
  elapsedMs: z.number().nonnegative().optional(),
  /** The dynamic (ephemeral) port range outgoing connections draw from (Linux: net.ipv4.ip_local_port_range). */
  localPortRange: z.object({ low: z.number().int().min(0).max(65535), high: z.number().int().min(0).max(65535) }).optional(),
});
export type PortsList = z.infer<typeof PortsListSchema>;
