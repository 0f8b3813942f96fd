// The standalone binary's script when its blob carries a V8 startup snapshot (scripts/release-cli.mjs, host target):
// Node runs this once at build time and keeps the heap it leaves, so the bundle's top level (zod schemas, i18n
// tables, commander, every module's constants) is already done when the binary starts. Only the deserialized main
// function runs per start: it reads this run's argv and environment, never the builder's.
import { startupSnapshot } from 'node:v8';
import { prefetchFor } from './prefetch';
import { startCli } from './start';

startupSnapshot.setDeserializeMainFunction(() => {
  prefetchFor(process.argv.slice(2));
  startCli();
});
