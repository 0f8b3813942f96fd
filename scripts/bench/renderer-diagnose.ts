import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as PlaywrightCore from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { createLab, labAvailable } from '../../test/lab/harness/lab';
import type { Lab } from '../../test/lab/harness/lab';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/e2e/support/chromium';
import { median } from './lib/median';

// `npm run bench -- renderer-diagnose` figures for issue 13 item 3: the wizard's five-step diagnosis in Debian's
// Chromium over the loopback bridge. Long tasks (PerformanceObserver 'longtask', ≥ 50 ms of the main thread) seen
// during a real diagnosis against the same span of an idle page (what the machine's load alone produces), and the
// time from a Cancel click (the input event's timestamp) to the frame that shows the run cancelled, against the same
// click-to-frame time of a trivial click (the role switch). Median of PD_BENCH_RUNS (default 9) alternating runs.
// Root: the bridge (`portdoctor web`, dist/ or PD_BENCH_APP_DIR with cli/ and renderer/) and Chromium run inside a
// lab namespace (prefix pdd-) whose nftables ruleset drops the port, so step 3 has a deciding rule and a trace.

const PORT = 8080;
/** CPU slowdowns measured: this machine as it is, and four times slower (Chromium's CPU throttling: a busy or small machine). */
const RATES = (process.env.PD_BENCH_RATES ?? '1,4').split(',').map(Number);
const SRV = '10.246.1.1';
const CLI = '10.246.1.2';
const RULES = `table inet pdd {
  chain input {
    type filter hook input priority 0; policy accept;
    ip saddr 10.246.1.0/24 tcp dport ${PORT} counter drop comment "pdd-bench"
  }
}`;

/** Collects long tasks from page start (init script; a string: this file compiles without the DOM library). */
const OBSERVE = `window.__lt = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lt.push({ start: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true });`;
const NOW = 'performance.now()';
const LONG_TASKS_SINCE = (t0: number) => `window.__lt.filter((e) => e.start >= ${t0}).map((e) => e.ms)`;
/** In the page, so no test-driver polling runs on the main thread while it is measured. */
const CHECK = `document.querySelector('main').scrollTop = 0; document.querySelector('[data-testid="port-input"]').closest('form').querySelector('button[type="submit"]').click()`;
/** Resolves once the page shows the end of a run: no Cancel, no step running, a verdict or an unavailable bar. */
const FINISHED = `new Promise((done) => {
  const seen = () => !document.querySelector('[data-testid="wizard-cancel"]') && !document.querySelector('[data-testid^="step-"][data-status="running"]') && document.querySelector('[data-testid="verdict"], [data-testid="unavailable"]');
  if (seen()) return done(true);
  const o = new MutationObserver(() => { if (seen()) { o.disconnect(); done(true); } });
  o.observe(document.body, { subtree: true, childList: true, attributes: true });
  setTimeout(() => { o.disconnect(); done(false); }, 120000);
})`;
const CANCELLED = '[data-testid="unavailable"][data-reason="cancelled"]';
/**
 * Before a Cancel click: note the click event's timestamp (when the input reached the page, so a busy main thread
 * counts) and the end of the first frame that shows the run cancelled; `window.__cancel` holds the time between.
 */
const ARM_CANCEL = `(() => {
  window.__cancel = null;
  let at = NaN;
  document.addEventListener('click', (e) => { if (e.target.closest('[data-testid="wizard-cancel"]')) at = e.timeStamp; }, { capture: true });
  const o = new MutationObserver(() => { if (document.querySelector(${JSON.stringify(CANCELLED)})) { o.disconnect(); requestAnimationFrame(() => setTimeout(() => { window.__cancel = performance.now() - at; }, 0)); } });
  o.observe(document.body, { subtree: true, childList: true });
})()`;

interface Sample {
  longTasks: number[];
  spanMs: number;
  /** Main-thread CPU time (CDP ThreadTime), script and style+layout time over the span, ms: less sensitive to load. */
  cpuMs: number;
  scriptMs: number;
  layoutMs: number;
}

type Metrics = Record<'ThreadTime' | 'ScriptDuration' | 'LayoutDuration' | 'RecalcStyleDuration', number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: all } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (n: string) => all.find((m) => m.name === n)?.value ?? Number.NaN;
  return {
    ThreadTime: get('ThreadTime'),
    ScriptDuration: get('ScriptDuration'),
    LayoutDuration: get('LayoutDuration'),
    RecalcStyleDuration: get('RecalcStyleDuration'),
  };
}

