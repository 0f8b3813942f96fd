/** Why a port entry is not acceptable (the i18n key under `diagnose.`). */
export type PortError = 'errorRequired' | 'errorNumber' | 'errorRange';

/** Validate a typed port: a whole number from 1 to 65535, nothing else (no signs, spaces inside, or exponents). */
export function parsePortInput(text: string): { ok: true; port: number } | { ok: false; error: PortError } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'errorRequired' };
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: 'errorNumber' };
  const port = Number(trimmed);
  if (port < 1 || port > 65535) return { ok: false, error: 'errorRange' };
  return { ok: true, port };
}
