/**
 * Hostile text made harmless for terminals, logs and summaries. A local user names a process
 * `ESC[2J ESC]0;title BEL`, a rule comment or a replayed report carries the same: printed raw into root's
 * terminal it clears the screen, sets the title or forges lines. Every control character is shown as a
 * visible `\uXXXX` escape instead (the JSON escape form, so a JSON document stays valid and round-trips):
 * C0 and C1 controls, DEL, and the Unicode bidi/line controls that reorder or break what is shown.
 */

// C0 except tab and newline, DEL, C1, bidi marks/embeddings/overrides/isolates, line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
// The same plus tab and newline: one field (a process name, a comment, a host) never starts a new line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_FIELD = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text with its layout kept (newlines and tabs stay), every other control character escaped. */
export function defuseText(text: string): string {
  return text.replace(CONTROL_IN_TEXT, escape);
}

/** One value inside a line: newlines and tabs are escaped too, so it cannot forge a line of its own. */
export function defuseField(text: string): string {
  return text.replace(CONTROL_IN_FIELD, escape);
}

/** How long one value may be in text for people (CLI text, summaries): a 100 kB rule comment is cut, not shown whole. */
export const FIELD_MAX = 2000;

/** A value longer than `max` cut to its start and its length. */
export function clipField(text: string, max = FIELD_MAX): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/**
 * Every string inside a value (objects, arrays) as `defuseField` makes it, and cut to `max` characters when given;
 * other values are kept. For text output, apply it to the data before formatting: a value (a process name, a rule
 * comment, a host name from a replayed report) then never breaks its line, forges an `[ok]` line of its own, or
 * floods the screen, while the layout the formatter adds stays.
 */
export function defuseDeep<T>(value: T, max?: number): T {
  if (typeof value === 'string') return (max === undefined ? defuseField(value) : clipField(defuseField(value), max)) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => defuseDeep(v, max)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = defuseDeep(v, max);
    return out as T;
  }
  return value;
}

/** Words longer than `max` cut to their start and their length: a rejected 100 kB argument is not echoed whole. */
export function clipLongWords(text: string, max = 120): string {
  return text.replace(new RegExp(`\\S{${max + 1},}`, 'g'), (w) => `${w.slice(0, Math.min(60, max))}… (${w.length} characters)`);
}