async function span(page: Page, cdp: CDPSession, work: () => Promise<void>): Promise<Sample> {
  const [t0, m0] = [await page.evaluate<number>(NOW), await metrics(cdp)];
  await work();
  const [t1, m1] = [await page.evaluate<number>(NOW), await metrics(cdp)];
  const ms = (k: keyof Metrics) => (m1[k] - m0[k]) * 1000;
  return {
    longTasks: await page.evaluate<number[]>(LONG_TASKS_SINCE(t0)),
    spanMs: t1 - t0,
    cpuMs: ms('ThreadTime'),
    scriptMs: ms('ScriptDuration'),
    layoutMs: ms('LayoutDuration') + ms('RecalcStyleDuration'),
  };
}

async function diagnosis(page: Page, cdp: CDPSession): Promise<Sample> {
  return span(page, cdp, async () => {
    await page.evaluate(CHECK);
    await page.evaluate(FINISHED);
    await page.waitForTimeout(300);
  });
}

async function idle(page: Page, cdp: CDPSession, ms: number): Promise<Sample> {
  return span(page, cdp, () => page.waitForTimeout(ms));
}

/** Start a diagnosis and click Cancel (a real mouse click) `delayMs` after it shows; null when the run ended first. */
async function cancelLatency(page: Page, delayMs: number): Promise<number | null> {
  await page.evaluate(ARM_CANCEL);
  await page.evaluate(CHECK);
  const box = await page
    .getByTestId('wizard-cancel')
    .boundingBox({ timeout: 5000 })
    .catch(() => null);
  if (!box) return null;
  await page.waitForTimeout(delayMs);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(FINISHED);
  await page.waitForTimeout(200);
  return page.evaluate<number | null>('window.__cancel');
}

function summary(samples: Sample[]): { count: number; maxMs: number; totalMs: number; cpuMs: number; scriptMs: number; layoutMs: number } {
  const counts = samples.map((s) => s.longTasks.length);
  const maxes = samples.map((s) => Math.max(0, ...s.longTasks));
  const totals = samples.map((s) => s.longTasks.reduce((a, b) => a + b, 0));
  const m = (k: 'cpuMs' | 'scriptMs' | 'layoutMs') => Math.round(median(samples.map((s) => s[k])));
  return {
    count: median(counts),
    maxMs: Math.round(median(maxes)),
    totalMs: Math.round(median(totals)),
    cpuMs: m('cpuMs'),
    scriptMs: m('scriptMs'),
    layoutMs: m('layoutMs'),
  };
}

/** `runs` alternating diagnoses and idle spans, then `runs` cancels spread over a run's length, at a CPU slowdown of `rate`. */
async function measure(page: Page, rate: number, runs: number): Promise<Record<string, number | string>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await cdp.send('Performance.enable');
  try {
    await diagnosis(page, cdp); // warm-up at this rate
    const busy: Sample[] = [];
    const quiet: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      const s = await diagnosis(page, cdp);
      busy.push(s);
      quiet.push(await idle(page, cdp, s.spanMs));
    }
    const span = median(busy.map((s) => s.spanMs));
    const cancels: number[] = [];
    let missed = 0;
    // Spread over the first half of a run (where it still streams); a run that ended before the click is retried.
    for (let i = 0; cancels.length < runs && i < runs * 3; i++) {
      const c = await cancelLatency(page, Math.round((((i % runs) + 0.5) / runs) * span * 0.5));
      if (c === null) missed++;
      else cancels.push(c);
    }
    const d = summary(busy);
    const q = summary(quiet);
    const x = `x${rate}`;
    return {
      [`${x}DiagnosisMs`]: Math.round(span),
      [`${x}LongTasksPerDiagnosis`]: d.count,
      [`${x}LongestTaskMs`]: d.maxMs,
      [`${x}LongTaskTotalMs`]: d.totalMs,
      [`${x}MainThreadCpuMs`]: d.cpuMs,
      [`${x}ScriptMs`]: d.scriptMs,
      [`${x}StyleLayoutMs`]: d.layoutMs,
      [`${x}IdleMainThreadCpuMs`]: q.cpuMs,
      [`${x}IdleLongTasks`]: q.count,
      [`${x}IdleLongestTaskMs`]: q.maxMs,
      [`${x}LongTasksAllRunsMs`]: busy.map((s) => s.longTasks.map(Math.round).join('/') || '0').join(' '),
      [`${x}CancelToFrameMs`]: Math.round(median(cancels)),
      [`${x}CancelSamplesMs`]: cancels.map(Math.round).join(' '),
      [`${x}CancelMissed`]: missed,
    };
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  }
}

