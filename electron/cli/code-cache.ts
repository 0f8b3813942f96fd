import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script, constants } from 'node:vm';

/** What a CommonJS script is called with (its module wrapper's parameters, less `exports` and `module`). */
export interface CommonJsScope {
  require: NodeJS.Require;
  filename: string;
  dirname: string;
}

/**
 * Run a CommonJS script from source with V8's code cache for it kept in `cacheDir` (a private folder, cache-dir.ts),
 * as Node's own compile cache does for files: the standalone binaries that carry no startup snapshot (linux-arm64,
 * win-x64: a snapshot or a build-time code cache is tied to the machine that made it) compile their 2.8 MB script on
 * every start otherwise. Written by hand because Node's compile cache does not reach a single-executable's script.
 * The cache is named by the runtime's version and the script's hash, and V8 checks it again (version, flags, source):
 * one it rejects is replaced. Returns `save`, to call once the script has run (functions it compiled are cached too);
 * a cache that cannot be read or written only costs the speed-up. With `variant` (the command being run), each keeps a
 * cache of its own — a cache is written once and then only read, so `check` is not left with the few functions a
 * first `--version` compiled; anything but a lower-case word shares the `other` one.
 */
export function runWithCodeCache(
  source: string,
  cacheDir: string | null,
  scope: CommonJsScope,
  variant?: string,
): { accepted: boolean; save: () => void } {
  const hash = createHash('sha256').update(process.version).update(process.arch).update(source).digest('hex').slice(0, 32);
  const suffix = variant === undefined ? '' : `-${/^[a-z][a-z-]{0,19}$/.test(variant) ? variant : 'other'}`;
  const file = cacheDir ? join(cacheDir, `sea-${hash}${suffix}.v8`) : null;
  let cachedData: Buffer | undefined;
  try {
    if (file) cachedData = readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: scope.filename,
    ...(cachedData ? { cachedData } : {}),
    // The script's own `import('node:…')` of built-ins, as from a file.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, scope.require, module, scope.filename, scope.dirname);
  const save = () => {
    if (!file || accepted) return;
    try {
      // Whole or not at all: another run may be reading it.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      renameSync(partial, file);
    } catch {
      // Only the speed-up is lost.
    }
  };
  return { accepted, save };
}
