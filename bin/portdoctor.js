#!/usr/bin/env node
// The CLI entry (`node bin/portdoctor.js`, the package bin): the TypeScript is bundled into dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/portdoctor.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('portdoctor: not built yet; run `npm run build` in the repository first\n');
  process.exit(2);
}
// Only a speed-up: Node before 22.8 has no enableCompileCache, and any failure leaves the CLI as it was.
// The folder: only one this user alone can write (dist/cli/cache-dir.js, electron/cli/cache-dir.ts).
const { privateCacheDir } = await import(new URL('../dist/cli/cache-dir.js', import.meta.url).href);
const cacheDir = typeof module.enableCompileCache === 'function' ? privateCacheDir() : null;
if (cacheDir) module.enableCompileCache(cacheDir);
// Starts what the command will need first and is slow to read (the socket owner walk for `ports`) while the bundle loads.
await import(new URL('../dist/cli/prefetch.js', import.meta.url).href);
await import(bundle);
