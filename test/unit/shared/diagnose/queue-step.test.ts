import { describe, expect, it } from 'vitest';
import { diagnoseCheck } from '../../../../shared/diagnose/diagnose-check';
import type { CheckFacts, QueueWindow } from '../../../../shared/diagnose/facts';
import type { Socket } from '../../../../shared/schemas/ports';

const listener = (recvQ: number): Socket => ({
  protocol: 'tcp',
  family: 4,
  state: 'LISTEN',
  localAddress: '0.0.0.0',
  localPort: 8080,
  remoteAddress: '0.0.0.0',
  remotePort: 0,
  recvQ,
  sendQ: 4,
  inode: 1,
});

const window = (over: Partial<QueueWindow>): QueueWindow => ({
  ms: 1250,
  samples: 6,
  overflowsDelta: 0,
  dropsDelta: 0,
  fullSamples: 0,
  peakRecvQ: 0,
  backlog: 4,
  endpoint: '0.0.0.0:8080',
  ...over,
});

function facts(recvQ: number, w?: QueueWindow): CheckFacts {
  return {
    platform: 'linux',
    target: { port: 8080, protocol: 'tcp', source: '10.0.0.5' },
    listeners: { kind: 'ok', data: [listener(recvQ)] },
    addresses: { kind: 'ok', data: [{ interface: 'eth0', address: '192.0.2.2', family: 4 }] },
    localConnect: { kind: 'ok', data: [{ address: '127.0.0.1', outcome: 'ok', elapsedMs: 1 }] },
    firewall: {
      kind: 'ok',
      data: {
        present: ['nftables'],
        inCharge: 'nftables',
        commands: [],
        verdict: {
          backend: 'nftables',
          decision: 'accept',
          trace: [],
          notes: [],
          rule: { backend: 'nftables', table: 'inet filter', chain: 'input', handle: 7, text: 'tcp dport 8080 accept' },
        },
      },
    },
    route: { kind: 'ok', data: { client: '10.0.0.5', localAddress: '192.0.2.2', interface: 'eth0' } },
    kernel: { kind: 'ok', data: { listenOverflowsDelta: 0, listenDropsDelta: 0, ...(w ? { queueWindow: w } : {}) } },
  };
}

const service = (f: CheckFacts) => diagnoseCheck(f).steps.find((s) => s.id === 'service');

describe('the accept queue judged over a window: a rising counter decides', () => {
  it.each<[string, number, QueueWindow, string, string, string]>([
    // The wrong "ok": the one reading fell between two SYNs, while the counter rose and the queue was full at other readings.
    [
      'counter rising, queue full in 2 of 6, not full at the check’s own reading',
      3,
      window({ overflowsDelta: 157, dropsDelta: 157, fullSamples: 2, peakRecvQ: 5 }),
      'accept-queue-overflow',
      'fail',
      'engine.queue.window',
    ],
    [
      'queue full in every reading, no one tried meanwhile (+0)',
      5,
      window({ fullSamples: 6, peakRecvQ: 5 }),
      'accept-queue-overflow',
      'fail',
      'engine.queue.stuck',
    ],
    [
      'counter rising, this queue used but never seen full',
      1,
      window({ overflowsDelta: 12, peakRecvQ: 2 }),
      'unknown',
      'unknown',
      'engine.queue.unseen',
    ],
    [
      'counter rising, this queue empty in every reading: another listener',
      0,
      window({ overflowsDelta: 12 }),
      'ok',
      'pass',
      'engine.queue.elsewhere',
    ],
    ['queue touched its backlog once, nothing dropped', 0, window({ fullSamples: 1, peakRecvQ: 4 }), 'ok', 'warn', 'engine.queue.brief'],
    ['quiet', 0, window({}), 'ok', 'pass', 'engine.queue.quiet'],
  ])('%s → %s', (_name, recvQ, w, cause, status, key) => {
    const report = diagnoseCheck(facts(recvQ, w));
    expect(report.verdict.cause).toBe(cause);
    const step = service(facts(recvQ, w));
    expect(step?.status).toBe(status);
    const line = step?.evidence.find((e) => e.kind === 'queue');
    expect(line?.key).toBe(key);
    expect(line?.text).toContain(`ListenOverflows ${key === 'engine.queue.window' ? '+' : ''}`);
  });

  it('quotes the counters’ rise and the queue’s peak in the deciding line', () => {
    const step = service(facts(3, window({ overflowsDelta: 157, dropsDelta: 160, fullSamples: 2, peakRecvQ: 5 })));
    expect(step?.evidence.find((e) => e.kind === 'queue')?.text).toBe(
      'ListenOverflows +157, ListenDrops +160 in 1250 ms (6 readings); the accept queue of 0.0.0.0:8080 was full in 2 of them (Recv-Q up to 5, backlog 4)',
    );
  });

  it('without a window the one reading decides as before (full → the cause, not full → ok)', () => {
    expect(diagnoseCheck(facts(5)).verdict.cause).toBe('accept-queue-overflow');
    expect(diagnoseCheck(facts(3)).verdict.cause).toBe('ok');
  });
});
