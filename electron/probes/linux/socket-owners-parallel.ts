import * as fs from 'node:fs';
import type * as Fs from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { fdCount, listPids, readProcessInfo, readSocketInodes } from './proc-fd';
import type { ProcessInfo } from './proc-fd';

/** What the walk found for one process: its socket inodes (null: its fd folder could not be read) and, when it holds sockets, its details. */
export interface PidWalk {
  pid: number;
  inodes: number[] | null;
  info: ProcessInfo | null;
}

/** A whole /proc/<pid>/fd walk shared between threads: every process, with the descriptor count each had when the walk began. */
export interface ParallelWalk {
  walks: PidWalk[];
  fdCounts: Map<number, number>;
}

/** Below this many descriptors in all, starting workers costs more than the walk they would share. */
export const PARALLEL_MIN_FDS = 4000;

/** The processes to walk, largest first, and the index of the next one to take (shared by every thread). */
interface WalkQueue {
  pids: number[];
  next: Int32Array;
}

/** The /proc readers a walk uses (proc-fd.ts), passed in so that a worker can be sent them as source text. */
interface ProcReaders {
  readSocketInodes: typeof readSocketInodes;
  readProcessInfo: typeof readProcessInfo;
}

/**
 * Take processes off the shared queue until it is empty, reading each one's socket inodes. It runs on the
 * worker threads *and* on the main thread once that has read the socket tables, so no core idles while another
 * still has processes to walk. Workers get it as source text (`fn.toString()`), so neither the CLI bundle nor the
 * Electron main bundle needs a second entry file: it must use nothing outside its own body and its parameters
 * (the unit test and the bundled CLI's lab and benchmark runs exercise it as shipped).
 */
function walkQueued(fs: typeof Fs, queue: WalkQueue, read: ProcReaders): PidWalk[] {
  const out: PidWalk[] = [];
  for (;;) {
    const pid = queue.pids[Atomics.add(queue.next, 0, 1)];
    if (pid === undefined) return out;
    const inodes = read.readSocketInodes(fs, pid);
    out.push({ pid, inodes, info: inodes && inodes.length > 0 ? read.readProcessInfo(fs, pid) : null });
  }
}

// The worker's program: walk the queue it shares with the other threads (workerData holds the SharedArrayBuffer) and answer.
const WORKER_SOURCE = `const { parentPort, workerData } = require('node:worker_threads');
const readSocketInodes = ${readSocketInodes.toString()};
const readProcessInfo = ${readProcessInfo.toString()};
parentPort.postMessage((${walkQueued.toString()})(require('node:fs'), workerData, { readSocketInodes, readProcessInfo }));`;

/**
 * `node:worker_threads`, loaded when the first walk starts and never at module load: the standalone binary's startup
 * snapshot runs this module's top level at build time, and a snapshot that loaded worker_threads then aborts the
 * whole process when a Worker starts (Node 22: `Assertion failed: shutdown_wrap_template_.IsEmpty()` in
 * IsolateData, the crash nodejs/node#56077 reports; no try/catch stops it). Loaded at run time it works there too
 * (test/lab/ports-owners.test.ts, run against the binary by `npm run test:binary`, expects its workers).
 */
function workerClass(): typeof Worker {
  return process.getBuiltinModule('node:worker_threads').Worker;
}

/** `PORTDOCTOR_TRACE=owner-walk`: say on stderr which way the walk went (the lab asserts the threads are used). */
function trace(line: string): void {
  if (process.env.PORTDOCTOR_TRACE?.split(',').includes('owner-walk')) process.stderr.write(`portdoctor: owner walk: ${line}\n`);
}

function runWorker(queue: WalkQueue): Promise<PidWalk[] | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new (workerClass())(WORKER_SOURCE, { eval: true, workerData: queue });
    } catch (e) {
      trace(`no worker: ${(e as Error).message}`);
      return resolve(null);
    }
    let answered = false;
    worker.once('message', (walks: PidWalk[]) => {
      answered = true;
      resolve(walks);
      // Unreferenced: waiting for the thread to wind down held a CLI's exit back by ~25 ms.
      worker.unref();
      void worker.terminate();
    });
    // A worker that fails may have taken processes off the queue: the whole walk is then given up (see below).
    worker.once('error', (e) => trace(`a worker failed: ${e.message}`));
    worker.once('exit', (code) => {
      if (answered) return;
      trace(`a worker exited with ${code} before answering`);
      resolve(null);
    });
  });
}

/** A walk under way on worker threads; `finish` joins it from the calling thread. */
export interface OwnerWalkJob {
  /** Walk what is left on the calling thread, then wait for the workers: the whole walk, or null if a worker failed. */
  finish(): Promise<ParallelWalk | null>;
}

/**
 * Start walking every process's descriptors on worker threads (one fewer than the cores, at least one, at most
 * three), so a cold listing of tens of thousands of sockets overlaps the readlinks with reading /proc/net and,
 * once the caller joins through `finish`, shares them between all cores. Returns null when the walk is too small
 * to be worth a thread's start-up (`minFds`; kernels before 6.2 report no descriptor counts, so there too):
 * the caller then walks in-thread as before. A failed worker makes `finish` answer null, with the same fallback,
 * so this is only ever a faster route to the same answer.
 */
export function startOwnerWalk(opts: { minFds?: number; threads?: number } = {}): OwnerWalkJob | null {
  const fdCounts = new Map<number, number>();
  let total = 0;
  for (const pid of listPids()) {
    // -1: gone already, or not ours; the walk records it as unreadable.
    const count = fdCount(pid);
    fdCounts.set(pid, count);
    total += Math.max(count, 0);
  }
  if (total < (opts.minFds ?? PARALLEL_MIN_FDS)) {
    trace(`${total} descriptors: in one thread`);
    return null;
  }
  // Largest first: the last processes taken are the small ones, so the threads finish together.
  const queue: WalkQueue = {
    pids: [...fdCounts].sort((a, b) => b[1] - a[1]).map(([pid]) => pid),
    next: new Int32Array(new SharedArrayBuffer(4)),
  };
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism() - 1, 3));
  const started = performance.now();
  const workers = Array.from({ length: threads }, () => runWorker(queue));
  return {
    async finish() {
      const joined = performance.now();
      const mine = walkQueued(fs, queue, { readSocketInodes, readProcessInfo });
      const walked = performance.now();
      const parts = await Promise.all(workers);
      const walks = [mine];
      for (const part of parts) {
        if (part === null) return null;
        walks.push(part);
      }
      trace(
        `${fdCounts.size} processes, ${total} descriptors on ${threads} worker thread(s) and the caller (processes each, caller first: ${walks.map((w) => w.length).join(' + ')}); ` +
          `the walk began ${Math.round(started)} ms into the process, the caller joined at ${Math.round(joined - started)} ms and walked ${Math.round(walked - joined)} ms, all done at ${Math.round(performance.now() - started)} ms`,
      );
      return { walks: walks.flat(), fdCounts };
    },
  };
}

let early: OwnerWalkJob | null = null;

/**
 * Start the walk while the CLI is still loading (electron/cli/prefetch.ts, for `ports`): the bundle takes ~50 ms to
 * load, during which the second core would otherwise idle. The first cold listing takes this walk instead of
 * starting one; sockets opened since are found as after any seeded walk (their process's descriptor count changed).
 */
export function startOwnerWalkEarly(): void {
  early ??= startOwnerWalk();
}

/** The walk started early if there is one (taken once), else a new one: see `startOwnerWalk`. */
export function takeOwnerWalk(): OwnerWalkJob | null {
  const job = early;
  early = null;
  return job ?? startOwnerWalk();
}
