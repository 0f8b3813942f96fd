// scripts/release/ascii.mjs: the binary's bundle made ASCII-only (V8 then keeps it one byte per character in the
// startup snapshot) without changing what any literal means.
import { describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { asciiOnly } from '../../../../scripts/release/ascii.mjs';

/**
 * What a function, written as source, returns for each input, as JSON. The inputs come from here, not from the source:
 * escaping the source must not change what it does to text it did not write.
 */
const apply = (fn: string, inputs: string[]): unknown =>
  inputs.map((input) => JSON.parse(runInNewContext(`JSON.stringify((${fn})(input))`, { input }) as string) as unknown);

describe('asciiOnly', () => {
  // The bundle's own shapes (Windows parsers in several locales) and the edges of the escape: an astral character in a
  // `u` expression and in a class, a negated class, a character used as a property name, a comment.
  const cases: [string, string, string[]][] = [
    ['profile names', `(s) => [/domain|域|domäne/i, /private|专用|私人/i].map((m) => m.test(s))`, ['域', 'Domäne', '专用', '私', 'x']],
    [
      'a full-width colon in a class',
      `(s) => /^([^:：]+)[:：]\\s*(.*)$/.exec(s)?.slice(1) ?? null`,
      ['规则名称：SSH', 'Rule Name: SSH', '名称', '：x'],
    ],
    ['a negated class with a degree sign', `(s) => s.match(/[+-]([^°]*)/g)`, ['+12°C-3°', '+1', '°']],
    ['an astral character with the u flag', `(s) => [/^😀$/u.test(s), /^[😀x]$/u.test(s), /^.$/u.test(s)]`, ['😀', 'x', '\ud83d']],
    ['an astral character without it', `(s) => [/^😀$/.test(s), /^[😀]$/.test(s)]`, ['😀', '\ud83d']],
    [
      'strings and identifiers',
      `(s) => { const café = 'naïve – 公用'; const o = { 专用: café }; /* 注释 */ return [o.专用 + s, café.length]; }`,
      ['域'],
    ],
  ];
  it.each(cases)('keeps the meaning of %s', (_name, fn, inputs) => {
    const escaped = asciiOnly(fn);
    expect(escaped).not.toMatch(/[\u0080-\uffff]/);
    expect(apply(escaped, inputs)).toEqual(apply(fn, inputs));
  });

  it('leaves an ASCII script as it is', () => {
    const script = 'const a = /x/g; return "y";';
    expect(asciiOnly(script)).toBe(script);
  });

  it('refuses a template literal, whose raw text a tag can read', () => {
    expect(() => asciiOnly('return String.raw`域`;')).toThrow(/template/);
    expect(() => asciiOnly('const t = `a ${1} 域`;')).toThrow(/template/);
  });
});
