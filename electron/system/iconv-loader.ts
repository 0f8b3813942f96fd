import { createRequire } from 'node:module';
import type * as Iconv from 'iconv-lite';

/**
 * iconv-lite, loaded from node_modules on first use: bundled, its code-page tables were half of the CLI bundle (0.5
 * of 1 MB) that every start-up read and parsed, for what only Windows outputs (and their replays) need. The
 * standalone binary has no node_modules: its build swaps this file for iconv-loader.sea.ts (scripts/release-cli.mjs).
 */
export function loadIconv(): typeof Iconv {
  // CommonJS (the Electron main bundle) has `require` and no import.meta.url; the ESM CLI bundle defines `require`
  // in its banner; ESM sources (tests) have only import.meta.url.
  const load = typeof require === 'function' ? require : createRequire(import.meta.url);
  return load('iconv-lite') as typeof Iconv;
}
