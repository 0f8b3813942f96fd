import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { appVersion } from './vite.shared.ts';

/** The renderer's Content-Security-Policy: own scripts only, no eval, no remote content (Electron security checklist #7). */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

// Added at build time only: the dev server's React refresh preamble is an inline script.
function cspMeta(): Plugin {
  return {
    name: 'portdoctor-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${RENDERER_CSP}" />`),
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  build: { outDir: '../dist/renderer', emptyOutDir: true, target: 'chrome120', chunkSizeWarningLimit: 4096 },
});
