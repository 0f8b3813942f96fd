import { create } from 'zustand';
import type { Result } from '../../../shared/schemas/common';
import type { CheckReport, ProbeReport } from '../../../shared/schemas/report';
import { isHost } from '../../../shared/net/address';
import { portDoctor } from '../../api/port-doctor';
import { IDLE, createTicketer, settle } from '../../state/remote';
import type { Remote } from '../../state/remote';
import { parsePortInput } from './diagnose-selectors';

/** Where the user stands: on the server, on a client, or holding a report. */
export type Role = 'server' | 'client' | 'report';

interface DiagnoseState {
  portText: string;
  host: string;
  role: Role;
  /** Set once the user tried to check, so errors show inline only after a first attempt or edit. */
  touched: boolean;
  check: Remote<Result<CheckReport>>;
  probe: Remote<Result<ProbeReport>>;
  setPortText(text: string): void;
  setHost(host: string): void;
  setRole(role: Role): void;
  run(): Promise<void>;
}

const tickets = createTicketer();

/** The Diagnose page's store: the form, and the latest server check or client probe. */
export const useDiagnoseStore = create<DiagnoseState>((set, get) => ({
  portText: '',
  host: '',
  role: 'server',
  touched: false,
  check: IDLE,
  probe: IDLE,
  setPortText: (portText) => set({ portText, touched: true }),
  setHost: (host) => set({ host }),
  setRole: (role) => set({ role }),
  run: async () => {
    const { portText, host, role } = get();
    set({ touched: true });
    const parsed = parsePortInput(portText);
    if (!parsed.ok || role === 'report') return;
    const ticket = tickets.next();
    if (role === 'server') {
      set({ check: { state: 'loading' } });
      const check = await settle(() => portDoctor().diagnose.checkPort({ port: parsed.port }));
      if (tickets.isLatest(ticket)) set({ check });
      return;
    }
    if (!isHost(host.trim())) return;
    set({ probe: { state: 'loading' } });
    const probe = await settle(() => portDoctor().diagnose.probe({ host: host.trim(), port: parsed.port }));
    if (tickets.isLatest(ticket)) set({ probe });
  },
}));
