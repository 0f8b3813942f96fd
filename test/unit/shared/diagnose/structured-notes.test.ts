import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCheckText } from '../../../../electron/cli/format-check';
import { noteEvidence } from '../../../../shared/diagnose/notes';
import { engineKeys, engineT, engineTemplate, interpolate, placeholders, reportText } from '../../../../shared/i18n/engine-text';
import type { EngineParams } from '../../../../shared/i18n/engine-text';
import { fromBackend, note, NOTE_KEYS, noteText, takesBackend } from '../../../../shared/i18n/note';
import type { Note } from '../../../../shared/i18n/note';
import { CheckReportSchema } from '../../../../shared/schemas/report';

// Issue 15 item 2: the evaluators' notes are a key and params (shared/i18n/note.ts), made English at the edge; no
// regex turns English back into keys. These hold every note key to both languages and old reports to their text.

const CJK = /[\u4e00-\u9fff]/;
/** A note of `key` with each placeholder filled by its own name (the prefix slot left empty). */
const sample = (key: Note['key']): Note => {
  const names = placeholders(engineTemplate('en', `engine.${key}`) ?? '');
  return { key, params: Object.fromEntries(names.map((n) => [n, n === 'backend' ? '' : `<${n}>`])) };
};

describe('structured firewall notes', () => {
  it('every note key has an English and a Chinese template with the same placeholders', () => {
    expect(NOTE_KEYS.length).toBeGreaterThanOrEqual(60);
    const all = new Set(engineKeys());
    for (const key of NOTE_KEYS) {
      expect(all.has(`engine.${key}`), key).toBe(true);
      const en = engineTemplate('en', `engine.${key}`) ?? '';
      const zh = engineTemplate('zh-CN', `engine.${key}`) ?? '';
      expect(zh, key).toMatch(CJK);
      expect(placeholders(zh), key).toEqual(placeholders(en));
    }
  });

  it('a note is English from its template, and its evidence keeps that English with the key and params', () => {
    const n = note('note.windowsOff', { profile: 'Public' });
    expect(noteText(n)).toBe('Windows Firewall is off for the Public profile.');
    expect(noteEvidence(n)).toEqual({
      kind: 'note',
      text: 'Windows Firewall is off for the Public profile.',
      key: 'engine.note.windowsOff',
      params: { profile: 'Public' },
    });
    expect(engineT('zh-CN', 'engine.note.windowsOff', { profile: 'Public' }, '')).toBe('Windows 防火墙在 Public 配置文件下已关闭。');
    // The prefix slot of a walk's note starts empty, so the note of one component reads as before.
    expect(note('note.iptRateLimited', { rule: '-A INPUT -m limit -j ACCEPT', position: 3, chain: 'INPUT' }).params?.backend).toBe('');
  });

  it('a typo in a note key or a missing param fails the typecheck', () => {
    // @ts-expect-error: no such note key
    expect(() => note('note.windowsOf', { profile: 'Public' })).toThrow();
    // @ts-expect-error: the template names `profile`, not `name`
    expect(noteText(note('note.windowsOff', { name: 'Public' }))).toBe('Windows Firewall is off for the {{profile}} profile.');
    // @ts-expect-error: `rule` is missing
    expect(noteText(note('note.windowsDisabled'))).toContain('{{rule}}');
  });

  it('a note of one component among several says its backend first, in English and in Chinese', () => {
    for (const key of NOTE_KEYS.filter(takesBackend)) {
      const n = sample(key);
      const prefixed = fromBackend('iptables-nft', n);
      expect(noteText(prefixed), key).toBe(`iptables-nft: ${noteText(n)}`);
      const zh = engineT('zh-CN', `engine.${prefixed.key}`, prefixed.params, '');
      expect(zh.startsWith('iptables-nft'), `${key}: ${zh}`).toBe(true);
      expect(zh, key).not.toContain('{{');
    }
  });

  it('only the notes no chain walk writes go without a backend (a new walk note must take one)', () => {
    const never = NOTE_KEYS.filter((k) => !takesBackend(k));
    expect(never.filter((k) => !/^note\.(windows|wfp|firewalld|ufw)/.test(k)).sort()).toEqual(
      [
        // netfilter.ts writes these itself, after combining (the forwarding ones name their backend already).
        'note.forwards',
        'note.forwardsOut',
        'note.noRulesBackend',
        'note.nftManaged',
        'note.noRuleset',
        'note.noRulesLoaded',
        'note.redirectsLocal',
        'note.tie',
        'note.tieRule',
      ].sort(),
    );
    for (const k of never) expect(fromBackend('nftables', sample(k)), k).toEqual(sample(k));
  });
});

describe('a report written before notes had keys', () => {
  const old = CheckReportSchema.parse(JSON.parse(readFileSync('test/fixtures/capture/reports/nft-drop.check.json', 'utf8')));
  const notes = old.steps.flatMap((s) => s.evidence).filter((e) => e.kind === 'note');

  it('still shows its English notes as they are, in English and in Chinese', () => {
    expect(notes.map((e) => [e.text, e.key])).toEqual([
      ['nftables: table ip filter is managed by iptables-nft: judged from iptables-save, not here.', undefined],
      ['iptables-legacy: No rules: nothing filters inbound traffic here.', undefined],
    ]);
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = formatCheckText(old, lang);
      for (const e of notes) expect(text, lang).toContain(e.text);
    }
  });

  it('translates a note whose key (of an older version) fits its text, and shows one that does not fit as written', () => {
    const keyed = { text: 'iptables-legacy: No rules: nothing filters inbound traffic here.', key: 'engine.note.noRulesBackend' };
    const params: EngineParams = { backend: 'iptables-legacy' };
    expect(reportText('zh-CN', keyed.key, params, keyed.text)).toBe('iptables-legacy：没有规则，这里不过滤任何入站流量。');
    expect(reportText('zh-CN', keyed.key, { backend: 'nftables' }, keyed.text)).toBe(keyed.text);
    expect(reportText('zh-CN', 'engine.note.noSuchNote', undefined, 'An English note.')).toBe('An English note.');
    expect(interpolate(engineTemplate('en', keyed.key) ?? '', params)).toBe(keyed.text);
  });
});
