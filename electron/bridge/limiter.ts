/** Why a slot was not given: the queue is full (answer 429). */
export type Admission = { ok: true; release: () => void } | { ok: false };

/**
 * Bounds concurrent handler work: at most `active` run at once, at most `queued` wait for a slot, anything
 * beyond is refused at once (the bridge answers 429). Each handler spawns real commands; unbounded, a
 * thousand parallel calls would start thousands of processes and starve every other request.
 */
export class WorkLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly active: number,
    readonly queued: number,
  ) {}

  /** How many handlers run now and how many wait (for tests and the health answer). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Wait for a slot; resolves `{ ok: false }` at once when the queue is full or `signal` aborts while waiting. */
  admit(signal: AbortSignal): Promise<Admission> {
    if (this.running < this.active) {
      this.running++;
      return Promise.resolve({ ok: true, release: this.releaser() });
    }
    if (this.waiting.length >= this.queued || signal.aborted) return Promise.resolve({ ok: false });
    return new Promise((resolve) => {
      const start = () => {
        signal.removeEventListener('abort', drop);
        this.running++;
        resolve({ ok: true, release: this.releaser() });
      };
      const drop = () => {
        const i = this.waiting.indexOf(start);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve({ ok: false });
      };
      this.waiting.push(start);
      signal.addEventListener('abort', drop, { once: true });
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running--;
      this.waiting.shift()?.();
    };
  }
}
