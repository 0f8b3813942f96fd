// The standalone binary's script when its blob carries a V8 startup snapshot (scripts/release-cli.mjs, host target):
// Node runs this once at build time and keeps the heap it leaves, so the bundle's top level (zod schemas, i18n
// tables, commander, every module's constants) is already done when the binary starts. Only the deserialized main
// function runs per start: it reads this run's argv and environment, never the builder's.
import { startupSnapshot } from 'node:v8';
import { disableOwnerWalkThreads } from '../probes/linux/socket-owners-parallel';
import { prefetchFor } from './prefetch';
import { startCli } from './start';

startupSnapshot.setDeserializeMainFunction(() => {
  // A Worker started from a snapshot-built binary aborts the process (Node 22, nodejs/node#56077): `ports` walks
  // the owners in the main thread here.
  disableOwnerWalkThreads('no worker threads in a binary with a startup snapshot');
  prefetchFor(process.argv.slice(2));
  startCli();
});
