/** Mandatory-label SIDs in `whoami /groups`: these are not translated, unlike the group names. */
const HIGH_OR_SYSTEM = /\bS-1-16-(12288|16384|20480)\b/;
const MEDIUM_OR_LOW = /\bS-1-16-(0|4096|8192|8448)\b/;

/** `whoami /groups` → elevated (High or System integrity), not elevated, or null when no label is printed. */
export function parseElevation(text: string): boolean | null {
  if (HIGH_OR_SYSTEM.test(text)) return true;
  if (MEDIUM_OR_LOW.test(text)) return false;
  return null;
}

/** `reg query HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage /v OEMCP` → the OEM code page (936, 437, 850, …). */
export function parseOemCodePage(text: string): number | null {
  const m = /\bOEMCP\s+REG_SZ\s+(\d{3,5})\b/i.exec(text);
  return m ? Number(m[1]) : null;
}
