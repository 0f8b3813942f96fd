import type { ProbeReport } from '../../../shared/schemas/report';
import { probeTarget } from './probe-target';
import type { ProbeDeps } from './probe-target';
import type { LookupAll } from './resolve-host';
import { systemLookup } from './resolve-host';

/** One target of a batch. */
export interface BatchTarget {
  host: string;
  port: number;
}

/** Resolve each distinct name once per batch, so 1,000 ports on one host cost one lookup. */
function cachedLookup(inner: LookupAll): LookupAll {
  const cache = new Map<string, ReturnType<LookupAll>>();
  return (host) => {
    let found = cache.get(host);
    if (!found) {
      found = inner(host);
      cache.set(host, found);
    }
    return found;
  };
}

/**
 * Probe many targets at once: every connect starts together and shares the one budget, so the batch ends
 * within the budget (plus scheduling), not after n × budget. The route lookup is skipped (it would spawn per target).
 */
export async function probeMany(targets: readonly BatchTarget[], timeoutMs: number, deps: ProbeDeps): Promise<ProbeReport[]> {
  const batchDeps: ProbeDeps = { ...deps, route: false, lookup: cachedLookup(deps.lookup ?? systemLookup) };
  return Promise.all(targets.map((t) => probeTarget({ host: t.host, port: t.port, timeoutMs }, batchDeps)));
}
