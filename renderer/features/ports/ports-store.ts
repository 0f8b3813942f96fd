import { create } from 'zustand';
import type { Result } from '../../../shared/schemas/common';
import type { PortsList } from '../../../shared/schemas/ports';
import { portDoctor } from '../../api/port-doctor';
import { IDLE, createTicketer, settle } from '../../state/remote';
import type { Remote } from '../../state/remote';

interface PortsState {
  list: Remote<Result<PortsList>>;
  load(): Promise<void>;
}

const tickets = createTicketer();

/** The Ports page's store: the latest `ports.list` answer. */
export const usePortsStore = create<PortsState>((set) => ({
  list: IDLE,
  load: async () => {
    const ticket = tickets.next();
    set({ list: { state: 'loading' } });
    const list = await settle(() => portDoctor().ports.list({ owners: true }));
    if (tickets.isLatest(ticket)) set({ list });
  },
}));
