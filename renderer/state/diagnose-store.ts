import { create } from 'zustand';
import type { Protocol, Result } from '../../shared/schemas/common';
import type { CheckReport, ProbeReport, WatchReport } from '../../shared/schemas/report';
import { isCidr, isHost, normalizeCidr } from '../../shared/net/address';
import type { Unsubscribe } from '../../shared/ipc/api';
import { portDoctor } from '../api/port-doctor';
import { IDLE, createTicketer, settle } from './remote';
import type { Remote } from './remote';
import { useFixStore } from './fix-store';
import { parsePortInput } from './port-input';
import type { LiveSteps } from './live-steps';
import { runRemoteDiagnosis } from './remote-run';
import { useRemoteStore } from './remote-store';
import { parseClientReport } from './client-report';
import type { ClientReportError } from './client-report';

/** Where the user stands: on the server, on a client, or holding a report. */
export type Role = 'server' | 'client' | 'report';

/** A report opened on the Reports page and replayed: the wizard shows it, and nothing runs on this machine. */
export interface ReplayView {
  host: string;
  recordedAt: string;
  report: CheckReport;
}

interface DiagnoseState {
  portText: string;
  /** Server role: the address clients use (for the client one-liners); client role: the server to probe. */
  host: string;
  /** Server role: where clients come from (an IP or CIDR, optional), for the firewall evaluation. */
  source: string;
  role: Role;
  /** TCP or UDP: what the server checks and the client probes (the two ends are joined for TCP only). */
  protocol: Protocol;
  /** Set once the user tried to check, so errors show inline only after a first attempt or edit. */
  touched: boolean;
  check: Remote<Result<CheckReport>>;
  live: LiveSteps;
  probe: Remote<Result<ProbeReport>>;
  clientReport: ProbeReport | null;
  clientError: ClientReportError | null;
  watchReport: WatchReport | null;
  replay: ReplayView | null;
  setPortText(text: string): void;
  setHost(host: string): void;
  setSource(source: string): void;
  setRole(role: Role): void;
  setProtocol(protocol: Protocol): void;
  run(): Promise<void>;
  cancel(): void;
  acceptClientText(text: string): void;
  refuseClient(error: ClientReportError): void;
  clearClientReport(): void;
  setWatchReport(report: WatchReport | null): void;
  openReplay(view: ReplayView): void;
  leaveReplay(): void;
}

const tickets = createTicketer();
let unsubscribe: Unsubscribe | null = null;

/** An optional client address: empty, or an IP address / CIDR block. */
export function isClientSourceValid(source: string): boolean {
  return source.trim() === '' || isCidr(source.trim());
}

/** Stream the five steps over `diagnose.run`; resolves when the run ends (answer, error or cancel). */
function streamRun(
  request: Parameters<ReturnType<typeof portDoctor>['diagnose']['run']>[0],
  ticket: number,
  set: (p: Partial<DiagnoseState>) => void,
  get: () => DiagnoseState,
): Promise<void> {
  return new Promise((resolve) => {
    const stop = portDoctor().diagnose.run(request, (m) => {
      if (!tickets.isLatest(ticket)) return resolve();
      if (m.type === 'event') {
        const e = m.event;
        set({ live: { ...get().live, ...(e.type === 'step-started' ? { [e.id]: 'running' } : { [e.step.id]: e.step }) } });
        return;
      }
      unsubscribe = null;
      set({ check: m.type === 'done' ? { state: 'done', value: m.result } : { state: 'failed', message: m.message } });
      resolve();
    });
    unsubscribe = () => {
      stop();
      resolve();
    };
  });
}

/** The Diagnose wizard's store: the form, the streamed five-step run (cancellable), the client's report, a capture, a replay. */
export const useDiagnoseStore = create<DiagnoseState>((set, get) => ({
  portText: '',
  host: '',
  source: '',
  role: 'server',
  protocol: 'tcp',
  touched: false,
  check: IDLE,
  live: {},
  probe: IDLE,
  clientReport: null,
  clientError: null,
  watchReport: null,
  replay: null,
  setPortText: (portText) => set({ portText, touched: true }),
  setHost: (host) => set({ host }),
  setSource: (source) => set({ source }),
  setRole: (role) => set({ role }),
  setProtocol: (protocol) => set({ protocol }),
  run: async () => {
    const { portText, host, source, role, protocol, clientReport, watchReport } = get();
    set({ touched: true });
    const parsed = parsePortInput(portText);
    if (!parsed.ok || role === 'report') return;
    const ticket = tickets.next();
    // Over SSH both ends run from here, for TCP (the form offers no UDP there).
    if (role === 'server' && useRemoteStore.getState().where === 'ssh') {
      unsubscribe?.();
      set({ check: { state: 'loading' }, live: {}, replay: null });
      useFixStore.getState().reset();
      const check = await runRemoteDiagnosis(parsed.port, {
        isLatest: () => tickets.isLatest(ticket),
        setLive: (update) => set({ live: update(get().live) }),
        setStop: (stop) => (unsubscribe = stop),
      });
      if (tickets.isLatest(ticket)) set({ check: check ?? IDLE });
      return;
    }
    if (role === 'server') {
      if (!isClientSourceValid(source)) return;
      unsubscribe?.();
      set({ check: { state: 'loading' }, live: {}, replay: null });
      useFixStore.getState().reset();
      // The client's result and a capture join the verdict for TCP only (the capture counts TCP handshakes, and the
      // decision table reads a UDP probe's silence differently), so a UDP check runs steps 1–3 alone.
      const tcp = protocol === 'tcp';
      const request = {
        port: parsed.port,
        ...(tcp ? {} : { protocol }),
        ...(source.trim() ? { source: normalizeCidr(source.trim()) } : {}),
        ...(tcp && clientReport && (clientReport.target.protocol ?? 'tcp') === 'tcp' ? { clientReport } : {}),
        ...(tcp && watchReport && watchReport.port === parsed.port ? { watchReport } : {}),
      };
      return streamRun(request, ticket, set, get);
    }
    if (!isHost(host.trim())) return;
    set({ probe: { state: 'loading' } });
    const probe = await settle(() =>
      portDoctor().diagnose.probe({ host: host.trim(), port: parsed.port, ...(protocol === 'udp' ? { protocol } : {}) }),
    );
    if (tickets.isLatest(ticket)) set({ probe });
  },
  cancel: () => {
    if (get().check.state !== 'loading') return;
    tickets.next();
    const stop = unsubscribe;
    unsubscribe = null;
    // Closing the stream cancels the run in the back end (the bridge aborts the request, IPC sends pd:cancel).
    stop?.();
    set({ check: { state: 'done', value: { kind: 'unavailable', reason: 'cancelled', detail: '' } } });
  },
  acceptClientText: (text) => {
    const parsed = parseClientReport(text);
    // A capture made before this client result is about older attempts: it no longer goes into the verdict.
    if (parsed.ok) set({ clientReport: parsed.report, clientError: null, watchReport: null });
    else set({ clientError: { error: parsed.error, detail: parsed.detail } });
  },
  refuseClient: (clientError) => set({ clientError }),
  clearClientReport: () => set({ clientReport: null, clientError: null }),
  setWatchReport: (watchReport) => set({ watchReport }),
  openReplay: (view) => {
    get().cancel();
    set({
      replay: view,
      role: 'server',
      portText: String(view.report.target.port),
      check: { state: 'done', value: { kind: 'ok', data: view.report } },
      live: {},
    });
  },
  leaveReplay: () => set({ replay: null, check: IDLE, live: {} }),
}));
