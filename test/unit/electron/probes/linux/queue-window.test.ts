import { describe, expect, it } from 'vitest';
import { createServices } from '../../../../../electron/app/services';
import { checkPortHandler } from '../../../../../electron/handlers/check-port';
import { parseNetstatCounters } from '../../../../../electron/probes/linux/kernel';
import { readQueueWindow } from '../../../../../electron/probes/linux/queue-window';
import { createReplayRunner } from '../../../../../electron/system/recording';
import type { Runner } from '../../../../../electron/system/runner';
import type { Bundle } from '../../../../../shared/bundle/schema';
import type { CheckReport } from '../../../../../shared/schemas/report';
import { loadBundle, sourceText, withSources } from './load-fixture';

// Recorded by `collect --port 8080` during test/lab/accept-queue.test.ts (backlog 4, one accept per 200 ms, 40 clients).
const burst = loadBundle('accept-queue-burst');
const signal = new AbortController().signal;

async function check(bundle: Bundle): Promise<CheckReport> {
  const r = await checkPortHandler(
    { port: 8080, protocol: 'tcp' },
    { services: createServices({ replay: bundle, dataDir: '/nonexistent' }), signal },
  );
  if (r.kind !== 'ok') throw new Error(`${r.reason}: ${r.detail}`);
  return r.data;
}

const counter = (i: number, name: string): number => {
  const c = parseNetstatCounters(sourceText(burst, `linux.proc.netstat.window.${i}`));
  if (c.kind !== 'ok') throw new Error(c.detail);
  return c.data.get(name) ?? Number.NaN;
};

