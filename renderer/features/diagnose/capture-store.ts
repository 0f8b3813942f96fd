import { create } from 'zustand';
import type { Unsubscribe } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/schemas/common';
import type { WatchReport } from '../../../shared/schemas/report';
import { portDoctor } from '../../api/port-doctor';
import { createTicketer } from '../../state/remote';
import { countPacket } from './wizard-selectors';
import type { PeerCount } from './wizard-selectors';

interface CaptureState {
  state: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  seconds: number;
  port: number | null;
  peers: PeerCount[];
  packets: number;
  result: Result<WatchReport> | null;
  message: string;
  setSeconds(seconds: number): void;
  start(port: number): void;
  cancel(): void;
}

const tickets = createTicketer();
let unsubscribe: Unsubscribe | null = null;

/** Step 5's live capture over `capture.watch`: packets counted per peer as they arrive, then the watch report. */
export const useCaptureStore = create<CaptureState>((set, get) => ({
  state: 'idle',
  seconds: 30,
  port: null,
  peers: [],
  packets: 0,
  result: null,
  message: '',
  setSeconds: (seconds) => set({ seconds }),
  start: (port) => {
    unsubscribe?.();
    const ticket = tickets.next();
    set({ state: 'running', port, peers: [], packets: 0, result: null, message: '' });
    unsubscribe = portDoctor().capture.watch({ port, seconds: get().seconds }, (m) => {
      if (!tickets.isLatest(ticket)) return;
      if (m.type === 'event')
        return m.event.type === 'packet' ? set({ peers: countPacket(get().peers, m.event), packets: get().packets + 1 }) : undefined;
      unsubscribe = null;
      if (m.type === 'done') set({ state: 'done', result: m.result });
      else set({ state: 'failed', message: m.message });
    });
  },
  cancel: () => {
    if (get().state !== 'running') return;
    tickets.next();
    unsubscribe?.();
    unsubscribe = null;
    set({ state: 'cancelled' });
  },
}));
