import type * as Esbuild from 'esbuild';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PlaywrightCore from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { PortsList, Socket } from '../../shared/schemas/ports';
import type * as ServicesModule from '../../electron/app/services';
import type * as BridgeModule from '../../electron/bridge/server';
import type * as HandlersModule from '../../electron/handlers';
import type { HandlerTable, Services } from '../../electron/handlers/types';
import type { Runner } from '../../electron/system/runner';
import { createLab, labAvailable } from '../../test/lab/harness/lab';
import type { Lab } from '../../test/lab/harness/lab';
import { populate } from './ports';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/e2e/support/chromium';
import { uniqueSocketKeys } from '../../shared/ports/socket-key';
import { median } from './lib/median';

// `npm run bench renderer` figures for issue #7: the Ports explorer on 20k sockets in Debian's Chromium over the
// loopback bridge. First render (click on Ports → first rows painted) against the same page on a one-socket
// answer; the 1 Hz refresh's CPU as % of one core against the paused explorer; JS heap over PD_BENCH_MINUTES
// (default 10) of live refresh. As root, the sockets are real: a lab namespace (prefix pdu-) with 10k loopback
// connections (20k sockets) read by the real ports handler; otherwise a generated list of the same shape.

const CONNECTIONS = 10_000;
const FIRST_ROW = '[data-testid="ports-table"] [role="row"][aria-rowindex="2"]';

/** Connections opened and closed ten times a second, so each refresh has new, changed and closed rows (TIME-WAIT). */
const CHURN = `
const net = require('node:net');
const port = Number(process.argv[1]);
const server = net.createServer((s) => s.end());
server.listen(port, '127.0.0.1', () => {
  console.log('ready');
  setInterval(() => { const c = net.connect(port, '127.0.0.1', () => c.end()); c.on('error', () => {}); }, 100);
});
`;

/** A generated `ports:list` answer of `count` sockets shaped like a busy server's; `tick` rotates 1 % of them. */
export function syntheticPortsList(count: number, tick = 0): PortsList {
  const services = [22, 80, 443, 5432, 6379, 8080, 9200, 3306];
  const sockets: Socket[] = services.map((port, i) => ({
    protocol: 'tcp',
    family: 4,
    state: 'LISTEN',
    localAddress: i % 3 === 0 ? '0.0.0.0' : '127.0.0.1',
    localPort: port,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    recvQ: i,
    sendQ: 511,
    inode: 1000 + i,
    owner: { pid: 100 + i, name: `svc${port}` },
  }));
  const states = ['ESTAB', 'ESTAB', 'ESTAB', 'TIME-WAIT', 'CLOSE-WAIT', 'FIN-WAIT-2'];
  for (let i = 0; sockets.length < count; i++) {
    const port = services[i % services.length] ?? 80;
    const churned = (i + tick * 37) % 100 === 0;
    const peer = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const state = churned ? 'TIME-WAIT' : (states[i % states.length] ?? 'ESTAB');
    const socket: Socket = {
      protocol: 'tcp',
      family: 4,
      state,
      localAddress: '192.0.2.10',
      localPort: port,
      remoteAddress: peer,
      remotePort: 32768 + ((i * 7 + (churned ? tick : 0)) % 28000),
      recvQ: 0,
      sendQ: 0,
      inode: 5000 + i,
    };
    if (state !== 'TIME-WAIT') socket.owner = { pid: 100 + (i % services.length), name: `svc${port}` };
    sockets.push(socket);
  }
  return { schema: 'portdoctor.ports/1', sockets, ownersHidden: 0, localPortRange: { low: 32768, high: 60999 } };
}

