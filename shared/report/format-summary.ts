import { en } from '../i18n/en';
import { keyFits } from '../i18n/engine-text';
import type { CheckReport, Evidence } from '../schemas/report';
import { defuseDeep, FIELD_MAX } from '../text/defuse';

/** Looks up a UI string by i18n key (`cause.ok`, `reports.summaryTitle`) with `{{name}}` values; the renderer passes i18next's `t`. */
export type Lookup = (key: string, values?: Record<string, string | number>) => string;

/** The English strings, for the CLI and tests (the app passes the user's language). */
export const englishLookup: Lookup = (key, values = {}) => {
  let node: unknown = en;
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
};

/** The facts a summary shows, in display order: shared by the Markdown and the HTML forms so they never disagree. */
interface SummaryModel {
  title: string;
  facts: [string, string][];
  headline: string;
  summary: string;
  partial: string | null;
  steps: { title: string; status: string; summary: string; evidence: Evidence[] }[];
  fixes: { title: string; detail: string; commands: string[] }[];
  footer: string;
}

/** An engine text in the lookup's language when it carries a key the lookup knows, else its English text. */
export function engineLine(t: Lookup, text: string, key: string | undefined, params: Record<string, string | number> | undefined): string {
  if (!keyFits(key, params, text)) return text;
  const out = t(key, params);
  return out && out !== key ? out : text;
}

function modelOf(untrusted: CheckReport, t: Lookup, generatedAt: string): SummaryModel {
  // Every string of the report (a replayed bundle's included) with its control characters shown, not kept.
  const report = defuseDeep(untrusted, FIELD_MAX);
  const ev = (e: Evidence): Evidence => ({ ...e, text: engineLine(t, e.text, e.key, e.params) });
  const host = report.replayed?.hostname ?? report.host?.hostname ?? '?';
  const port = `${report.target.port}/${report.target.protocol}`;
  const facts: [string, string][] = [
    [t('reports.host'), host],
    [t('reports.target'), port],
  ];
  if (report.target.source) facts.push([t('reports.summarySource'), report.target.source]);
  if (report.replayed) facts.push([t('reports.recordedAt'), report.replayed.recordedAt]);
  return {
    title: t('reports.summaryTitle', { port, host }),
    facts,
    headline: t(`cause.${report.verdict.cause}`),
    summary: engineLine(t, report.verdict.summary, report.verdict.summaryKey, report.verdict.summaryParams),
    partial: report.verdict.partial ? t('diagnose.partial') : null,
    steps: report.steps.map((s) => ({
      title: t(`steps.${s.id}`),
      status: t(`status.${s.status}`),
      summary: s.summary ? engineLine(t, s.summary, s.summaryKey, s.summaryParams) : '',
      evidence: s.evidence.map(ev),
    })),
    fixes: report.verdict.fixes.map((f) => ({
      title: engineLine(t, f.title, f.titleKey, f.titleParams),
      detail: f.detail ? engineLine(t, f.detail, f.detailKey, f.detailParams) : '',
      commands: f.commands ?? [],
    })),
    footer: t('reports.summaryGenerated', { time: generatedAt }),
  };
}

