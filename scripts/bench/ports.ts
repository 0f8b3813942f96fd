import type * as Esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLab } from '../../test/lab/harness';
import type { Lab } from '../../test/lab/harness';
import { median } from './lib/median';

// `npm run bench` figures for issue #3: whole-process `portdoctor ports --json` against `ss -tanp`,
// `netstat -tanp` and systeminformation (the two sides of each of the two ratios run alternately), a cached live refresh against `ss -tan`, and peak RSS. Everything
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
  await Promise.all(
    Array.from({ length: PROCESSES }, (_, i) =>
      lab.spawn(ns, [process.execPath, script, String(20000 + i), String(per)], { ready: /^ready/m, readyTimeoutMs: 120_000 }),
    ),
  );
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
  return Math.round(median(times));
}

/**
 * Wall time of one run inside the namespace, its output read from a pipe and thrown away as it comes (`| cat >
 * /dev/null`): lab.exec keeps and decodes all of it after the process ends, which would bill the reader's work
 * (13 MB of JSON against ss's 4 MB) to the tool being timed.
 */
function timedRun(ns: string, argv: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(performance.now() - t) : reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr.slice(0, 300)}`)),
    );
  });
}

/**
 * Medians of two argvs run alternately, `runs` times each: a ratio between them then compares runs made in the
 * same stretch of time, which matters on a shared 2-core machine whose speed drifts from minute to minute.
 */
export async function pairedMedianMs(ns: string, a: string[], b: string[], runs = RUNS): Promise<[number, number]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    ta.push(await timedRun(ns, a));
    tb.push(await timedRun(ns, b));
  }
  return [Math.round(median(ta)), Math.round(median(tb))];
}

/** Peak RSS in MB of one run, from `/usr/bin/time -v`. */
export async function peakRssMb(lab: Lab, ns: string, argv: string[]): Promise<number> {
  const r = await lab.exec(ns, ['/usr/bin/time', '-v', ...argv], { timeoutMs: 120_000 });
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : -1;
}

/** Bundle the in-namespace helper whole (zod, systeminformation inlined): the bench runner keeps packages external. */
export async function buildHelper(dir: string): Promise<string> {
  // Loaded from the repository's node_modules: this module itself runs from a temporary bundle folder.
  const { build } = createRequire(resolve('package.json'))('esbuild') as typeof Esbuild;
  const out = join(dir, 'ports-helper.mjs');
  await build({
    entryPoints: [resolve('scripts/bench/lib/ports-helper.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
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
    const portsArgv = [node, CLI, 'ports', '--json'];
    // Each ratio's two sides alternate run by run (7 pairs for ss, 5 for systeminformation's slower process).
    const [portsJsonMs, ssTanpMs] = await pairedMedianMs(ns, portsArgv, ['ss', '-tanp'], 7);
    const [portsJsonSiWindowMs, systeminformationProcessMs] = await pairedMedianMs(ns, portsArgv, [node, helper, 'si'], 5);
    const figures: Record<string, number | string> = {
      sockets: tcp.length,
      socketsWithoutOwner: tcp.filter((s) => !s.owner && s.state !== 'TIME-WAIT').length,
      portsJsonMs,
      ssTanpMs,
      ssTanMs: await medianMs(lab, ns, ['ss', '-tan']),
      netstatTanpMs: await medianMs(lab, ns, ['netstat', '-tanp']),
      portsJsonSiWindowMs,
      systeminformationProcessMs,
    };
    const si = JSON.parse((await lab.must(ns, [node, helper, 'si'], { timeoutMs: 120_000 })).stdout) as {
      ms: number;
      count: number;
      withPid: number;
    };
    const refresh = JSON.parse((await lab.must(ns, [node, '--expose-gc', helper, 'refresh'], { timeoutMs: 300_000 })).stdout) as Record<
      string,
      number
    >;
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
    figures.speedupVsSysteminformation = +(n('systeminformationProcessMs') / n('portsJsonSiWindowMs')).toFixed(2);
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
