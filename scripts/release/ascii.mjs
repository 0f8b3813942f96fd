// The standalone binary's bundle as ASCII only (scripts/release-cli.mjs).
//
// esbuild escapes non-ASCII characters in strings, templates and identifiers, but leaves them in regular-expression
// literals (evanw/esbuild#4205, open): the localized Windows parsers match `域|专用|公用`, `[:：]`, `°`… One such
// character is enough for V8 to keep the whole 2.8-million-character script as a two-byte string: 5.7 MB instead of
// 2.8 MB in the startup snapshot, which every start deserializes (~5 ms of the binary's start on this machine).
// Written by hand because no bundler option does it (esbuild's `charset: 'ascii'` is already the default); acorn's
// tokenizer says where each character stands, so only places where `\uXXXX` means the same character are rewritten.
import { tokenizer, tokTypes } from 'acorn';

const NON_ASCII = /[\u0080-\uffff]/g;
const HAS_NON_ASCII = /[\u0080-\uffff]/;
const escape = (text) => text.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The script with every non-ASCII UTF-16 code unit written as `\uXXXX` in regular-expression literals, strings,
 * identifiers and comments, where the escape stands for the same character (in a `u`-flag expression a
 * `\uD83D\uDE00` pair is one code point, as the literal character was). A template literal's raw text can be read
 * (`String.raw`, tagged templates), so a non-ASCII character left in one throws instead of being changed, as does one
 * anywhere else. Only the `source` of such a regular expression reads differently (`\u57df` for `域`).
 */
export function asciiOnly(source) {
  if (!HAS_NON_ASCII.test(source)) return source;
  const edits = [];
  const onComment = (_block, text, start, end) => {
    if (HAS_NON_ASCII.test(text)) edits.push([start, end]);
  };
  const rewritable = new Set([tokTypes.regexp, tokTypes.string, tokTypes.name]);
  for (const token of tokenizer(source, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, onComment })) {
    const text = source.slice(token.start, token.end);
    if (!HAS_NON_ASCII.test(text)) continue;
    if (!rewritable.has(token.type))
      throw new Error(`a non-ASCII character in a ${token.type.label} token at offset ${token.start} cannot be escaped safely`);
    edits.push([token.start, token.end]);
  }
  let out = '';
  let at = 0;
  for (const [start, end] of edits.sort((a, b) => a[0] - b[0])) {
    out += source.slice(at, start) + escape(source.slice(start, end));
    at = end;
  }
  out += source.slice(at);
  const left = out.search(HAS_NON_ASCII);
  if (left >= 0) throw new Error(`a non-ASCII character at offset ${left} is outside any token that can be escaped`);
  return out;
}