describe('the accept queue over a window of readings (issue 17 item 10)', () => {
  it('reads six recorded readings: the counters’ rise from the first to the last, how often the queue was full', async () => {
    const w = await readQueueWindow(createReplayRunner(burst), 8080);
    expect(w.kind).toBe('ok');
    if (w.kind !== 'ok' || !w.data) throw new Error('no window');
    expect(w.data).toMatchObject({ samples: 6, backlog: 4, endpoint: '0.0.0.0:8080' });
    expect(w.data.overflowsDelta).toBe(counter(5, 'TcpExt.ListenOverflows') - counter(0, 'TcpExt.ListenOverflows'));
    expect(w.data.dropsDelta).toBe(counter(5, 'TcpExt.ListenDrops') - counter(0, 'TcpExt.ListenDrops'));
    expect(w.data.overflowsDelta).toBeGreaterThan(0);
    const recvQs = [0, 1, 2, 3, 4, 5].map((i) => Number(/^LISTEN\s+(\d+)/.exec(sourceText(burst, `linux.ss.listeners.window.${i}`))?.[1]));
    expect(w.data.peakRecvQ).toBe(Math.max(...recvQs));
    expect(w.data.fullSamples).toBe(recvQs.filter((q) => q >= 4).length);
  });

  it('check --replay of the burst: accept-queue-overflow decided by the rising counter, quoted', async () => {
    const r = await check(burst);
    expect(r.verdict.cause).toBe('accept-queue-overflow');
    const line = r.steps[0]?.evidence.find((e) => e.kind === 'queue');
    expect(line?.text).toMatch(
      /^ListenOverflows \+[1-9]\d*, ListenDrops \+\d+ in \d+ ms \(6 readings\); the accept queue of 0\.0\.0\.0:8080 was full in [1-6] of them \(Recv-Q up to \d+, backlog 4\)$/,
    );
    expect(line?.key).toBe('engine.queue.window');
    // A replay places its readings on the live schedule: 5 intervals of 250 ms.
    expect(line?.data?.ms).toBe(1250);
  });

  it('a recording without the window (an older PortDoctor) is judged from its one reading, as before', async () => {
    const ids = Object.keys(burst.sources).filter((id) => id.includes('.window.'));
    expect(ids).toHaveLength(12);
    const r = await check(withSources(burst, Object.fromEntries(ids.map((id) => [id, null]))));
    expect(r.steps[0]?.evidence.some((e) => e.key === 'engine.queue.window')).toBe(false);
    // The one reading decides alone: full → the cause, not full → nothing about the queue.
    const single = r.steps[0]?.evidence.find((e) => e.kind === 'queue');
    expect(r.verdict.cause === 'accept-queue-overflow').toBe(single?.key === 'engine.service.queueFull');
  });

  it('nothing listening at the first reading: no window, no further readings', async () => {
    const ss = burst.sources['linux.ss.listeners.window.0'];
    if (!ss) throw new Error('no ss reading');
    const quiet = withSources(burst, { 'linux.ss.listeners.window.0': { ...ss, stdout: { encoding: 'utf8', data: '' } } });
    const w = await readQueueWindow(createReplayRunner(quiet), 8080);
    expect(w).toEqual({ kind: 'ok', data: null });
  });

  it('a quiet queue (nothing waiting, no counter rising) ends the window after two readings: a check does not wait 1.25 s for nothing', async () => {
    const zeroQ = (i: number) => {
      const ss = burst.sources[`linux.ss.listeners.window.${i}`];
      if (!ss) throw new Error('no ss reading');
      return { ...ss, stdout: { encoding: 'utf8' as const, data: 'LISTEN 0      4            0.0.0.0:8080      0.0.0.0:*\n' } };
    };
    const net0 = burst.sources['linux.proc.netstat.window.0'];
    if (!net0) throw new Error('no netstat reading');
    const calm = withSources(burst, {
      'linux.ss.listeners.window.0': zeroQ(0),
      'linux.ss.listeners.window.1': zeroQ(1),
      'linux.proc.netstat.window.1': net0,
    });
    const runner = createReplayRunner(calm);
    const asked: string[] = [];
    const read = runner.readFile.bind(runner);
    runner.readFile = (spec) => (asked.push(spec.source), read(spec));
    const w = await readQueueWindow(runner, 8080);
    expect(w.kind === 'ok' && w.data).toMatchObject({ samples: 2, overflowsDelta: 0, dropsDelta: 0, fullSamples: 0, peakRecvQ: 0 });
    expect(asked).toEqual(['linux.proc.netstat.window.0', 'linux.proc.netstat.window.1']);
    // The same two readings with a counter that rose elsewhere on the host: the whole window is read.
    const rising = withSources(burst, { 'linux.ss.listeners.window.0': zeroQ(0), 'linux.ss.listeners.window.1': zeroQ(1) });
    const full = await readQueueWindow(createReplayRunner(rising), 8080);
    expect(full.kind === 'ok' && full.data?.samples).toBe(6);
  });

  it('a check’s second reading waits for its other reads only, not for the interval: a quiet queue adds no wait', async () => {
    const zeroQ = (i: number) => {
      const ss = burst.sources[`linux.ss.listeners.window.${i}`];
      if (!ss) throw new Error('no ss reading');
      return { ...ss, stdout: { encoding: 'utf8' as const, data: 'LISTEN 0      4            0.0.0.0:8080      0.0.0.0:*\n' } };
    };
    const net0 = burst.sources['linux.proc.netstat.window.0'];
    if (!net0) throw new Error('no netstat reading');
    // Live timing (a replay waits for nothing): the recorded readings behind a runner that says it is live.
    const live = (b: Bundle): Runner => {
      const r = createReplayRunner(b);
      return { mode: 'live', run: (spec) => r.run(spec), readFile: (spec) => r.readFile(spec) };
    };
    const calm = withSources(burst, {
      'linux.ss.listeners.window.0': zeroQ(0),
      'linux.ss.listeners.window.1': zeroQ(1),
      'linux.proc.netstat.window.1': net0,
    });
    // An interval of an hour: the window can only end within the test's time if the second reading followed readsDone.
    let done: () => void = () => undefined;
    const reads = new Promise<void>((r) => (done = r));
    const pending = readQueueWindow(live(calm), 8080, { intervalMs: 3_600_000, readsDone: reads });
    setTimeout(done, 10);
    const w = await pending;
    expect(w.kind === 'ok' && w.data).toMatchObject({ samples: 2, overflowsDelta: 0, fullSamples: 0 });
    // Not quiet (a counter rose between the two readings): the whole window is read, as without readsDone.
    const rising = withSources(burst, { 'linux.ss.listeners.window.0': zeroQ(0), 'linux.ss.listeners.window.1': zeroQ(1) });
    const full = await readQueueWindow(live(rising), 8080, { intervalMs: 5, readsDone: Promise.resolve() });
    expect(full.kind === 'ok' && full.data?.samples).toBe(6);
  });
});
