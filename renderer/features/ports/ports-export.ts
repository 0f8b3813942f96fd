import type { ExplorerRow } from './ports-selectors';
import { ownerMissingKey } from './ports-selectors';

/** The exported columns: a header label and how to read the cell from a row. */
export interface ExportColumn {
  header: string;
  value(row: ExplorerRow): string;
}

/** The explorer's columns for export, with headers already translated by the caller. */
export function exportColumns(label: (key: string) => string): ExportColumn[] {
  return [
    { header: label('ports.protocol'), value: (r) => r.protocol },
    { header: label('ports.local'), value: (r) => r.local },
    { header: label('ports.remote'), value: (r) => r.remote },
    { header: label('ports.state'), value: (r) => r.state },
    { header: label('ports.scope'), value: (r) => label(`ports.scopes.${r.scope}`) },
    { header: label('ports.risk'), value: (r) => r.risk ?? '' },
    { header: label('ports.owner'), value: (r) => r.owner ?? label(ownerMissingKey(r)) },
  ];
}

/**
 * One CSV cell: quoted per RFC 4180, and a cell a spreadsheet would run as a formula (= + - @, or a tab / CR
 * that some spreadsheets strip first) gets a leading apostrophe (OWASP "CSV injection"): owners' command names
 * come from other users' processes.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows as CSV (CRLF line ends, as RFC 4180 and Excel expect). */
export function toCsv(rows: readonly ExplorerRow[], columns: readonly ExportColumn[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(c.value(r))).join(','));
  return lines.join('\r\n') + '\r\n';
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** The rows as a standalone HTML page (every value escaped; no script, no external resource). */
export function toHtml(rows: readonly ExplorerRow[], columns: readonly ExportColumn[], title: string, lang: string): string {
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c.header)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td>${escapeHtml(c.value(r))}</td>`).join('')}</tr>`).join('\n');
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:2px 6px;font-family:monospace}</style>',
    `</head><body><h1>${escapeHtml(title)}</h1>`,
    `<table><thead><tr>${head}</tr></thead><tbody>`,
    body,
    '</tbody></table></body></html>',
    '',
  ].join('\n');
}

/** Offer text as a file download (a Blob URL, revoked once the click has been handled). */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
