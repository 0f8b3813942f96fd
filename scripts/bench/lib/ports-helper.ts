import { deserialize, serialize } from 'node:v8';
import type { SourceId } from '../../../shared/bundle/sources';
import si from 'systeminformation';
import { dispatchCall } from '../../../electron/ipc/dispatch';
import { portsHandlers } from '../../../electron/handlers/ports';
import type { HandlerTable, Services } from '../../../electron/handlers/types';
import { createLiveRunner } from '../../../electron/system/run-command';
import { readSockets } from '../../../electron/probes/linux/sockets';
import type { ListenerCache } from '../../../electron/probes/linux/sockets';
import { createOwnerCache } from '../../../electron/probes/linux/socket-owners';
import { median } from './median';

// Runs inside a bench namespace (bundled whole by scripts/bench/ports.ts): `refresh` times a cached
// ports refresh in-process as the ports view does; `si` times systeminformation's networkConnections().

const RUNS = 5;
const MEMORY_REFRESHES = 100;

function median1(times: number[]): number {
  return +median(times).toFixed(1);
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

/** RSS and live JS heap in MB after a collection: the heap is what stays held; RSS also moves with the allocator. */
function memoryMb(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: Math.round(m.rss / 2 ** 20), heap: Math.round(m.heapUsed / 2 ** 20) };
}

async function refresh(): Promise<void> {
  const runner = createLiveRunner();
  // The caches the ports handler keeps per runner: owners, and ss's listener detail.
  const cache = createOwnerCache();
  const listenerCache: { current: ListenerCache | null } = { current: null };
  const [cold] = await timed(() => readSockets(runner, { owners: true, cache, listenerCache }));
  const probe: number[] = [];
  const ss: number[] = [];
  let owned = 0;
  // Interleaved with `ss -tan` run from here: on a loaded machine both then meet the same load.
  for (let i = 0; i < 2 * RUNS + 1; i++) {
    const [ssMs, out] = await timed(() =>
      runner.run({ source: 'bench.ss' as SourceId, file: 'ss', args: ['-tan'], timeoutMs: 60_000, maxBytes: 256 * 1024 * 1024 }),
    );
    if (out.kind !== 'ok') throw new Error(out.error.detail);
    ss.push(ssMs);
    const [ms, r] = await timed(() => readSockets(runner, { owners: true, cache, listenerCache }));
    probe.push(ms);
    if (r.kind !== 'ok') throw new Error(r.detail);
    owned = r.data.sockets.filter((s) => s.owner).length;
  }
  // The whole `ports:list` call as the live view makes it: request validation, handler (owners cached per runner), compact rows.
  const services = {
    runner: createLiveRunner(),
    platform: 'linux',
    hostname: 'bench',
    release: '',
    arch: 'x64',
    appVersion: 'bench',
    elevated: true,
    replay: null,
    dataDir: '/nonexistent',
  } satisfies Services;
  const call = () =>
    dispatchCall(
      portsHandlers as HandlerTable,
      services,
      'ports:list',
      { owners: true, compact: true },
      new AbortController().signal,
      () => undefined,
    );
  // As the view polls once it holds a snapshot token: the answer is only what changed since (steady here: nothing).
  // First, while the shared snapshot store holds only this caller's snapshot (one window polling).
  let token: string | undefined;
  const viewCall = async () => {
    const envelope = await dispatchCall(
      portsHandlers as HandlerTable,
      services,
      'ports:list',
      { owners: true, compact: true, ...(token ? { since: token } : {}) },
      new AbortController().signal,
      () => undefined,
    );
    token = (envelope as { ok: boolean; value?: { data?: { snapshot?: string } } }).value?.data?.snapshot;
    return envelope;
  };
  await viewCall();
  const delta: number[] = [];
  const deltaClone: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [ms, envelope] = await timed(viewCall);
    delta.push(ms);
    deltaClone.push((await timed(() => deserialize(serialize(envelope))))[0]);
  }
  const handler: number[] = [];
  const clone: number[] = [];
  const json: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [ms, envelope] = await timed(call);
    handler.push(ms);
    // Electron IPC moves the envelope by structured clone (V8 serializer); the browser bridge and the CLI by JSON.
    clone.push((await timed(() => deserialize(serialize(envelope))))[0]);
    json.push((await timed(() => JSON.stringify(envelope)))[0]);
  }
  // Memory over the view's own loop, once everything above has run (the clones and JSON texts warmed the allocator).
  await viewCall();
  const after1 = memoryMb();
  for (let i = 1; i < MEMORY_REFRESHES; i++) await viewCall();
  const after100 = memoryMb();
  const memory = { rssAfter1: after1.rss, rssAfter100: after100.rss, heapAfter1: after1.heap, heapAfter100: after100.heap };
  console.log(
    JSON.stringify({
      cold: Math.round(cold),
      refresh: median1(probe),
      ssTan: median1(ss),
      owned,
      handler: median1(handler),
      clone: median1(clone),
      json: median1(json),
      delta: median1(delta),
      deltaClone: median1(deltaClone),
      ...memory,
    }),
  );
}

async function systeminformation(): Promise<void> {
  const t = performance.now();
  const conns = await si.networkConnections();
  console.log(
    JSON.stringify({ ms: Math.round(performance.now() - t), count: conns.length, withPid: conns.filter((c) => c.pid > 0).length }),
  );
}

await (process.argv[2] === 'si' ? systeminformation() : refresh());
