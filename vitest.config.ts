import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { appVersion } from './vite.shared.ts';

// Five projects: `node` (electron/ + shared/ units), `jsdom` (renderer units), `lab` (real network
// namespaces and firewalls; root only), `release` (the files `npm run release:cli` wrote), `e2e` (the built renderer in Debian's Chromium over the bridge).
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  test: {
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['test/unit/electron/**/*.test.ts', 'test/unit/shared/**/*.test.ts'] },
      },
      {
        extends: true,
        plugins: [react()],
        test: { name: 'jsdom', environment: 'jsdom', include: ['test/unit/renderer/**/*.test.{ts,tsx}'] },
      },
      {
        extends: true,
        test: { name: 'lab', environment: 'node', include: ['test/lab/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        test: { name: 'release', environment: 'node', include: ['test/release/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', environment: 'node', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        // Skipped in `npm test` (it needs PD_FUZZ=1): `npm run test:fuzz` runs it (hundreds of random rulesets against the kernel).
        test: { name: 'fuzz', environment: 'node', include: ['test/fuzz/**/*.test.ts'], hookTimeout: 120_000 },
      },
    ],
  },
});
