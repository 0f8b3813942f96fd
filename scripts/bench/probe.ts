import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { Worker } from 'node:worker_threads';
import { probeMany } from '../../electron/probes/client/probe-many';
import { probeTarget } from '../../electron/probes/client/probe-target';
import { createLiveRunner } from '../../electron/system/run-command';

// `npm run bench` figures for issue #4: 1,000 client probes in parallel on loopback, against one budget. The
// targets mix a listener (ok), closed ports (refused) and a listener whose accept queue is full (the kernel
// drops the SYNs: timeout, the slow case). The baseline is one timing-out probe measured in the same run; the
// claim is "1,000 targets end within budget + 1 s", i.e. batch/baseline stays near 1, not 1,000.

const BUDGET_MS = 2000;
const TARGETS = 1000;

/** A loopback listener with backlog 1 in a worker whose event loop is blocked: it never accepts, so its queue fills. */
async function stalledListener(): Promise<{ port: number; stop: () => Promise<void> }> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const server = require('node:net').createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      parentPort.postMessage(server.address().port);
      while (Atomics.load(workerData, 0) === 0) Atomics.wait(workerData, 0, 0, 100);
      server.close();
    });`;
  const worker = new Worker(code, { eval: true, workerData: flag });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  return {
    port,
    stop: async () => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await worker.terminate();
    },
  };
}

async function listener(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

/** 1,000 targets probed at once within one budget, against a single timing-out probe (the baseline). */
export async function benchProbe(): Promise<Record<string, number | string>> {
  const deps = { runner: createLiveRunner(), platform: process.platform, route: false };
  const open = await listener();
  const closed = await listener();
  await new Promise((r) => closed.server.close(r));
  const stalled = await stalledListener();
  try {
    // Fill the stalled listener's queue first so every later SYN to it is dropped.
    await probeMany(
      Array.from({ length: 4 }, () => ({ host: '127.0.0.1', port: stalled.port })),
      300,
      deps,
    );
    const t0 = performance.now();
    const single = await probeTarget({ host: '127.0.0.1', port: stalled.port, timeoutMs: BUDGET_MS }, deps);
    const baselineMs = performance.now() - t0;
    const targets = Array.from({ length: TARGETS }, (_, i) => ({
      host: '127.0.0.1',
      port: i % 10 < 4 ? open.port : i % 10 < 7 ? closed.port : stalled.port,
    }));
    const t1 = performance.now();
    const reports = await probeMany(targets, BUDGET_MS, deps);
    const batchMs = performance.now() - t1;
    const count = (o: string) => reports.filter((r) => r.outcome === o).length;
    return {
      targets: TARGETS,
      budgetMs: BUDGET_MS,
      baselineSingleTimeoutMs: Math.round(baselineMs),
      baselineOutcome: single.outcome,
      batchMs: Math.round(batchMs),
      batchOverBudgetMs: Math.round(batchMs - BUDGET_MS),
      batchVsSingleRatio: Number((batchMs / baselineMs).toFixed(3)),
      withinBudgetPlus1s: batchMs <= BUDGET_MS + 1000 ? 'yes' : 'no',
      ok: count('ok'),
      refused: count('refused'),
      timeout: count('timeout'),
      other: TARGETS - count('ok') - count('refused') - count('timeout'),
    };
  } finally {
    open.server.close();
    await stalled.stop();
  }
}
