import type { ProbeReport } from '../../shared/schemas/report';
import { ProbeReportSchema } from '../../shared/schemas/report';

/** A client probe report is a few kilobytes; anything much larger is not one. */
export const MAX_CLIENT_REPORT_BYTES = 1024 * 1024;

/** Why a pasted or dropped client report was refused (the i18n key under `wizard.`), with the detail to show. */
export type ClientReportError = { error: 'clientTooLarge' | 'clientNotJson' | 'clientNotOurs'; detail: string };

/** Parse the client's `portdoctor.probe/1` JSON with the shared schema: too big, not JSON or not ours are refused. */
export function parseClientReport(text: string): { ok: true; report: ProbeReport } | ({ ok: false } & ClientReportError) {
  if (text.length > MAX_CLIENT_REPORT_BYTES) return { ok: false, error: 'clientTooLarge', detail: `${text.length} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { ok: false, error: 'clientNotJson', detail: '' };
  }
  const parsed = ProbeReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: 'clientNotOurs', detail: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, report: parsed.data };
}
