// The script of the standalone binaries that carry no startup snapshot (scripts/release-cli.mjs: linux-arm64,
// win-x64): it runs the CLI, kept among the binary's assets, through V8's code cache in the user's private cache
// folder (code-cache.ts), so that only the first start compiles the whole script.
import { dirname } from 'node:path';
import { privateCacheDir } from './cache-dir';
import { runWithCodeCache } from './code-cache';

/** The binary's asset that holds the CLI's script. */
export const CLI_ASSET = 'cli/portdoctor.cjs';

const sea = process.getBuiltinModule('node:sea') as { getAsset(key: string, encoding: 'utf8'): string };
const { save } = runWithCodeCache(sea.getAsset(CLI_ASSET, 'utf8'), privateCacheDir(), {
  require,
  filename: process.execPath,
  dirname: dirname(process.execPath),
});
process.once('beforeExit', save);