async function launch(lab: Lab, ns: string, dir: string, url: string, probe: string): Promise<{ browser: Browser; page: Page }> {
  const wrapper = join(dir, 'chromium-in-netns');
  await writeFile(wrapper, `#!/bin/sh\nexec /usr/sbin/ip netns exec ${ns} ${CHROMIUM} "$@"\n`);
  await chmod(wrapper, 0o755);
  const { chromium } = createRequire(resolve('package.json'))('playwright-core') as typeof PlaywrightCore;
  const browser = await chromium.launch({ executablePath: wrapper, args: CHROMIUM_ARGS, env: { ...process.env, HOME: dir } });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
  await page.addInitScript(OBSERVE);
  await page.goto(url);
  await page.getByTestId('host-input').fill(SRV);
  await page.getByTestId('port-input').fill(String(PORT));
  await page.getByTestId('client-paste').fill(probe);
  await page.getByRole('button', { name: 'Use this result' }).click();
  await page.getByTestId('client-accepted').waitFor();
  return { browser, page };
}

/** One diagnosis's CPU profile (Chromium's sampling profiler) at a CPU slowdown of `rate`, to see where the time goes. */
async function writeProfile(page: Page, file: string, rate: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await diagnosis(page, cdp);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  // PD_BENCH_PROFILE_CANCEL=1: a run cancelled a quarter of the way through instead (where Cancel's answer goes).
  if (process.env.PD_BENCH_PROFILE_CANCEL === '1') await cancelLatency(page, 150);
  else for (let i = 0; i < Number(process.env.PD_BENCH_PROFILE_RUNS ?? 1); i++) await diagnosis(page, cdp);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
  await writeFile(file, JSON.stringify(profile));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.detach();
}

/** Figures for the wizard's diagnosis (see the header comment). Needs root and a built app (`npm run build`). */
export async function benchRendererDiagnose(): Promise<Record<string, number | string>> {
  if (!labAvailable()) return { skipped: 'needs root and ip netns (the diagnosis runs in a lab namespace)' };
  const runs = Number(process.env.PD_BENCH_RUNS ?? 9);
  const appDir = resolve(process.env.PD_BENCH_APP_DIR ?? 'dist');
  const dir = await mkdtemp(join(tmpdir(), 'pdd-bench-'));
  const lab = await createLab({ prefix: 'pdd-', name: 'renderer-diagnose' });
  let browser: Browser | undefined;
  try {
    const ns = await lab.namespace('srv');
    const cli = await lab.namespace('cli');
    await lab.link(cli, `${CLI}/24`, ns, `${SRV}/24`);
    await lab.nft(ns, RULES);
    await lab.listen(ns, { host: '0.0.0.0', port: PORT, label: 'pdd-service' });
    process.env.PORTDOCTOR_DATA_DIR = join(dir, 'data');
    const bridge = await lab.spawn(ns, [process.execPath, join(appDir, 'cli', 'portdoctor.js'), 'web'], {
      ready: /http:\/\/127\.0\.0\.1:\d+\/\S*token=\S+/,
      readyTimeoutMs: 30_000,
    });
    const url = /http:\/\/127\.0\.0\.1:\d+\/\S*token=\S+/.exec(bridge.output())?.[0] ?? '';
    const probeArgv = [process.execPath, join(appDir, 'cli', 'portdoctor.js'), 'probe', `${SRV}:${PORT}`, '--timeout', '1500', '--json'];
    const probe = (await lab.exec(cli, probeArgv, { timeoutMs: 30_000 })).stdout;
    const launched = await launch(lab, ns, dir, url, probe);
    browser = launched.browser;
    const { page } = launched;
    const profile = process.env.PD_BENCH_PROFILE;
    if (profile) await writeProfile(page, profile, Number(process.env.PD_BENCH_THROTTLE ?? 1));
    const figures: Record<string, number | string> = { runs, source: `lab namespace, nftables drop of ${PORT}, client probe pasted` };
    for (const rate of RATES) Object.assign(figures, await measure(page, rate, runs));
    return figures;
  } finally {
    await browser?.close().catch(() => undefined);
    await lab.cleanup();
    delete process.env.PORTDOCTOR_DATA_DIR;
    await rm(dir, { recursive: true, force: true });
  }
}
