#!/usr/bin/env node
// The CLI entry (`node bin/portdoctor.js`, the package bin): the TypeScript is bundled into dist/ by `npm run build`.
import { existsSync, lstatSync, mkdirSync } from 'node:fs';
import module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A folder for V8's compile cache that only this user can write, or null. Compiling the CLI bundle is a quarter
 * of its start-up (~25 ms of ~100 ms), paid by every `ports` and `check`. Code cache is trusted input to V8, and
 * this CLI often runs as root: so never a shared temporary folder (Node's default), and on POSIX every folder from
 * the home folder down must belong to us (or root) and be writable by nobody else — under `sudo` keeping a user's
 * HOME, root's cache would otherwise sit where that user could replace it.
 */
function privateCacheDir() {
  if (process.env.PORTDOCTOR_NO_COMPILE_CACHE) return null;
  const base = process.platform === 'win32' ? process.env.LOCALAPPDATA : (process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  if (!base) return null;
  const dir = join(base, 'portdoctor', 'compile-cache');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform === 'win32') return dir;
    const uid = process.geteuid?.() ?? -1;
    for (let d = dir; ; d = dirname(d)) {
      const st = lstatSync(d);
      if (!st.isDirectory() || (st.uid !== uid && st.uid !== 0) || (st.mode & 0o022) !== 0) return null;
      if (d === homedir() || d === dirname(d)) break;
    }
    return dir;
  } catch {
    return null;
  }
}

const bundle = fileURLToPath(new URL('../dist/cli/portdoctor.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('portdoctor: not built yet; run `npm run build` in the repository first\n');
  process.exit(2);
}
// Only a speed-up: Node before 22.8 has no enableCompileCache, and any failure leaves the CLI as it was.
const cacheDir = typeof module.enableCompileCache === 'function' ? privateCacheDir() : null;
if (cacheDir) module.enableCompileCache(cacheDir);
// Starts what the command will need first and is slow to read (the socket owner walk for `ports`) while the bundle loads.
await import(new URL('../dist/cli/prefetch.js', import.meta.url).href);
await import(bundle);
