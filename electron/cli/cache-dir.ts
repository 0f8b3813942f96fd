import { lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A folder for V8's compile cache that only this user can write, or null: used by `bin/portdoctor.js` (Node's own
 * compile cache) and by the standalone binaries without a startup snapshot (sea-loader.ts). Compiling the CLI
 * bundle is a quarter to a third of its start-up, paid by every `ports` and `check`. Code cache is trusted input to
 * V8, and this CLI often runs as root: so never a shared temporary folder (Node's default), and on POSIX every folder
 * from the home folder down must belong to us (or root) and be writable by nobody else — under `sudo` keeping a
 * user's HOME, root's cache would otherwise sit where that user could replace it. PORTDOCTOR_NO_COMPILE_CACHE: none.
 */
export function privateCacheDir(): string | null {
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
