import type { Bundle } from '../../../shared/bundle/schema';
import { formatRecordedAt } from '../../state/shell-selectors';

/** A report's summary, shaped for display (every value is plain text taken from untrusted input). */
export interface ReportSummary {
  host: string;
  os: Bundle['platform']['os'];
  osDetail: string;
  recordedAt: string;
  appVersion: string;
  sources: number;
  port: string | null;
  cause: NonNullable<Bundle['verdict']>['cause'] | null;
}

/** Summarise an opened bundle for the Reports page. */
export function selectReportSummary(bundle: Bundle, locale?: string): ReportSummary {
  const { platform } = bundle;
  return {
    host: platform.hostname,
    os: platform.os,
    osDetail: [platform.release, platform.arch].filter(Boolean).join(' '),
    recordedAt: formatRecordedAt(bundle.recordedAt, locale),
    appVersion: bundle.appVersion,
    sources: Object.keys(bundle.sources).length,
    port: bundle.target ? `${bundle.target.port}/${bundle.target.protocol}` : null,
    cause: bundle.verdict?.cause ?? null,
  };
}

/** A file name safe on every OS: letters, digits, dots and hyphens only. */
function safePart(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9.-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 64) || 'host'
  );
}

/** `HOST-PORT-DATE.<ext>` for a bundle (`HOST-DATE` without a port), e.g. `srv01-8080-2026-11-21.portdoctor.json`. */
export function reportFileName(host: string, port: number | null, recordedAt: string, ext: string): string {
  const time = Date.parse(recordedAt);
  const date = Number.isNaN(time) ? 'undated' : new Date(time).toISOString().slice(0, 10);
  return [safePart(host), ...(port ? [String(port)] : []), date].join('-') + `.${ext}`;
}
