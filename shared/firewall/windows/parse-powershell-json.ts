import type { Result } from '../../schemas/common';
import { unavailable } from '../../schemas/common';

/** A JSON object as ConvertTo-Json prints one CIM instance. */
export type PsObject = Record<string, unknown>;

/** Errors PowerShell prints when a policy forces ConstrainedLanguage mode (ids are not localized). */
const CONSTRAINED = /ConstrainedLanguage|only core types are supported in this language mode/i;

/**
 * Parse `ConvertTo-Json` output into a list of objects. Windows PowerShell 5.1 prints a single
 * result as a bare object and some collections as `{"value":[…],"Count":n}`; pwsh may prefix a
 * BOM. Truncated or non-JSON output is `unparseable`, never a guess.
 */
export function parsePowerShellJson(text: string, stderr = ''): Result<PsObject[]> {
  const body = text
    .replace(/^\uFEFF/, '')
    .replace(/\0+$/, '')
    .trim();
  if (body === '') {
    if (CONSTRAINED.test(stderr)) return unavailable('unparseable', `PowerShell runs in ConstrainedLanguage mode: ${firstLine(stderr)}`);
    if (stderr.trim() !== '') return unavailable('unparseable', `PowerShell printed no JSON: ${firstLine(stderr)}`);
    return { kind: 'ok', data: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    const why = body.startsWith('[') || body.startsWith('{') ? 'is cut short or malformed' : 'is not JSON';
    return unavailable('unparseable', `PowerShell output ${why} (${body.length} characters; ${(e as Error).message.slice(0, 200)})`);
  }
  const list = psList(json);
  if (list === null) return unavailable('unparseable', `PowerShell output is JSON but not a list of objects (${typeof json})`);
  const objects = list.filter((o): o is PsObject => typeof o === 'object' && o !== null && !Array.isArray(o));
  if (objects.length !== list.length) return unavailable('unparseable', 'PowerShell output holds values that are not objects');
  return { kind: 'ok', data: objects };
}

const firstLine = (s: string): string => s.trim().split(/\r?\n/)[0]?.slice(0, 300) ?? '';

/** A multi-valued property in any of its serialised forms: array, `{value,Count}`, bare value, or null → []. */
export function psList(value: unknown): unknown[] | null {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.value) && ('Count' in o || Object.keys(o).length === 1)) return o.value;
    return [value];
  }
  return [value];
}

/** A property as a list of strings (`"80"`, `["80","443"]`, `{"value":["80"],"Count":1}`). */
export function psStrings(value: unknown): string[] {
  return (psList(value) ?? []).filter((v) => v !== null && v !== undefined).map((v) => String(v));
}

/** A property as text, or undefined when absent or null. */
export function psString(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return undefined;
  return String(value);
}

/** A property as a number; enum names that came out as strings are not numbers (undefined). */
export function psNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
