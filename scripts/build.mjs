// Builds what the CLI, the loopback bridge and the tests need, without Electron:
//   dist/cli/portdoctor.js  (esbuild, Node ESM; dependencies stay in node_modules)
//   dist/renderer/           (Vite)
// With --electron it also builds what Electron and electron-builder load (.vite/build/main.cjs, preload.cjs,
// .vite/renderer/main_window), the same layout Electron Forge's Vite plugin produces.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const started = Date.now();

// Chunk names carry content hashes: without this, every build would leave the last one's chunks behind.
rmSync('dist/cli', { recursive: true, force: true });
await esbuild({
  // prefetch: what bin/portdoctor.js loads first, to start slow reads before the bundle has loaded (prefetch.ts).
  // cache-dir: where bin/portdoctor.js keeps V8's compile cache, read before anything else is loaded.
  entryPoints: { portdoctor: 'electron/cli/main.ts', prefetch: 'electron/cli/prefetch.ts', 'cache-dir': 'electron/cli/cache-dir.ts' },
  outdir: 'dist/cli',
  // Code splitting keeps what only one path needs (systeminformation) out of every start-up.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // Dependencies are bundled too: resolving the packages' module graphs at start-up was most of the CLI's
  // start-up time (measured: 0.22 s → see bench-results), which `ports` pays on every call.
  // ssh2's optional native helpers (its crypto binding, cpu-features) stay out: ssh2 catches their absence and
  // uses its JavaScript crypto, the same in a checkout and in the standalone binary, where no .node file exists.
  external: ['*.node', 'cpu-features'],
  // CommonJS names some bundled packages use at load time (ssh2's agent.js resolves __dirname when imported).
  banner: {
    js: "import { createRequire as __pdCreateRequire } from 'node:module'; import { fileURLToPath as __pdFileURLToPath } from 'node:url'; import { dirname as __pdDirname } from 'node:path'; const require = __pdCreateRequire(import.meta.url); const __filename = __pdFileURLToPath(import.meta.url); const __dirname = __pdDirname(__filename);",
  },
  sourcemap: true,
  // Less source to read, hash and parse at every start-up (~5 ms); names are kept, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});

await viteBuild({ configFile: 'vite.renderer.config.ts', logLevel: 'warn' });

if (process.argv.includes('--electron')) {
  await viteBuild({ configFile: 'vite.main.config.ts', logLevel: 'warn' });
  await viteBuild({ configFile: 'vite.preload.config.ts', logLevel: 'warn' });
  await viteBuild({ configFile: 'vite.renderer.config.ts', logLevel: 'warn', build: { outDir: '../.vite/renderer/main_window' } });
}
console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
