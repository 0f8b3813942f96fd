import type * as Iconv from 'iconv-lite';

/**
 * iconv-lite inside the standalone binary (scripts/release-cli.mjs swaps it in for iconv-loader.ts): a literal
 * require, so esbuild bundles the package into the one script; its module body still runs only on first use.
 */
export function loadIconv(): typeof Iconv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require is what makes esbuild bundle it lazily
  return require('iconv-lite') as typeof Iconv;
}
