import { create } from 'zustand';
import type { Result } from '../../../shared/schemas/common';
import type { Connection, PortAction } from '../../../shared/schemas/port-actions';
import { portDoctor } from '../../api/port-doctor';
import { settle } from '../../state/remote';
import type { Remote } from '../../state/remote';
import type { LiveRow } from './ports-diff';

/** What the dialog is about: one connection, or one process. */
export type ActionTarget = { kind: 'close'; connection: Connection } | { kind: 'end'; pid: number; name: string | null; force: boolean };

interface PortActionState {
  target: ActionTarget | null;
  /** The preview (exact commands), then — after Confirm — what happened. */
  preview: Remote<Result<PortAction>>;
  result: Remote<Result<PortAction>> | null;
  open(target: ActionTarget): Promise<void>;
  setForce(force: boolean): Promise<void>;
  confirm(): Promise<void>;
  close(): void;
}

/** The connection a row stands for: both endpoints, as the back end validates them. */
export function connectionOf(row: Pick<LiveRow, 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>): Connection {
  return { localAddress: row.localAddress, localPort: row.localPort, remoteAddress: row.remoteAddress, remotePort: row.remotePort };
}

function call(target: ActionTarget, confirm: { confirmed: true; startTime?: string } | null) {
  const api = portDoctor().ports;
  if (target.kind === 'close') return api.closeConnection({ connection: target.connection, ...(confirm ? { confirmed: true } : {}) });
  return api.endProcess({ pid: target.pid, ...(target.force ? { force: true } : {}), ...(confirm ?? {}) });
}

/** The close-connection / end-process dialog: preview first, run only on Confirm, with the process the preview read. */
export const usePortActionStore = create<PortActionState>((set, get) => ({
  target: null,
  preview: { state: 'idle' },
  result: null,
  open: async (target) => {
    set({ target, preview: { state: 'loading' }, result: null });
    const preview = await settle(() => call(target, null));
    if (get().target === target) set({ preview });
  },
  setForce: async (force) => {
    const target = get().target;
    if (target?.kind === 'end' && target.force !== force) await get().open({ ...target, force });
  },
  confirm: async () => {
    const { target, preview } = get();
    if (!target || preview.state !== 'done' || preview.value.kind !== 'ok' || preview.value.data.outcome !== 'preview') return;
    // The start time read at the preview: a different process under the same PID is refused, not ended.
    const startTime = preview.value.data.process?.startTime;
    set({ result: { state: 'loading' } });
    const result = await settle(() => call(target, { confirmed: true, ...(startTime ? { startTime } : {}) }));
    if (get().target === target) set({ result });
  },
  close: () => set({ target: null, preview: { state: 'idle' }, result: null }),
}));
