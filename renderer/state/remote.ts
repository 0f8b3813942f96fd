/** A call to the back end as the UI sees it: not asked yet, waiting, answered, or the transport failed. */
export type Remote<T> = { state: 'idle' } | { state: 'loading' } | { state: 'done'; value: T } | { state: 'failed'; message: string };

/** The idle value (shared so stores start equal). */
export const IDLE: Remote<never> = { state: 'idle' };

/** Await a call and turn a thrown transport error (403, bridge gone) into a value the UI can show where it happened. */
export async function settle<T>(call: () => Promise<T>): Promise<Remote<T>> {
  try {
    return { state: 'done', value: await call() };
  } catch (e) {
    return { state: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Hand out increasing tickets so a slow, older answer never overwrites a newer one. */
export function createTicketer(): { next(): number; isLatest(ticket: number): boolean } {
  let latest = 0;
  return { next: () => ++latest, isLatest: (ticket) => ticket === latest };
}
