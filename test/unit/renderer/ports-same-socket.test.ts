import { describe, expect, it } from 'vitest';
import type { Socket } from '../../../shared/schemas/ports';
import { diffSockets } from '../../../renderer/features/ports/ports-diff';
import { sameSocket } from '../../../shared/ports/snapshot-delta';
import { REAL_SOCKETS } from './ports-fixture';

// Two sameSocket functions compared different fields: the back end's delta (every field) and the table's fast
// path (ports and addresses, state, queues, the owner's pid and name). A socket whose owner changed its unit or
// program file under the same pid kept its old row. One sameSocket now (shared/ports/snapshot-delta.ts).
describe('one sameSocket for the delta and the table', () => {
  const owned = REAL_SOCKETS.find((s) => s.owner?.pid !== undefined) as Socket;

  it('the table does not reuse a row whose owner changed what the row shows (unit, program file)', () => {
    const before: Socket = { ...owned, owner: { ...owned.owner!, unit: 'old.service', path: '/usr/bin/old' } };
    const after: Socket = { ...owned, owner: { ...owned.owner!, unit: 'new.service', path: '/usr/bin/new' } };
    const first = diffSockets(null, [before]);
    const second = diffSockets(first, [after]);
    expect(second.rows[0]?.unit).toBe('new.service');
    expect(second.rows[0]?.path).toBe('/usr/bin/new');
  });

  it('the delta sees the same change', () => {
    const a: Socket = { ...owned, owner: { ...owned.owner!, unit: 'old.service' } };
    expect(sameSocket(a, { ...a, owner: { ...a.owner!, unit: 'new.service' } })).toBe(false);
    expect(sameSocket(a, { ...a, inode: (a.inode ?? 0) + 1 })).toBe(false);
    expect(sameSocket(a, { ...a, owner: { ...a.owner! } })).toBe(true);
  });
});