/** A runner that reads another network namespace: commands through `ip netns exec`, /proc/net through a process inside it. */
export function namespaceRunner(inner: Runner, ns: string, pid: number): Runner {
  return {
    mode: inner.mode,
    run: (spec) => inner.run({ ...spec, file: 'ip', args: ['netns', 'exec', ns, spec.file, ...spec.args] }),
    // /proc/net is the reader's own namespace; /proc/<pid>/net is the namespace of <pid>.
    readFile: (spec) => inner.readFile({ ...spec, path: spec.path.replace(/^\/proc\/net\//, `/proc/${pid}/net/`) }),
    ...(inner.compute ? { compute: inner.compute.bind(inner) } : {}),
  };
}

/** The app's in-process pieces (bridge, handlers, services). */
type App = Pick<typeof ServicesModule, 'createServices'> &
  Pick<typeof BridgeModule, 'startBridge'> &
  Pick<typeof HandlersModule, 'createHandlers'>;

/**
 * Bundle the bridge and the handlers into `dir` and load them. `npm run bench` runs this module from a temporary
 * folder with packages left external, where zod and friends do not resolve; a node_modules link next to the
 * bundle makes them resolve from the repository, and importing at run time keeps this module loadable anywhere.
 */
async function loadApp(dir: string): Promise<App> {
  const require = createRequire(resolve('package.json'));
  const { build } = require('esbuild') as typeof Esbuild;
  const contents = [
    `export { createServices } from ${JSON.stringify(resolve('electron/app/services'))};`,
    `export { startBridge } from ${JSON.stringify(resolve('electron/bridge/server'))};`,
    `export { createHandlers } from ${JSON.stringify(resolve('electron/handlers'))};`,
  ].join('\n');
  const out = join(dir, 'app.mjs');
  await build({
    stdin: { contents, resolveDir: resolve('.'), loader: 'ts' },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    define: { __APP_VERSION__: '"bench"' },
    logLevel: 'silent',
  });
  await symlink(resolve('node_modules'), join(dir, 'node_modules'));
  return (await import(pathToFileURL(out).href)) as App;
}

interface Setup {
  table: HandlerTable;
  services: Services;
  source: string;
  /** Answer with one socket (the baseline) or all of them. */
  setSmall(small: boolean): void;
  cleanup(): Promise<void>;
}

async function realSetup(app: App, dir: string): Promise<Setup> {
  const lab: Lab = await createLab({ prefix: 'pdu-', name: 'renderer' });
  try {
    const ns = await lab.namespace('bench');
    await populate(lab, ns, CONNECTIONS, dir);
    const churn = await lab.spawn(ns, [process.execPath, '-e', CHURN, '19999'], { ready: /^ready/m });
    if (!churn.pid) throw new Error('churn process has no pid');
    const base = app.createServices({ dataDir: join(dir, 'data') });
    const services: Services = { ...base, runner: namespaceRunner(base.runner, ns, churn.pid) };
    return {
      ...wrapTable(app.createHandlers()),
      services,
      source: `real: lab namespace ${ns}, ${CONNECTIONS} loopback connections + churn`,
      cleanup: () => lab.cleanup(),
    };
  } catch (e) {
    await lab.cleanup();
    throw e;
  }
}

function wrapTable(table: HandlerTable): Pick<Setup, 'table' | 'setSmall'> {
  let small = false;
  const real = table['ports:list'];
  table['ports:list'] = async (request, ctx) => {
    const r = await real(request, ctx);
    if (r.kind === 'ok') traffic.count(request.since !== undefined, r.data);
    if (!small || r.kind !== 'ok') return r;
    // The baseline page gets one full socket and no token (a delta cannot be filtered down to it).
    const { snapshot: _s, delta: _d, ...full } = r.data;
    return { kind: 'ok', data: { ...full, sockets: r.data.sockets.filter((s) => s.state === 'LISTEN').slice(0, 1) } };
  };
  return { table, setSmall: (s) => (small = s) };
}

function syntheticSetup(app: App, dir: string): Setup {
  let tick = 0;
  const table = app.createHandlers();
  table['ports:list'] = () => Promise.resolve({ kind: 'ok', data: syntheticPortsList(20_000, tick++) });
  return {
    ...wrapTable(table),
    services: app.createServices({ dataDir: join(dir, 'data') }),
    source: 'synthetic: 20k generated sockets (not root: no namespace)',
    cleanup: () => Promise.resolve(),
  };
}

/** What the live refresh asked and got: how many asked with `since`, how many answers were deltas, and their size. */
const traffic = {
  since: 0,
  deltas: 0,
  deltaItems: 0,
  /** Full answers to a `since` request whose table lists some endpoint twice (a delta cannot name twins). */
  fullWithTwins: 0,
  count(since: boolean, data: PortsList): void {
    if (since) this.since++;
    if (since && !data.delta && uniqueSocketKeys(data.sockets).twins.size > 0) this.fullWithTwins++;
    if (data.delta) {
      this.deltas++;
      this.deltaItems += data.delta.added.length + data.delta.removed.length + data.delta.changed.length;
    }
  },
};

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === name)?.value ?? Number.NaN;
}

async function rendererCpuSeconds(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
  await cdp.detach();
  return info.processInfo.filter((p) => p.type === 'renderer').reduce((s, p) => s + p.cpuTime, 0);
}

/**
 * Click Ports and time until the first row is painted; `fetchMs` is when the ports:list answer had arrived.
 * A string: this file compiles without the DOM library (tsconfig.node.json).
 */
const FIRST_RENDER = `(async () => {
  performance.clearResourceTimings();
  const t0 = performance.now();
  document.querySelector('[data-testid="nav-ports"]').click();
  await new Promise((done) => { const check = () => (document.querySelector(${JSON.stringify(FIRST_ROW)}) ? done() : requestAnimationFrame(check)); check(); });
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const totalMs = performance.now() - t0;
  const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/ports:list'));
  return { totalMs, fetchMs: entry ? entry.responseEnd - t0 : NaN };
})()`;

async function firstRender(page: Page): Promise<{ totalMs: number; fetchMs: number }> {
  return page.evaluate<{ totalMs: number; fetchMs: number }>(FIRST_RENDER);
}

/** Renderer CPU over `seconds`: main-thread task time (CDP TaskDuration) and the renderer process's CPU, % of one core. */
async function cpuOver(browser: Browser, cdp: CDPSession, seconds: number): Promise<{ taskPercent: number; processPercent: number }> {
  const [task0, cpu0, t0] = [await metric(cdp, 'TaskDuration'), await rendererCpuSeconds(browser), performance.now()];
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const [task1, cpu1, t1] = [await metric(cdp, 'TaskDuration'), await rendererCpuSeconds(browser), performance.now()];
  const wall = (t1 - t0) / 1000;
  return { taskPercent: +(((task1 - task0) / wall) * 100).toFixed(2), processPercent: +(((cpu1 - cpu0) / wall) * 100).toFixed(2) };
}

async function heapMb(cdp: CDPSession, gc: boolean): Promise<number> {
  if (gc) await cdp.send('HeapProfiler.collectGarbage');
  return +((await metric(cdp, 'JSHeapUsedSize')) / 2 ** 20).toFixed(1);
}

async function openPage(browser: Browser, url: string): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  await page.goto(url);
  await page.getByTestId('nav-ports').waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

/** Live refresh for `minutes`, sampling the heap each minute (after a GC) and its peak between (without). */
async function heapRun(cdp: CDPSession, minutes: number, figures: Record<string, number | string>): Promise<void> {
  const afterGc: number[] = [];
  let peak = 0;
  const end = performance.now() + minutes * 60_000;
  while (performance.now() < end) {
    for (let i = 0; i < 6 && performance.now() < end; i++) {
      await new Promise((r) => setTimeout(r, 10_000));
      peak = Math.max(peak, await heapMb(cdp, false));
    }
    afterGc.push(await heapMb(cdp, true));
  }
  figures.heapMinutes = minutes;
  figures.heapFirstMinuteMb = afterGc[0] ?? Number.NaN;
  figures.heapLastMinuteMb = afterGc[afterGc.length - 1] ?? Number.NaN;
  figures.heapPeakMb = peak;
  figures.heapGrowthMb = +((afterGc[afterGc.length - 1] ?? 0) - (afterGc[0] ?? 0)).toFixed(1);
  figures.heapSamplesMb = afterGc.join(' ');
}

/** The machine's 1-minute load average, for the figures (other sessions share these 2 cores). */
function load1(): number {
  return +(loadavg()[0] ?? 0).toFixed(1);
}

/** Which charts the viewport shows (a string: this file compiles without the DOM library). */
const ON_SCREEN = `[...document.querySelectorAll('[data-testid="ports-charts"] [role="figure"]')].map((f) => f.dataset.testid + (f.getBoundingClientRect().top < innerHeight ? '' : ' (below)')).join(', ')`;

/** A fresh page on `url` showing the charts tab, live, after `warmSeconds` of refresh (first answer, first draws). */
async function chartsPage(browser: Browser, url: string, warmSeconds: number): Promise<{ page: Page; cdp: CDPSession }> {
  const opened = await openPage(browser, url);
  await firstRender(opened.page);
  await opened.page.getByTestId('ports-tab-charts').click();
  await opened.page.getByTestId('ports-charts').waitFor();
  await new Promise((r) => setTimeout(r, warmSeconds * 1000));
  return opened;
}

/**
 * PD_BENCH_COMPARE=name=dir,name=dir (renderer builds, e.g. `base=/tmp/base-renderer,head=dist/renderer`): the charts
 * tab's live CPU measured on each build in turn, PD_BENCH_PAIRS rounds (default 4) of `seconds` each, one page live at
 * a time, same bridge table and namespace; medians and every sample with the load average at its start.
 */
async function compareCharts(
  app: App,
  setup: Setup,
  browser: Browser,
  spec: string,
  seconds: number,
): Promise<Record<string, number | string>> {
  const builds = spec.split(',').map((part) => {
    const [name = '', dir = ''] = part.split('=');
    return { name, dir: resolve(dir) };
  });
  const bridges = [];
  for (const b of builds) bridges.push(await app.startBridge({ table: setup.table, services: setup.services, staticDir: b.dir }));
  try {
    const pairs = Number(process.env.PD_BENCH_PAIRS ?? 4);
    let onScreen = '';
    const samples = builds.map(() => ({ task: [] as number[], process: [] as number[], load: [] as number[] }));
    for (let round = 0; round < pairs; round++) {
      // Alternate which build goes first, so a trend in the machine's load does not favour one.
      const order = builds.map((_b, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) {
        const { page, cdp } = await chartsPage(browser, bridges[i]?.url ?? '', 5);
        onScreen ||= await page.evaluate<string>(ON_SCREEN);
        samples[i]?.load.push(load1());
        const cpu = await cpuOver(browser, cdp, seconds);
        samples[i]?.task.push(cpu.taskPercent);
        samples[i]?.process.push(cpu.processPercent);
        await page.close();
      }
    }
    const figures: Record<string, number | string> = { compareSeconds: seconds, comparePairs: pairs, chartsOnScreen: onScreen };
    builds.forEach((b, i) => {
      const s = samples[i];
      if (!s) return;
      figures[`${b.name}ChartsProcessPercent`] = median(s.process);
      figures[`${b.name}ChartsTaskPercent`] = median(s.task);
      figures[`${b.name}ChartsSamples`] = s.process.map((p, j) => `${p}% (task ${s.task[j]}%, load ${s.load[j]})`).join(' ');
    });
    return figures;
  } finally {
    for (const b of bridges) await b.close().catch(() => undefined);
  }
}

/** PD_BENCH_PROFILE=file: a CPU profile of the charts tab live for PD_BENCH_PROFILE_SECONDS (default 15), to see where it goes. */
async function profileCharts(browser: Browser, url: string, file: string): Promise<void> {
  const { page, cdp } = await chartsPage(browser, url, 5);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await new Promise((r) => setTimeout(r, Number(process.env.PD_BENCH_PROFILE_SECONDS ?? 15) * 1000));
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
  await writeFile(file, JSON.stringify(profile));
  await page.close();
}

/** Figures for the Ports explorer on 20k sockets (see the header comment). Needs a built renderer in dist/renderer. */
export async function benchRenderer(): Promise<Record<string, number | string>> {
  const staticDir = resolve(process.env.PORTDOCTOR_E2E_RENDERER ?? 'dist/renderer');
  const minutes = Number(process.env.PD_BENCH_MINUTES ?? 10);
  const cpuSeconds = Number(process.env.PD_BENCH_CPU_SECONDS ?? 60);
  const dir = await mkdtemp(join(tmpdir(), 'pdu-bench-'));
  const real = process.getuid?.() === 0 && labAvailable();
  const app = await loadApp(dir);
  const setup = real ? await realSetup(app, dir) : syntheticSetup(app, dir);
  const cleanups: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true }), setup.cleanup];
  try {
    const bridge = await app.startBridge({ table: setup.table, services: setup.services, staticDir });
    cleanups.push(() => bridge.close());
    // Loaded from the repository's node_modules: this module runs from a temporary bundle folder.
    const { chromium } = createRequire(resolve('package.json'))('playwright-core') as typeof PlaywrightCore;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: { ...process.env, HOME: dir } });
    cleanups.push(() => browser.close());
    const figures: Record<string, number | string> = { source: setup.source, loadAverageAtStart: load1() };
    const profile = process.env.PD_BENCH_PROFILE;
    if (profile) await profileCharts(browser, bridge.url, profile);
    const compare = process.env.PD_BENCH_COMPARE;
    if (compare)
      return Object.assign(figures, await compareCharts(app, setup, browser, compare, cpuSeconds), { loadAverageAtEnd: load1() });
    const warm = await setup.table['ports:list']({ owners: true }, { services: setup.services, signal: new AbortController().signal });
    figures.sockets = warm.kind === 'ok' ? warm.data.sockets.length : `unavailable: ${warm.kind === 'unavailable' ? warm.detail : ''}`;
    setup.setSmall(true);
    const small = await openPage(browser, bridge.url);
    const base = await firstRender(small.page);
    await small.page.close();
    setup.setSmall(false);
    const { page, cdp } = await openPage(browser, bridge.url);
    const full = await firstRender(page);
    Object.assign(figures, {
      firstRenderTotalMs: Math.round(full.totalMs),
      firstRenderFetchMs: Math.round(full.fetchMs),
      firstRenderAfterAnswerMs: Math.round(full.totalMs - full.fetchMs),
      baselineOneSocketTotalMs: Math.round(base.totalMs),
      baselineOneSocketAfterAnswerMs: Math.round(base.totalMs - base.fetchMs),
      ratioRenderAfterAnswerVsOneSocket: +((full.totalMs - full.fetchMs) / (base.totalMs - base.fetchMs)).toFixed(2),
      domRows: await page.locator('[data-testid="ports-table"] [role="row"]').count(),
      cpuSeconds,
    });
    await page.getByTestId('ports-live').click();
    const paused = await cpuOver(browser, cdp, cpuSeconds);
    await page.getByTestId('ports-live').click();
    const live = await cpuOver(browser, cdp, cpuSeconds);
    await page.getByTestId('ports-tab-charts').click();
    const charts = await cpuOver(browser, cdp, cpuSeconds);
    await page.getByTestId('ports-tab-table').click();
    Object.assign(figures, {
      pausedTaskPercent: paused.taskPercent,
      pausedProcessPercent: paused.processPercent,
      liveTaskPercent: live.taskPercent,
      liveProcessPercent: live.processPercent,
      liveChartsTaskPercent: charts.taskPercent,
      liveChartsProcessPercent: charts.processPercent,
      ratioLiveVsPausedProcess: +(live.processPercent / Math.max(paused.processPercent, 0.01)).toFixed(1),
    });
    Object.assign(figures, {
      requestsWithSince: traffic.since,
      deltaAnswers: traffic.deltas,
      fullAnswersWithTwins: traffic.fullWithTwins,
      meanDeltaItems: traffic.deltas ? Math.round(traffic.deltaItems / traffic.deltas) : 0,
    });
    if (minutes > 0) await heapRun(cdp, minutes, figures);
    figures.loadAverageAtEnd = load1();
    return figures;
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}
