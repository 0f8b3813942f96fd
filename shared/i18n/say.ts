import { engineTemplate, interpolate } from './engine-text';
import type { EngineParams } from './engine-text';
import type { EngineKey } from './engine-keys';

/** An engine sentence: the English text made from the `engine.*` template, with the key and params to translate it. */
export interface Said {
  text: string;
  key: string;
  params?: EngineParams;
}

/** Build an engine sentence from `engine.<key>` (throws on an unknown key: that is a bug, not an expected failure). */
export function say(key: EngineKey, params?: EngineParams): Said {
  const full = `engine.${key}`;
  const template = engineTemplate('en', full);
  if (template === undefined) throw new Error(`unknown engine text ${full}`);
  return params ? { text: interpolate(template, params), key: full, params } : { text: template, key: full };
}

/** The same sentence as a step/verdict summary: `summary`, `summaryKey`, `summaryParams`. */
export function saySummary(key: EngineKey, params?: EngineParams): { summary: string; summaryKey: string; summaryParams?: EngineParams } {
  const s = say(key, params);
  return s.params ? { summary: s.text, summaryKey: s.key, summaryParams: s.params } : { summary: s.text, summaryKey: s.key };
}
