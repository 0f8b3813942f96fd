import type { ServiceFacts, QueueWindow } from './facts';
import type { Evidence, Finding, Step } from '../schemas/report';
import type { Socket } from '../schemas/ports';
import { endpoint } from '../net/address';
import { say, saySummary } from '../i18n/say';
import type { EngineKey } from '../i18n/engine-keys';

/** A step's outcome and the findings it raised (as service-step's `Judged`, kept here so neither imports the other). */
type Judged = { step: Step; findings: Finding[] };

const COUNTERS = 'nstat -az TcpExtListenOverflows TcpExtListenDrops';

/** True when the accept queue is full: the kernel drops SYNs once Recv-Q exceeds the backlog (Send-Q). */
export function queueFull(s: Socket): boolean {
  return s.state === 'LISTEN' && s.recvQ !== undefined && s.sendQ !== undefined && s.recvQ > 0 && s.recvQ >= s.sendQ;
}

function windowParams(w: QueueWindow): Record<string, string | number> {
  return {
    overflows: w.overflowsDelta,
    drops: w.dropsDelta,
    ms: w.ms,
    samples: w.samples,
    full: w.fullSamples,
    peak: w.peakRecvQ,
    backlog: w.backlog,
    endpoint: w.endpoint,
  };
}

/** The check's one reading of the queue (no window: a replay of an older recording, or the readings failed). */
function oneReading(facts: ServiceFacts, listeners: Socket[], evidence: Evidence[]): Judged | null {
  const full = listeners.filter(queueFull);
  if (full.length === 0) return null;
  const { port } = facts.target;
  const k = facts.kernel?.kind === 'ok' ? facts.kernel.data : undefined;
  const ev: Evidence[] = full.map((s) => ({
    kind: 'queue',
    ...say('service.queueFull', { endpoint: endpoint(s.localAddress, s.localPort), recvQ: s.recvQ ?? 0, sendQ: s.sendQ ?? 0 }),
    command: `ss -ltn sport = :${port}`,
    data: { recvQ: s.recvQ, sendQ: s.sendQ },
  }));
  if (k?.listenOverflowsDelta !== undefined)
    ev.push({
      kind: 'counter',
      ...say('service.overflowCounters', { overflows: k.listenOverflowsDelta, drops: k.listenDropsDelta ?? 0 }),
      source: 'linux.proc.netstat.after',
      command: COUNTERS,
    });
  if (k?.somaxconn !== undefined)
    ev.push({ kind: 'sysctl', ...say('service.somaxconn', { value: k.somaxconn }), source: 'linux.sysctl.net.core.somaxconn' });
  return {
    step: { id: 'service', status: 'fail', ...saySummary('service.queueFullSummary'), evidence: [...evidence, ...ev] },
    findings: [{ cause: 'accept-queue-overflow', severity: 'error', evidence: ev }],
  };
}

/**
 * Step 1's accept-queue judgement over a window of readings: a ListenOverflows counter that rises while the port's
 * queue is seen full decides; a queue full in every reading is a service that does not accept; a rising counter
 * with the queue never seen full is `unknown` (the counter is the namespace's, every port); a queue that touched
 * its backlog without a drop is a warning. Null when nothing is wrong (a quiet line is added to `evidence` then).
 */
export function judgeQueue(facts: ServiceFacts, listeners: Socket[], evidence: Evidence[]): Judged | null {
  const k = facts.kernel?.kind === 'ok' ? facts.kernel.data : undefined;
  const w = k?.queueWindow;
  if (!w) return oneReading(facts, listeners, evidence);
  const { port } = facts.target;
  const p = windowParams(w);
  const data = { ...w };
  const command = `ss -ltn sport = :${port}; ${COUNTERS}`;
  const rising = w.overflowsDelta > 0;
  const stuck = w.fullSamples === w.samples;
  const somax: Evidence[] =
    k?.somaxconn !== undefined
      ? [{ kind: 'sysctl', ...say('service.somaxconn', { value: k.somaxconn }), source: 'linux.sysctl.net.core.somaxconn' }]
      : [];
  const fail = (key: EngineKey, summary: EngineKey): Judged => {
    const ev: Evidence[] = [{ kind: 'queue', ...say(key, p), source: 'linux.proc.netstat.window', command, data }, ...somax];
    return {
      step: { id: 'service', status: 'fail', ...saySummary(summary, p), evidence: [...evidence, ...ev] },
      findings: [{ cause: 'accept-queue-overflow', severity: 'error', evidence: ev }],
    };
  };
  if (rising && w.fullSamples > 0) return fail('queue.window', 'queue.summaryRising');
  if (stuck) return fail('queue.stuck', 'queue.summaryStuck');
  if (rising && w.peakRecvQ > 0) {
    const e: Evidence = { kind: 'queue', ...say('queue.unseen', p), source: 'linux.proc.netstat.window', command, data };
    const step: Step = {
      id: 'service',
      status: 'unknown',
      reason: 'inconsistent',
      ...saySummary('queue.summaryUnseen', p),
      evidence: [...evidence, e],
    };
    return { step, findings: [] };
  }
  if (rising) evidence.push({ kind: 'queue', ...say('queue.elsewhere', p), source: 'linux.proc.netstat.window', command, data });
  else if (w.fullSamples > 0) {
    const e: Evidence = { kind: 'queue', ...say('queue.brief', p), source: 'linux.proc.netstat.window', command, data };
    return {
      step: { id: 'service', status: 'warn', ...saySummary('queue.summaryBrief', { port }), evidence: [...evidence, e] },
      findings: [],
    };
  } else evidence.push({ kind: 'queue', ...say('queue.quiet', p), source: 'linux.proc.netstat.window', command, data });
  return null;
}

/** The accept queue read through the capture: the window line when ListenOverflows rose while it was full, else the quiet line. */
export function queueEvidence(q: QueueWindow): Evidence {
  const params = {
    overflows: q.overflowsDelta,
    drops: q.dropsDelta,
    ms: q.ms,
    samples: q.samples,
    full: q.fullSamples,
    peak: q.peakRecvQ,
    backlog: q.backlog,
    endpoint: q.endpoint,
  };
  return {
    kind: 'queue',
    ...say(overflowing(q) ? 'queue.window' : 'queue.quiet', params),
    source: 'linux.proc.netstat.window',
    command: 'nstat -az TcpExtListenOverflows TcpExtListenDrops',
    data: { ...q },
  };
}

/** ListenOverflows rose while the port's queue was seen full: the kernel dropped connection attempts to this port. */
export function overflowing(q: QueueWindow | undefined): boolean {
  return q !== undefined && q.overflowsDelta > 0 && q.fullSamples > 0;
}
