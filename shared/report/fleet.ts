import type { CheckReport } from '../schemas/report';
import { engineLine as line, englishLookup, escapeHtml, fence, md } from './format-summary';
import type { Lookup } from './format-summary';

/** One host's result in a fleet run: the label the operator knows it by, and its check report or why there is none. */
export type FleetInput = { host: string; file: string } & ({ report: CheckReport } | { error: string });

/** One row of the merged table: host × port × cause × deciding rule, with the fixes. */
export interface FleetRow {
  host: string;
  port: string;
  cause: string;
  /** The cause as people read it (the UI's display name). */
  causeText: string;
  decidedBy: string;
  summary: string;
  fixes: { title: string; commands: string[] }[];
  partial: boolean;
  error: string | null;
}

/** The rows of a fleet run, sorted by host then port; a host whose result could not be read is a row saying why. */
export function mergeFleet(inputs: readonly FleetInput[], t: Lookup = englishLookup): FleetRow[] {
  const rows = inputs.map((i): FleetRow => {
    if ('error' in i)
      return {
        host: i.host,
        port: '—',
        cause: 'unreadable',
        causeText: t('fleet.unreadable'),
        decidedBy: '',
        summary: i.error,
        fixes: [],
        partial: false,
        error: i.error,
      };
    const r = i.report;
    const firewall = r.steps.find((s) => s.id === 'firewall');
    const decided = firewall?.evidence.find((e) => e.kind === 'rule' || e.kind === 'policy');
    return {
      host: i.host,
      port: `${r.target.port}/${r.target.protocol}`,
      cause: r.verdict.cause,
      causeText: t(`cause.${r.verdict.cause}`),
      decidedBy: decided ? line(t, decided.text, decided.key, decided.params) : '',
      summary: line(t, r.verdict.summary, r.verdict.summaryKey, r.verdict.summaryParams),
      fixes: r.verdict.fixes.map((f) => ({ title: line(t, f.title, f.titleKey, f.titleParams), commands: f.commands ?? [] })),
      partial: r.verdict.partial === true,
      error: null,
    };
  });
  return rows.sort((a, b) => a.host.localeCompare(b.host) || a.port.localeCompare(b.port, undefined, { numeric: true }));
}

/** The fleet table as Markdown: one row per host and port, then each host's fixes. Every value is escaped. */
export function formatFleetMarkdown(rows: readonly FleetRow[], t: Lookup = englishLookup, generatedAt = new Date().toISOString()): string {
  const cell = (s: string) => md(s) || ' ';
  const out = [
    `# ${md(t('fleet.title', { hosts: new Set(rows.map((r) => r.host)).size }))}`,
    '',
    `| ${[t('fleet.host'), t('fleet.port'), t('fleet.cause'), t('fleet.decidedBy')].map(md).join(' | ')} |`,
    '| --- | --- | --- | --- |',
  ];
  for (const r of rows)
    out.push(
      `| ${cell(r.host)} | ${cell(r.port)} | ${cell(r.causeText)}${r.partial ? ` (${md(t('fleet.partial'))})` : ''} | ${cell(r.error ?? r.decidedBy)} |`,
    );
  const withFixes = rows.filter((r) => r.fixes.length > 0);
  if (withFixes.length > 0) {
    out.push('', `## ${md(t('fleet.fixes'))}`);
    for (const r of withFixes) {
      out.push('', `### ${md(r.host)} ${md(r.port)}`);
      for (const f of r.fixes) {
        out.push('', `- ${md(f.title)}`);
        if (f.commands.length > 0) out.push('', fence(f.commands));
      }
    }
  }
  out.push('', `_${md(t('reports.summaryGenerated', { time: generatedAt }))}_`, '');
  return out.join('\n');
}

const CAUSE_COLOUR = (cause: string) =>
  cause === 'ok' ? '#107c10' : cause === 'unknown' || cause === 'unreadable' ? '#616161' : '#c50f1f';

/** The fleet table as one self-contained HTML page (no script, a CSP that forbids any; every value escaped). */
export function formatFleetHtml(
  rows: readonly FleetRow[],
  t: Lookup = englishLookup,
  generatedAt = new Date().toISOString(),
  lang = 'en',
): string {
  const h = escapeHtml;
  const body = rows
    .map((r) => {
      const fixes = r.fixes.map((f) => `<div>${h(f.title)}${f.commands.map((c) => `<pre>${h(c)}</pre>`).join('')}</div>`).join('');
      return `<tr><td>${h(r.host)}</td><td>${h(r.port)}</td><td style="color:${CAUSE_COLOUR(r.cause)};font-weight:600">${h(r.causeText)}${r.partial ? ` (${h(t('fleet.partial'))})` : ''}</td><td>${h(r.error ?? r.decidedBy)}</td><td>${fixes}</td></tr>`;
    })
    .join('\n');
  const title = t('fleet.title', { hosts: new Set(rows.map((r) => r.host)).size });
  return [
    '<!doctype html>',
    `<html lang="${h(lang)}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${h(title)}</title>`,
    '<style>body{font:14px/1.5 "Segoe UI",system-ui,sans-serif;margin:24px;color:#242424}table{border-collapse:collapse}td,th{border:1px solid #d1d1d1;padding:4px 8px;text-align:left;vertical-align:top}pre{font-family:Consolas,monospace;background:#f5f5f5;padding:1px 4px;white-space:pre-wrap;overflow-wrap:anywhere;margin:2px 0}</style>',
    '</head><body>',
    `<h1>${h(title)}</h1>`,
    `<table><thead><tr>${[t('fleet.host'), t('fleet.port'), t('fleet.cause'), t('fleet.decidedBy'), t('fleet.fixes')].map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${body}</tbody></table>`,
    `<p><em>${h(t('reports.summaryGenerated', { time: generatedAt }))}</em></p>`,
    '</body></html>',
    '',
  ].join('\n');
}
