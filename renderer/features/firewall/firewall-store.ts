import { create } from 'zustand';
import { isCidr, normalizeCidr } from '../../../shared/net/address';
import type { Result } from '../../../shared/schemas/common';
import type { AppliedFixList, FirewallStatus, UndoResult } from '../../../shared/schemas/firewall';
import { portDoctor } from '../../api/port-doctor';
import { IDLE, createTicketer, settle } from '../../state/remote';
import type { Remote } from '../../state/remote';
import { parsePortInput } from '../../state/port-input';
import { useFixStore } from '../../state/fix-store';

interface FirewallState {
  portText: string;
  source: string;
  touched: boolean;
  status: Remote<Result<FirewallStatus>>;
  /** The request the shown status answers (the fix is planned for the same port and source, not the edited form). */
  asked: { port: number; source?: string } | null;
  /** PortDoctor's own changes on this host (its undo records), and the last undo made from that list. */
  fixes: Remote<Result<AppliedFixList>>;
  undone: Remote<Result<UndoResult>>;
  setPortText(text: string): void;
  setSource(source: string): void;
  check(): Promise<void>;
  loadFixes(): Promise<void>;
  undoFix(id: string): Promise<void>;
}

const tickets = createTicketer();

/** An optional client address: empty is fine, anything else must be an IP address or CIDR block. */
export function isSourceValid(source: string): boolean {
  return source.trim() === '' || isCidr(source.trim());
}

/** The Firewall page's store: the port (and client address) asked about and the latest `firewall.status` answer. */
export const useFirewallStore = create<FirewallState>((set, get) => ({
  portText: '',
  source: '',
  touched: false,
  status: IDLE,
  asked: null,
  fixes: IDLE,
  undone: IDLE,
  setPortText: (portText) => set({ portText, touched: true }),
  setSource: (source) => set({ source }),
  check: async () => {
    const { portText, source } = get();
    set({ touched: true });
    const parsed = parsePortInput(portText);
    if (!parsed.ok || !isSourceValid(source)) return;
    const ticket = tickets.next();
    set({ status: { state: 'loading' }, asked: null });
    useFixStore.getState().reset();
    const request = source.trim() === '' ? { port: parsed.port } : { port: parsed.port, source: normalizeCidr(source.trim()) };
    const status = await settle(() => portDoctor().firewall.status(request));
    if (tickets.isLatest(ticket)) set({ status, asked: request });
  },
  loadFixes: async () => {
    set({ fixes: { state: 'loading' } });
    set({ fixes: await settle(() => portDoctor().firewall.listFixes({})) });
  },
  undoFix: async (id) => {
    set({ undone: { state: 'loading' } });
    set({ undone: await settle(() => portDoctor().firewall.undoFix({ id })) });
    await get().loadFixes();
  },
}));
