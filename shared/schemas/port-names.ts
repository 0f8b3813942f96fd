import { z } from 'zod';
import { IpSchema, PortSchema } from './common';

/** `ports:resolve-names`: remote addresses to look up (reverse DNS) and ports to name (the services file). */
export const ResolveNamesRequestSchema = z.object({
  addresses: z.array(IpSchema).max(512),
  ports: z.array(PortSchema).max(2048),
});

/** A host name as the resolver gave it: letters, digits, dots, hyphens, underscores only (anything else is dropped). */
export const HostNameSchema = z.string().regex(/^[A-Za-z0-9._-]{1,253}$/);

/** Names found; an address without a name (or not answered in time) has `name: null`, never a guess. */
export const ResolvedNamesSchema = z.object({
  names: z.array(z.object({ address: z.string().max(64), name: HostNameSchema.nullable() })).max(512),
  services: z.array(z.object({ port: PortSchema, name: z.string().regex(/^[A-Za-z0-9._+-]{1,64}$/) })).max(2048),
  /** Addresses still being looked up when the time ran out: asked again on the next refresh. */
  pending: z.number().int().nonnegative(),
});
export type ResolvedNames = z.infer<typeof ResolvedNamesSchema>;
