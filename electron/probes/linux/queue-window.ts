import type { QueueWindow } from '../../../shared/diagnose/facts';
import { endpoint } from '../../../shared/net/address';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { parseNetstatCounters } from './kernel';
import { parseSsListeners } from './parse-ss-listeners';
import type { SsListener } from './parse-ss-listeners';
import { textOf } from './sockets';

/** How many readings, and how far apart: six over 1.25 s catch a burst's SYN retransmissions (1 s, 3 s, … apart per client). */
export const QUEUE_WINDOW = { samples: 6, intervalMs: 250 } as const;

interface Sample {
  at: number;
  overflows: number;
  drops: number;
  listeners: SsListener[];
}

/** Wait `ms`, or less if `until` settles first; the timer is cleared then (a pending one would keep the process alive). */
function sleep(ms: number, until?: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    until?.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}

/** One reading: the namespace's counters and the port's listeners (`ss -Hltn sport = :<port>`), each its own source. */
async function readSample(runner: Runner, port: number, i: number): Promise<Result<Sample>> {
  const at = performance.now();
  const [netstat, ss] = await Promise.all([
    runner.readFile({ source: `linux.proc.netstat.window.${i}`, path: '/proc/net/netstat' }),
    runner.run({ source: `linux.ss.listeners.window.${i}`, file: 'ss', args: ['-Hltn', 'sport', '=', `:${port}`], timeoutMs: 5000 }),
  ]);
  const nText = textOf(netstat, 'cat /proc/net/netstat');
  if (nText.kind !== 'ok') return nText;
  const counters = parseNetstatCounters(nText.data);
  if (counters.kind !== 'ok') return counters;
  const sText = textOf(ss, `ss -Hltn sport = :${port}`);
  if (sText.kind !== 'ok') return sText;
  const listeners = parseSsListeners(sText.data);
  if (listeners.kind !== 'ok') return listeners;
  return {
    kind: 'ok',
    data: {
      at,
      overflows: counters.data.get('TcpExt.ListenOverflows') ?? 0,
      drops: counters.data.get('TcpExt.ListenDrops') ?? 0,
      listeners: listeners.data.filter((l) => l.localPort === port),
    },
  };
}

/**
 * Two readings with nothing waiting in the port's queue and no overflow or drop counted anywhere between them (250 ms
 * apart, or, in a check, the first before its other reads and the second once they are done): the queue is not
 * overflowing now, and the other four readings would only add a second to every check.
 */
const quiet = (samples: readonly Sample[]): boolean => {
  const [a, b] = samples;
  return !!a && !!b && samples.every((s) => s.listeners.every((l) => l.recvQ === 0)) && a.overflows === b.overflows && a.drops === b.drops;
};

/** Full as the check judges one reading: something waits and the queue holds as many as its backlog or more. */
const full = (l: SsListener): boolean => l.recvQ > 0 && l.recvQ >= l.sendQ;

/** Summarise the readings: the counters' rise, how often the port's queue was full, and its peak. */
export function summarizeQueueWindow(samples: readonly Sample[]): QueueWindow | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || samples.length < 2) return null;
  let peak: SsListener | null = null;
  for (const s of samples)
    for (const l of s.listeners) if (!peak || l.recvQ > peak.recvQ || (l.recvQ === peak.recvQ && full(l) && !full(peak))) peak = l;
  if (!peak) return null;
  return {
    ms: Math.round(last.at - first.at),
    samples: samples.length,
    overflowsDelta: last.overflows - first.overflows,
    dropsDelta: last.drops - first.drops,
    fullSamples: samples.filter((s) => s.listeners.some(full)).length,
    peakRecvQ: peak.recvQ,
    backlog: peak.sendQ,
    endpoint: endpoint(peak.localAddress, peak.localPort),
  };
}

/**
 * Read the port's accept queues and ListenOverflows/ListenDrops several times over a short window. One reading
 * of Recv-Q can fall between two SYNs of a burst; a counter that rises while the queue is seen full cannot.
 * Nothing listening at the first reading: no window (nothing to overflow); a quiet queue after two readings: the
 * window ends there. `readsDone`: the second reading is taken when it settles, if that is before its turn on the
 * schedule (the check's other reads run meanwhile; the later readings keep the schedule). A replay reads the
 * recorded samples.
 */
export async function readQueueWindow(
  runner: Runner,
  port: number,
  opts: { samples?: number; intervalMs?: number; signal?: AbortSignal; readsDone?: Promise<unknown> } = {},
): Promise<Result<QueueWindow | null>> {
  const count = opts.samples ?? QUEUE_WINDOW.samples;
  const planned = opts.intervalMs ?? QUEUE_WINDOW.intervalMs;
  // A replay runs nothing and waits for nothing: its readings are placed on the schedule the live sampler keeps.
  const replay = runner.mode === 'replay';
  const interval = replay ? 0 : planned;
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    if (opts.signal?.aborted) break;
    if (i > 0 && interval > 0) {
      const ms = Math.max(0, samples[0] ? samples[0].at + i * interval - performance.now() : interval);
      // The second reading as soon as the caller's other reads are done, when that is sooner: with the first reading
      // taken before them, the two span every read the check made, and a quiet queue needs no more.
      await sleep(ms, i === 1 ? opts.readsDone : undefined);
    }
    const s = await readSample(runner, port, i);
    if (s.kind !== 'ok') return samples.length === 0 ? s : { kind: 'ok', data: summarizeQueueWindow(samples) };
    samples.push(replay ? { ...s.data, at: i * planned } : s.data);
    if (i === 0 && s.data.listeners.length === 0) return { kind: 'ok', data: null };
    if (i === 1 && quiet(samples)) break;
  }
  const summary = summarizeQueueWindow(samples);
  if (opts.signal?.aborted) return { kind: 'ok', data: summary };
  return summary ? { kind: 'ok', data: summary } : unavailable('unparseable', 'the accept-queue readings could not be summarised');
}
