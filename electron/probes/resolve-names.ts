import { lookupService } from 'node:dns/promises';
import type { Result } from '../../shared/schemas/common';
import type { ResolvedNames } from '../../shared/schemas/port-names';
import type { Runner } from '../system/runner';

/** How long one `ports:resolve-names` call waits for reverse lookups at most; what is not answered by then comes next time. */
export const RESOLVE_BUDGET_MS = 2000;
/** How long an answer (a name, or none) is kept. */
const TTL_MS = 10 * 60_000;
/** Lookups in flight at once (getnameinfo runs on libuv's four threads; more would only queue). */
const PARALLEL = 4;
const HOST = /^[A-Za-z0-9._-]{1,253}$/;

interface Cached {
  name: string | null;
  at: number;
}

/** Reverse lookups cached across calls, and the ones still running (a slow resolver is not asked twice). */
export interface NameCache {
  names: Map<string, Cached>;
  inFlight: Map<string, Promise<void>>;
  services: Map<number, string> | null;
}

/** An empty cache. */
export function createNameCache(): NameCache {
  return { names: new Map(), inFlight: new Map(), services: null };
}

/** Port → TCP service name from a services file (`http 80/tcp www`), first name per port. */
export function parseServices(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9._+-]{1,64})\s+(\d{1,5})\/tcp\b/.exec(line);
    const port = Number(m?.[2]);
    if (m?.[1] && port >= 1 && port <= 65535 && !out.has(port)) out.set(port, m[1]);
  }
  return out;
}

function servicesPath(platform: string): string {
  return platform === 'win32' ? `${process.env.SystemRoot ?? 'C:\\Windows'}\\System32\\drivers\\etc\\services` : '/etc/services';
}

/** getnameinfo's host name for an address, or null (no PTR record, numeric answer, or a name we would not show). */
export type ReverseLookup = (address: string) => Promise<string | null>;

const reverse: ReverseLookup = async (address) => {
  const { hostname } = await lookupService(address, 1);
  return hostname !== address && HOST.test(hostname) ? hostname : null;
};

async function lookupAll(cache: NameCache, addresses: readonly string[], lookup: ReverseLookup, now: number): Promise<void> {
  const queue = addresses.filter((a) => {
    const hit = cache.names.get(a);
    return (!hit || now - hit.at > TTL_MS) && !cache.inFlight.has(a);
  });
  const worker = async () => {
    for (let a = queue.shift(); a !== undefined; a = queue.shift()) {
      const address = a;
      const job = lookup(address)
        .catch(() => null)
        .then((name) => {
          cache.names.set(address, { name, at: Date.now() });
          cache.inFlight.delete(address);
        });
      cache.inFlight.set(address, job);
      await job;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
}

/**
 * Host names of remote addresses (reverse DNS through the system resolver, /etc/hosts included) and service names of
 * ports, bounded by RESOLVE_BUDGET_MS per call: lookups not answered in time keep running and are answered from the
 * cache next time (`pending` says how many). Off by default in the UI; never used for a replayed report.
 */
export async function resolveNames(
  runner: Runner,
  platform: string,
  cache: NameCache,
  request: { addresses: readonly string[]; ports: readonly number[] },
  lookup: ReverseLookup = reverse,
  budgetMs = RESOLVE_BUDGET_MS,
): Promise<Result<ResolvedNames>> {
  if (cache.services === null) {
    const r = await runner.readFile({ source: 'system.services', path: servicesPath(platform), maxBytes: 4 * 1024 * 1024 });
    cache.services = r.kind === 'ok' ? parseServices(r.output.stdout.toString('utf8')) : new Map();
  }
  const addresses = [...new Set(request.addresses)];
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([lookupAll(cache, addresses, lookup, Date.now()), new Promise<void>((done) => (timer = setTimeout(done, budgetMs)))]);
  clearTimeout(timer);
  const names: ResolvedNames['names'] = [];
  let pending = 0;
  for (const address of addresses) {
    const hit = cache.names.get(address);
    if (hit) names.push({ address, name: hit.name });
    else pending++;
  }
  const services: ResolvedNames['services'] = [];
  for (const port of new Set(request.ports)) {
    const name = cache.services.get(port);
    if (name) services.push({ port, name });
  }
  return { kind: 'ok', data: { names, services, pending } };
}
