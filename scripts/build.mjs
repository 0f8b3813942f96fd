// Builds what the CLI, the loopback bridge and the tests need, without Electron:
//   dist/cli/portdoctor.js  (esbuild, Node ESM; dependencies stay in node_modules)
//   dist/renderer/           (Vite)
// With --electron it also builds what Electron and electron-builder load (.vite/build/main.cjs, preload.cjs,
// .vite/renderer/main_window), the same layout Electron Forge's Vite plugin produces.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const started = Date.now();

await esbuild({
  entryPoints: ['electron/cli/main.ts'],
  outfile: 'dist/cli/portdoctor.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
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
