import type { Result } from '../schemas/common';
import { unavailable } from '../schemas/common';

/** `ufw status verbose`: whether it is active, its defaults, and its rules as printed. */
export interface UfwStatus {
  active: boolean;
  defaultIncoming?: string;
  rules: { to: string; action: string; from: string; text: string }[];
}

/** Parse `ufw status verbose` (English: the runner sets LANG=C). */
export function parseUfwStatus(text: string): Result<UfwStatus> {
  const status = /^Status:\s*(active|inactive)\s*$/m.exec(text);
  if (!status) return unavailable('unparseable', 'ufw status printed no "Status:" line', 'ufw status verbose');
  const out: UfwStatus = { active: status[1] === 'active', rules: [] };
  const def = /^Default:\s*(\w+) \(incoming\)/m.exec(text);
  if (def?.[1]) out.defaultIncoming = def[1];
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^--\s+-+\s+--/.test(l));
  if (start === -1) return { kind: 'ok', data: out };
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) continue;
    // Columns are separated by two or more spaces; "ALLOW IN" and "Anywhere (v6)" contain single spaces.
    const cols = line.trim().split(/\s{2,}/);
    if (cols.length < 3) return unavailable('unparseable', `ufw rule line: "${line.slice(0, 120)}"`, 'ufw status verbose');
    out.rules.push({ to: cols[0] ?? '', action: cols[1] ?? '', from: cols.slice(2).join(' '), text: line.trim() });
  }
  return { kind: 'ok', data: out };
}
