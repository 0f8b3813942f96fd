import { z } from 'zod';
import { CheckReportSchema } from '../schemas/report';
import { UnavailableReasonSchema } from '../schemas/common';

/** Bundles are untrusted input: refuse anything larger before parsing. */
export const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;

/** Source ids: dotted lowercase names, e.g. `windows.netsh.excludedportrange.tcp`, `linux.nft.ruleset`. */
export const SourceIdSchema = z
  .string()
  .min(3)
  .max(128)
  .regex(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/, 'not a source id');

/** Output as recorded: text when it was valid UTF-8, base64 of the raw bytes otherwise (GBK, UTF-16, …). */
export const RecordedBytesSchema = z.object({
  encoding: z.enum(['utf8', 'base64']),
  data: z.string(),
});
export type RecordedBytes = z.infer<typeof RecordedBytesSchema>;

/** What one source printed, or why it could not run. */
export const RecordedSourceSchema = z.object({
  argv: z.array(z.string().max(8192)).max(256),
  stdout: RecordedBytesSchema.optional(),
  stderr: RecordedBytesSchema.optional(),
  exitCode: z.number().int().nullable().optional(),
  elapsedMs: z.number().nonnegative().optional(),
  error: z.object({ reason: UnavailableReasonSchema, detail: z.string().max(4000) }).optional(),
});
export type RecordedSource = z.infer<typeof RecordedSourceSchema>;

export const BundlePlatformSchema = z.object({
  os: z.enum(['linux', 'win32', 'darwin']),
  release: z.string().max(128).optional(),
  arch: z.string().max(32).optional(),
  hostname: z.string().max(253),
  elevated: z.boolean().nullable().optional(),
});
export type BundlePlatform = z.infer<typeof BundlePlatformSchema>;

/** `*.portdoctor.json`: per source, what was run and what it printed; plus platform, target, verdict, app version. */
export const BundleSchema = z.object({
  schema: z.literal('portdoctor.bundle/1'),
  appVersion: z.string().max(64),
  recordedAt: z.string().max(64),
  platform: BundlePlatformSchema,
  target: z.object({ port: z.number().int().min(1).max(65535), protocol: z.enum(['tcp', 'udp']) }).optional(),
  verdict: CheckReportSchema.shape.verdict.optional(),
  sources: z.record(SourceIdSchema, RecordedSourceSchema),
});
export type Bundle = z.infer<typeof BundleSchema>;

/** Parse a bundle from text: size-capped, JSON-parsed, schema-validated. Never throws. */
export function parseBundleText(text: string): { ok: true; bundle: Bundle } | { ok: false; error: string } {
  if (text.length > MAX_BUNDLE_BYTES) return { ok: false, error: `report is larger than ${MAX_BUNDLE_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { ok: false, error: 'report is not JSON' };
  }
  const parsed = BundleSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join('.') || '(root)';
    return { ok: false, error: `not a PortDoctor report bundle: ${where}: ${first?.message ?? 'invalid'}` };
  }
  return { ok: true, bundle: parsed.data };
}
