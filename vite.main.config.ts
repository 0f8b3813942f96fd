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
    rollupOptions: { external: nodeExternals },
  },
});
