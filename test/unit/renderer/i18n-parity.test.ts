import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/i18n/en';
import { zhCN } from '../../../shared/i18n/zh-cn';
import { CAUSES, UNAVAILABLE_REASONS } from '../../../shared/schemas/common';
import { PROBE_OUTCOMES, StepStatusSchema, STEP_IDS } from '../../../shared/schemas/report';
import { FirewallStatusSchema, FixResultSchema } from '../../../shared/schemas/firewall';

function flatten(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const enKeys = flatten(en);
const zhKeys = flatten(zhCN);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
// Strings that are the same in every language: product and tool names, and each language's own name.
const SAME_IN_BOTH = new Set([
  // Punctuation only: the Chinese list separator.
  'engine.value.listSeparator',
  'app.name',
  'shell.languageEn',
  'shell.languageZhCN',
  'shell.host',
  'platform.linux',
  'platform.win32',
  'platform.darwin',
  'backend.nftables',
  'backend.firewalld',
  'backend.ufw',
]);

// The renderer's sources as text, through Vite (renderer tests stay free of Node imports).
const SOURCES = import.meta.glob<string>('../../../renderer/**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true });

describe('i18n strings', () => {
  it('has the same keys in English and Simplified Chinese', () => {
    expect([...zhKeys.keys()].sort()).toEqual([...enKeys.keys()].sort());
  });

  it('has no empty string in either language', () => {
    for (const [key, value] of [...enKeys, ...zhKeys]) expect(value.trim(), key).not.toBe('');
  });

  it('keeps the same {{placeholders}} in both languages', () => {
    for (const [key, value] of enKeys) expect(placeholders(zhKeys.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('translates every string into Chinese (not left in English)', () => {
    for (const [key, value] of zhKeys) {
      if (SAME_IN_BOTH.has(key)) continue;
      expect(value, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('has a string for every value the UI looks up by enum', () => {
    const needed = [
      ...CAUSES.map((c) => `cause.${c}`),
      ...UNAVAILABLE_REASONS.map((r) => `reason.${r}`),
      ...PROBE_OUTCOMES.map((o) => `outcome.${o}`),
      ...[...StepStatusSchema.options, 'pending', 'running'].map((s) => `status.${s}`),
      ...STEP_IDS.map((s) => `steps.${s}`),
      ...FirewallStatusSchema.shape.decision.options.map((d) => `decision.${d}`),
      ...FirewallStatusSchema.shape.backend.options.map((b) => `backend.${b}`),
      ...FixResultSchema.shape.outcome.unwrap().options.map((o) => `fixOutcome.${o}`),
      ...['linux', 'win32', 'darwin'].map((p) => `platform.${p}`),
    ];
    for (const key of needed) expect(enKeys.has(key), key).toBe(true);
  });

  it('has every literal key the renderer passes to t()', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(20);
    const used = Object.values(SOURCES).flatMap((text) => [...text.matchAll(/\bt\('([a-zA-Z0-9.-]+)'/g)].map((m) => m[1] ?? ''));
    expect(used.length).toBeGreaterThan(50);
    // A plural key exists as `key_one` / `key_other` (i18next picks by count).
    for (const key of used) expect(enKeys.has(key) || enKeys.has(`${key}_other`), key).toBe(true);
  });
});
