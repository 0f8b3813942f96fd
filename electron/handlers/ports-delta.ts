import { randomUUID } from 'node:crypto';
import type { Result } from '../../shared/schemas/common';
import type { PortsList } from '../../shared/schemas/ports';
import { createDeltaStore } from '../../shared/ports/snapshot-delta';
import type { DeltaStore } from '../../shared/ports/snapshot-delta';

// A random token, not a counter: a renderer that outlives a back-end restart must not match a new snapshot.
const shared = createDeltaStore(randomUUID);

/** `ports:list`'s answer as a delta against the caller's `since` snapshot when known, else in full; both with a token. */
export function withDelta(result: Result<PortsList>, since: string | undefined, store: DeltaStore = shared): Result<PortsList> {
  if (result.kind !== 'ok') return result;
  return { kind: 'ok', data: store.answer(result.data, since) };
}
