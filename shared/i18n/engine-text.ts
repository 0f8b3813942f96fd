import { engineEn } from './engine-en';
import { engineZhCN } from './engine-zh-cn';
import { localizeParams } from './engine-values';
import type { EngineParams } from './engine-values';

/** Interpolation values of an engine text (defined in engine-values.ts, which this file uses, so neither imports the other). */
export type { EngineParams };

/** The languages engine texts come in. */
export type EngineLanguage = 'en' | 'zh-CN';

/** A translate function shaped like i18next's `t` (the renderer passes its own; the CLI and reports use `engineT`). */
export type TranslateFn = (key: string, options: { defaultValue: string; [name: string]: unknown }) => string;

const TABLES: Record<EngineLanguage, unknown> = { en: engineEn, 'zh-CN': engineZhCN };

/** The template under `engine.<…>` in one language, or undefined when the key is not there. */
export function engineTemplate(lang: EngineLanguage, key: string): string | undefined {
  if (!key.startsWith('engine.')) return undefined;
  let node: unknown = TABLES[lang];
  for (const part of key.slice('engine.'.length).split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

// Hand-written rather than i18next: the engines, CLI and report writer need a pure, synchronous lookup with no instance.
/** Replace `{{name}}` with its value; a placeholder with no value stays as written (a test checks none is left). */
export function interpolate(template: string, params: EngineParams | undefined): string {
  return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (whole, name: string) => {
    const v = params?.[name];
    return v === undefined ? whole : String(v);
  });
}

/** The `{{name}}` placeholders of a template, sorted and unique (for the en/zh-CN parity test). */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*([\w-]+)\s*\}\}/g)].map((m) => m[1] ?? ''))].sort();
}

/** Every `engine.*` key with its English template. */
export function engineKeys(): string[] {
  const out: string[] = [];
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') out.push(`${prefix}.${k}`);
      else if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>, `${prefix}.${k}`);
    }
  };
  walk(engineEn, 'engine');
  return out;
}

/**
 * True when `text` is what the English template of `key` gives with `params`. A report is untrusted input: a key that
 * does not match its English text (edited, crafted, or from another version) is ignored and the text shown as it is.
 */
export function keyFits(key: string | undefined, params: EngineParams | undefined, text: string): key is string {
  if (!key) return false;
  const template = engineTemplate('en', key);
  return template !== undefined && interpolate(template, params) === text;
}

/** Engine text in a language without i18next: the translation when the key exists, else the fallback. */
export function engineT(lang: EngineLanguage, key: string | undefined, params: EngineParams | undefined, fallback: string): string {
  if (!key) return fallback;
  const template = engineTemplate(lang, key);
  return template === undefined
    ? fallback
    : interpolate(
        template,
        localizeParams((k) => engineTemplate(lang, k), params),
      );
}

/** A report's engine text in a language: translated when its key fits its English `text`, else `text` as it is. */
export function reportText(lang: EngineLanguage, key: string | undefined, params: EngineParams | undefined, text: string): string {
  return keyFits(key, params, text) ? engineT(lang, key, params, text) : text;
}

/** Engine text through an i18next `t`: translate when the key exists in the current language, else the English fallback. */
export function engineText(t: TranslateFn, key: string | undefined, params: EngineParams | undefined, fallback: string): string {
  if (!keyFits(key, params, fallback)) return fallback;
  const shown = localizeParams((k) => {
    const v = t(k, { defaultValue: '' });
    return v === '' || v === k ? undefined : v;
  }, params);
  const out = t(key, { ...shown, defaultValue: fallback, interpolation: { escapeValue: false } });
  return out === key ? fallback : out;
}

/** `zh-CN` for a Chinese locale string (`zh_CN.UTF-8`, `zh-Hans`, `zh`), else English. */
export function engineLanguage(locale: string | undefined): EngineLanguage {
  return locale && /^zh/i.test(locale) ? 'zh-CN' : 'en';
}
