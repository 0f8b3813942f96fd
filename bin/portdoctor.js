#!/usr/bin/env node
// The CLI entry for `npx portdoctor`: the TypeScript is bundled into dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/portdoctor.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('portdoctor: not built yet; run `npm run build` in the repository first\n');
  process.exit(2);
}
await import(bundle);