// Markdown renderers differ in what they treat as markup (and some pass HTML through): every character that could
// start inline markup is escaped, and < > & become entities, so untrusted text stays text in any ticket system.
// Text never starts a line (it follows a prefix or list marker), so line-start markers such as - + need no escape.
/** Escape untrusted text for Markdown (inline markup, HTML, line breaks). */
export function md(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** A fenced block longer than any run of backticks inside, so a command can never close it early. */
export function fence(lines: readonly string[]): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...[...l.matchAll(/`+/g)].map((m) => m[0].length))));
  const f = '`'.repeat(longest + 1);
  return [f, ...lines, f].join('\n');
}

/** The human summary of a check as Markdown (for tickets): verdict, steps with evidence, fixes. All report text is escaped. */
export function formatSummaryMarkdown(report: CheckReport, t: Lookup = englishLookup, generatedAt = new Date().toISOString()): string {
  const m = modelOf(report, t, generatedAt);
  const out = [
    `# ${md(m.title)}`,
    '',
    ...m.facts.map(([k, v]) => `- **${md(k)}:** ${md(v)}`),
    '',
    `## ${md(t('diagnose.verdict'))}: ${md(m.headline)}`,
    '',
    md(m.summary),
  ];
  if (m.partial) out.push('', `> ${md(m.partial)}`);
  out.push('', `## ${md(t('diagnose.stepsLabel'))}`);
  m.steps.forEach((s, i) => {
    out.push('', `${i + 1}\\. **${md(s.title)}** — ${md(s.status)}${s.summary ? `: ${md(s.summary)}` : ''}`);
    for (const e of s.evidence) out.push(`   - ${md(e.text)}${e.command ? ` (\`${e.command.replace(/`/g, "'")}\`)` : ''}`);
  });
  if (m.fixes.length > 0) {
    out.push('', `## ${md(t('diagnose.fixes'))}`);
    for (const f of m.fixes) {
      out.push('', `- ${md(f.title)}${f.detail ? `: ${md(f.detail)}` : ''}`);
      if (f.commands.length > 0) out.push('', fence(f.commands));
    }
  }
  out.push('', `_${md(m.footer)}_`, '');
  return out.join('\n');
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STATUS_COLOURS: Record<string, string> = {
  pass: '#107c10',
  fail: '#c50f1f',
  warn: '#8a5300',
  unknown: '#616161',
  skipped: '#616161',
};

/** The human summary as one self-contained HTML page: no script, no external resource, a CSP that forbids both, inline CSS only. */
export function formatSummaryHtml(
  report: CheckReport,
  t: Lookup = englishLookup,
  generatedAt = new Date().toISOString(),
  lang = 'en',
): string {
  const m = modelOf(report, t, generatedAt);
  const h = escapeHtml;
  const steps = m.steps
    .map((s, i) => {
      const colour = STATUS_COLOURS[report.steps[i]?.status ?? 'unknown'] ?? '#616161';
      const ev = s.evidence.map((e) => `<li>${h(e.text)}${e.command ? ` <code>${h(e.command)}</code>` : ''}</li>`).join('');
      return `<li><strong>${h(s.title)}</strong> <span style="color:${colour};font-weight:600">${h(s.status)}</span>${s.summary ? `<p>${h(s.summary)}</p>` : ''}${ev ? `<ul>${ev}</ul>` : ''}</li>`;
    })
    .join('\n');
  const fixes = m.fixes
    .map((f) => `<li>${h(f.title)}${f.detail ? `<p>${h(f.detail)}</p>` : ''}${f.commands.map((c) => `<pre>${h(c)}</pre>`).join('')}</li>`)
    .join('\n');
  return [
    '<!doctype html>',
    `<html lang="${h(lang)}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${h(m.title)}</title>`,
    '<style>body{font:14px/1.5 "Segoe UI",system-ui,sans-serif;max-width:860px;margin:24px auto;padding:0 16px;color:#242424}h1{font-size:20px}h2{font-size:16px;margin-top:24px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{color:#616161}dd{margin:0}pre,code{font-family:Consolas,monospace;background:#f5f5f5;padding:1px 4px;white-space:pre-wrap;overflow-wrap:anywhere}li{margin:6px 0}.note{border-left:4px solid #8a5300;padding:4px 12px;background:#fff8e6}</style>',
    '</head><body>',
    `<h1>${h(m.title)}</h1>`,
    `<dl>${m.facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`,
    `<h2>${h(t('diagnose.verdict'))}: ${h(m.headline)}</h2>`,
    `<p>${h(m.summary)}</p>`,
    m.partial ? `<p class="note">${h(m.partial)}</p>` : '',
    `<h2>${h(t('diagnose.stepsLabel'))}</h2>`,
    `<ol>${steps}</ol>`,
    fixes ? `<h2>${h(t('diagnose.fixes'))}</h2><ul>${fixes}</ul>` : '',
    `<p><em>${h(m.footer)}</em></p>`,
    '</body></html>',
    '',
  ].join('\n');
}
