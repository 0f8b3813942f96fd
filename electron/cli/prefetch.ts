import { startOwnerWalkEarly } from '../probes/linux/socket-owners-parallel';

/**
 * What `bin/portdoctor.js` loads before the CLI bundle: for a live `portdoctor ports` on Linux, the /proc/<pid>/fd
 * owner walk starts on a worker thread at once, overlapping the bundle's ~50 ms of loading (see startOwnerWalkEarly).
 * A separate entry so that it loads in a few milliseconds; it shares the walker's module with the bundle, so the
 * walk it starts is the one `readSockets` takes. Anything else on the command line: it does nothing.
 */
export function prefetchFor(argv: readonly string[]): void {
  if (
    process.platform !== 'linux' ||
    argv[0] !== 'ports' ||
    argv.some((a) => a === '--replay' || a.startsWith('--replay=') || a === '--help' || a === '-h')
  )
    return;
  startOwnerWalkEarly();
}

prefetchFor(process.argv.slice(2));
