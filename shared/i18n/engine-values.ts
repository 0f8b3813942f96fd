/** Interpolation values of an engine text: plain values, shown as they are (never translated, never HTML). */
export type EngineParams = Record<string, string | number>;

/** Looks up an `engine.*` key in the reader's language; undefined when that language has no such key. */
export type ValueLookup = (key: string) => string | undefined;

// Parameters whose values are words of the engine (an outcome, a decision, a cause id), shown with a display name in
// the reader's language. Everything else (addresses, rule texts, process names, commands) is shown as it is.
// The table each one is looked up in: `engine.value.<table>.<value>`.
const WORD_PARAMS: Record<string, string> = {
  outcome: 'outcome',
  decision: 'decision',
  policy: 'decision',
  cause: 'cause',
  result: 'result',
  fixOutcome: 'fixOutcome',
  payload: 'payload',
};
const LIST_PARAMS = new Set(['candidates']);
// Owner texts are built as `pid 42, nginx, user www, unit nginx.service`: the labels are translated, the values not.
const OWNER_LABELS = /(^|, )(user|unit|service|container)(?= )/g;

/** One value's display name: `engine.value.<param>.<value>` when the language has it, else the value as it is. */
function word(lookup: ValueLookup, param: string, value: string): string {
  return /^[a-z][a-z0-9-]*$/.test(value) ? (lookup(`engine.value.${param}.${value}`) ?? value) : value;
}

/**
 * Params with their engine words shown by display name (`refused` → `被拒绝` in Chinese). English has no value table,
 * so English texts keep their values exactly (and `keyFits`, which compares English texts, is unaffected).
 */
export function localizeParams(lookup: ValueLookup, params: EngineParams | undefined): EngineParams | undefined {
  if (!params) return params;
  const out: EngineParams = {};
  for (const [name, v] of Object.entries(params)) {
    if (typeof v !== 'string') out[name] = v;
    else if (Object.hasOwn(WORD_PARAMS, name)) out[name] = word(lookup, WORD_PARAMS[name] ?? name, v);
    else if (LIST_PARAMS.has(name)) {
      const parts = v.split(', ').map((p) => word(lookup, 'cause', p));
      out[name] = parts.join(lookup('engine.value.listSeparator') ?? ', ');
    } else if (name === 'owner' || name === 'owners')
      out[name] = v.replace(
        OWNER_LABELS,
        (_w, sep: string, label: string) => `${sep}${lookup(`engine.value.ownerLabel.${label}`) ?? label}`,
      );
    else out[name] = v;
  }
  return out;
}
