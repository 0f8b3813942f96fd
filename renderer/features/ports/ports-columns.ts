import type { LiveRow } from './ports-diff';
import { ownerMissingKey } from './ports-selectors';

/** The explorer's columns, in order. */
export const COLUMN_IDS = ['change', 'protocol', 'local', 'remote', 'state', 'scope', 'process', 'path', 'unit', 'actions'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

/** Each column's header key, starting width and narrowest width (px). */
export const COLUMNS: Record<ColumnId, { label: string; width: number; min: number }> = {
  change: { label: 'ports.changeColumn', width: 68, min: 48 },
  protocol: { label: 'ports.protocol', width: 64, min: 48 },
  local: { label: 'ports.local', width: 170, min: 90 },
  remote: { label: 'ports.remote', width: 170, min: 90 },
  state: { label: 'ports.state', width: 100, min: 64 },
  scope: { label: 'ports.scope', width: 120, min: 64 },
  process: { label: 'ports.process', width: 150, min: 72 },
  path: { label: 'ports.path', width: 170, min: 72 },
  unit: { label: 'ports.unit', width: 130, min: 72 },
  // Room for its four icon buttons: Diagnose, Close connection, End process, Copy row (never narrower).
  actions: { label: 'ports.actions', width: 132, min: 132 },
};

/** Widest a column can be dragged. */
export const MAX_WIDTH = 900;

/** Column widths as the user left them. */
export type ColumnWidths = Record<ColumnId, number>;

/** The starting widths. */
export function defaultWidths(): ColumnWidths {
  const out = {} as ColumnWidths;
  for (const id of COLUMN_IDS) out[id] = COLUMNS[id].width;
  return out;
}

/** A width kept within the column's bounds. */
export function clampWidth(id: ColumnId, width: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(COLUMNS[id].min, width)));
}

/** The CSS grid template for the widths (header and rows share it, so they stay aligned). */
export function gridTemplate(widths: ColumnWidths): string {
  return COLUMN_IDS.map((id) => `${widths[id]}px`).join(' ');
}

/** The sum of the widths: the table's own width (it scrolls sideways inside its frame when wider than the window). */
export function totalWidth(widths: ColumnWidths): number {
  return COLUMN_IDS.reduce((n, id) => n + widths[id], 0);
}

/** Sorted by which column, which way. */
export interface SortState {
  column: Exclude<ColumnId, 'actions'>;
  direction: 'ascending' | 'descending';
}

/** Click on a header: ascending, then descending, then back to the explorer's own order. */
export function nextSort(current: SortState | null, column: SortState['column']): SortState | null {
  if (current?.column !== column) return { column, direction: 'ascending' };
  return current.direction === 'ascending' ? { column, direction: 'descending' } : null;
}

// IPv4 sorts by number (10.0.0.9 before 10.0.0.10), IPv6 after all IPv4, by text.
const addressKeys = new Map<string, string>();
function addressKey(address: string): string {
  let key = addressKeys.get(address);
  if (key === undefined) {
    if (addressKeys.size > 8192) addressKeys.clear();
    const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
    key = v4
      ? `4${v4
          .slice(1)
          .map((o) => o.padStart(3, '0'))
          .join('.')}`
      : `6${address}`;
    addressKeys.set(address, key);
  }
  return key;
}

function cmp(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

const ORDER: Record<SortState['column'], (a: LiveRow, b: LiveRow) => number> = {
  change: (a, b) => cmp(a.change, b.change),
  protocol: (a, b) => cmp(a.protocol, b.protocol),
  local: (a, b) => cmp(addressKey(a.localAddress), addressKey(b.localAddress)) || a.localPort - b.localPort,
  remote: (a, b) => cmp(addressKey(a.remoteAddress), addressKey(b.remoteAddress)) || a.remotePort - b.remotePort,
  state: (a, b) => cmp(a.stateKey, b.stateKey),
  scope: (a, b) => cmp(a.scope, b.scope),
  process: (a, b) => cmp(a.ownerName?.toLowerCase() ?? null, b.ownerName?.toLowerCase() ?? null) || cmp(a.pid, b.pid),
  path: (a, b) => cmp(a.path, b.path),
  unit: (a, b) => cmp(a.unit, b.unit),
};

/** Rows in the chosen order (stable: ties keep the explorer's order); unsorted rows are returned as they are. */
export function sortRows<T extends LiveRow>(rows: readonly T[], sort: SortState | null): readonly T[] {
  if (!sort) return rows;
  const order = ORDER[sort.column];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => sign * order(a.row, b.row) || a.i - b.i)
    .map((x) => x.row);
}

/** One cell of a TSV line: tabs and line breaks inside a value become spaces, so each row stays one line. */
export function tsvCell(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}

/** Rows as tab-separated text with a header line (what Copy row / Copy all put on the clipboard). */
export function toTsv(rows: readonly LiveRow[], t: (key: string) => string): string {
  const columns = COLUMN_IDS.filter((id) => id !== 'actions' && id !== 'change');
  const lines = [columns.map((id) => tsvCell(t(COLUMNS[id].label))).join('\t')];
  for (const r of rows) {
    const cells: Record<(typeof columns)[number], string> = {
      protocol: r.protocol,
      local: r.local,
      remote: r.remote,
      state: r.state,
      scope: t(`ports.scopes.${r.scope}`),
      process: r.owner ?? t(ownerMissingKey(r)),
      path: r.path ?? '',
      unit: r.unit ?? '',
    };
    lines.push(columns.map((id) => tsvCell(cells[id])).join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
