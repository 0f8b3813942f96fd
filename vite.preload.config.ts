import { defineConfig } from 'vite';
import { nodeExternals } from './vite.shared.ts';

// Preload: one CommonJS file, because sandboxed preloads can only require('electron') and a few built-ins.
export default defineConfig({
  build: {
    outDir: '.vite/build',
    emptyOutDir: false,
    target: 'chrome140',
    minify: false,
    lib: { entry: 'electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: nodeExternals },
  },
});
