import { defineConfig } from 'vite';
import { appVersion, nodeExternals } from './vite.shared.ts';

// Main process: CommonJS (.cjs, because package.json says "type": "module"), Node built-ins external.
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  build: {
    outDir: '.vite/build',
    emptyOutDir: false,
    target: 'node22',
    minify: false,
    lib: { entry: 'electron/main.ts', formats: ['cjs'], fileName: () => 'main.cjs' },
    // ssh2's optional native helpers (its crypto binding, cpu-features) stay out, as in the CLI bundle (scripts/build.mjs):
    // ssh2 catches their absence and uses its JavaScript crypto; the packaged app carries no node_modules to load them from.
    rollupOptions: {
      external: (id: string) => nodeExternals.includes(id) || id.startsWith('node:') || id.endsWith('.node') || id === 'cpu-features',
    },
  },
});
