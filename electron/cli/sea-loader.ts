// The script of the standalone binaries that carry no startup snapshot (scripts/release-cli.mjs: linux-arm64,
// win-x64): it runs the CLI, kept among the binary's assets, through V8's code cache in the user's private cache
// folder (code-cache.ts), so that only the first start compiles the whole script.
import { basename, dirname } from 'node:path';
import { isRemoteWorkDirName } from '../remote/work-dir-name';
import { privateCacheDir } from './cache-dir';
import { runWithCodeCache } from './code-cache';
import { seaRuntime } from './sea-assets';

/** The binary's asset that holds the CLI's script. */
export const CLI_ASSET = 'cli/portdoctor.cjs';

const sea = seaRuntime();
if (!sea) throw new Error('sea-loader.ts is the script of a standalone binary only');
// A copy a remote session uploaded (and will remove) leaves nothing behind on that server: no cache.
const uploaded = isRemoteWorkDirName(basename(dirname(process.execPath)));
// One cache per command (the word after the program's name), each with what that command compiled.
const { save } = runWithCodeCache(
  sea.getAsset(CLI_ASSET, 'utf8'),
  uploaded ? null : privateCacheDir(),
  { require, filename: process.execPath, dirname: dirname(process.execPath) },
  process.argv[2] ?? '',
);
process.once('beforeExit', save);
