import type * as Esbuild from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLab } from '../../test/lab/harness';
import type { Lab } from '../../test/lab/harness';

// `npm run bench` figures for issue #3: whole-process `portdoctor ports --json` against `ss -tanp`,
// `netstat -tanp` and systeminformation, a cached live refresh against `ss -tan`, and peak RSS. Everything
// runs inside a lab namespace (prefix pdp-) holding 20k loopback TCP connections (40k sockets) spread
// over 10 processes (one process may hold ~20k descriptors here). Ratios are against baselines measured
// in the same run; nothing here asserts.

const CLI = resolve('bin/portdoctor.js');
const RUNS = 5;
const PROCESSES = 10;

/** A node program that listens on a loopback port and opens `n` connections to itself, then prints `ready`. */
const HOLDER = `
const net = require('node:net');
const [port, n] = process.argv.slice(2).map(Number);
const held = [];
const server = net.createServer((s) => held.push(s));
server.listen(port, '127.0.0.1', async () => {
  for (let i = 0; i < n; i += 200) {
    await Promise.all(Array.from({ length: Math.min(200, n - i) }, () => new Promise((ok, ko) => { const c = net.connect(port, '127.0.0.1', () => ok()); c.on('error', ko); held.push(c); })));
  }
  console.log('ready');
});
`;

/**
 * Fill a namespace with `connections` loopback TCP connections (twice as many sockets). The holder runs from
 * a file so its command line is as short as a real daemon's (every socket's owner carries it).
 */
export async function populate(lab: Lab, ns: string, connections: number, dir: string): Promise<void> {
  const script = join(dir, 'holder.cjs');
  await writeFile(script, HOLDER);
  const per = Math.ceil(connections / PROCESSES);
  await Promise.all(Array.from({ length: PROCESSES }, (_, i) => lab.spawn(ns, [process.execPath, script, String(20000 + i), String(per)], { ready: /^ready/m, readyTimeoutMs: 120_000 })));
}

/** Median wall time of `runs` runs of an argv inside the namespace, in ms (exit codes other than `ok` are errors). */
export async function medianMs(lab: Lab, ns: string, argv: string[], runs = RUNS, ok: readonly number[] = [0]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await lab.exec(ns, argv, { timeoutMs: 120_000 });
    if (r.code === null || !ok.includes(r.code)) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 300)}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] ?? 0);
}

/** Peak RSS in MB of one run, from `/usr/bin/time -v`. */
export async function peakRssMb(lab: Lab, ns: string, argv: string[]): Promise<number> {
  const r = await lab.exec(ns, ['/usr/bin/time', '-v', ...argv], { timeoutMs: 120_000 });
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : -1;
}

/** Bundle the in-namespace helper whole (zod, systeminformation inlined): the bench runner keeps packages external. */
async function buildHelper(dir: string): Promise<string> {
  // Loaded from the repository's node_modules: this module itself runs from a temporary bundle folder.
  const { build } = createRequire(resolve('package.json'))('esbuild') as typeof Esbuild;
  const out = join(dir, 'ports-helper.mjs');
  await build({ entryPoints: [resolve('scripts/bench/lib/ports-helper.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node22', logLevel: 'silent', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
  return out;
}

/** Build a lab namespace with 20k connections; the caller must clean up the lab and remove `dir`. */
export async function connectionsLab(dir: string, prefix = 'pdl-'): Promise<{ lab: Lab; ns: string }> {
  const lab = await createLab({ prefix, name: 'bench' });
  const ns = await lab.namespace('bench');
  await populate(lab, ns, 20_000, dir);
  return { lab, ns };
}

/** Figures for `ports`: times (ms, median of 5), ratios, socket/owner counts, peak RSS (MB). */
export async function benchPorts(): Promise<Record<string, number | string>> {
  if (process.getuid?.() !== 0) return { skipped: 'needs root (network namespaces)' };
  const dir = await mkdtemp(join(tmpdir(), 'pdp-bench-'));
  const { lab, ns } = await connectionsLab(dir, 'pdp-');
  try {
    const helper = await buildHelper(dir);
    const node = process.execPath;
    const ports = await lab.exec(ns, [node, CLI, 'ports', '--json'], { timeoutMs: 120_000 });
    const list = JSON.parse(ports.stdout) as { sockets: { state: string; owner?: unknown }[] };
    const tcp = list.sockets.filter((s) => s.state !== 'UNCONN');
    const figures: Record<string, number | string> = {
      sockets: tcp.length,
      socketsWithoutOwner: tcp.filter((s) => !s.owner && s.state !== 'TIME-WAIT').length,
      portsJsonMs: await medianMs(lab, ns, [node, CLI, 'ports', '--json']),
      ssTanpMs: await medianMs(lab, ns, ['ss', '-tanp']),
      ssTanMs: await medianMs(lab, ns, ['ss', '-tan']),
      netstatTanpMs: await medianMs(lab, ns, ['netstat', '-tanp']),
      systeminformationProcessMs: await medianMs(lab, ns, [node, helper, 'si'], 3),
    };
    const si = JSON.parse((await lab.must(ns, [node, helper, 'si'], { timeoutMs: 120_000 })).stdout) as { ms: number; count: number; withPid: number };
    const refresh = JSON.parse((await lab.must(ns, [node, '--expose-gc', helper, 'refresh'], { timeoutMs: 300_000 })).stdout) as Record<string, number>;
    Object.assign(figures, {
      systeminformationCallMs: si.ms,
      systeminformationConnections: si.count,
      refreshColdMs: refresh.cold,
      refreshCachedMs: refresh.refresh,
      ssTanSameWindowMs: refresh.ssTan,
      refreshHandlerMs: refresh.handler,
      ipcStructuredCloneMs: refresh.clone,
      jsonStringifyMs: refresh.json,
      refreshDeltaMs: refresh.delta,
      ipcStructuredCloneDeltaMs: refresh.deltaClone,
      refreshRssAfter1Mb: refresh.rssAfter1,
      refreshRssAfter100Mb: refresh.rssAfter100,
      refreshHeapAfter1Mb: refresh.heapAfter1,
      refreshHeapAfter100Mb: refresh.heapAfter100,
      portsPeakRssMb: await peakRssMb(lab, ns, [node, CLI, 'ports', '--json']),
    });
    const n = (k: string) => Number(figures[k]);
    figures.ratioPortsVsSsTanp = +(n('portsJsonMs') / n('ssTanpMs')).toFixed(2);
    figures.ratioPortsVsNetstatTanp = +(n('portsJsonMs') / n('netstatTanpMs')).toFixed(2);
    figures.speedupVsSysteminformation = +(n('systeminformationProcessMs') / n('portsJsonMs')).toFixed(2);
    figures.ratioRefreshVsSsTan = +(n('refreshCachedMs') / n('ssTanMs')).toFixed(2);
    figures.ratioHandlerVsSsTan = +(n('refreshHandlerMs') / n('ssTanMs')).toFixed(2);
    figures.ratioDeltaVsSsTan = +(n('refreshDeltaMs') / n('ssTanMs')).toFixed(2);
    // The same ratio against `ss -tan` timed alternately with the refreshes in the helper (same load, no `ip netns exec`).
    figures.ratioRefreshVsSsTanSameWindow = +(n('refreshCachedMs') / n('ssTanSameWindowMs')).toFixed(2);
    return figures;
  } finally {
    await lab.cleanup();
    await rm(dir, { recursive: true, force: true });
  }
}
