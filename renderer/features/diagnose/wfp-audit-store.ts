import { create } from 'zustand';
import type { Unsubscribe } from '../../../shared/ipc/api';
import type { Result, Unavailable } from '../../../shared/schemas/common';
import type { WfpAuditPlan, WfpAuditResult } from '../../../shared/schemas/wfp-audit';
import { portDoctor } from '../../api/port-doctor';

/** How long the app's window keeps auditing on by default (the CLI's default), and the choices (the contract allows 1–15). */
export const APP_MINUTES = 5;
export const MINUTE_CHOICES = [1, 2, 5, 10, 15] as const;

type Phase = 'idle' | 'planning' | 'confirm' | 'running' | 'ending' | 'done' | 'failed';

interface WfpAuditState {
  phase: Phase;
  /** The chosen duration. */
  minutes: number;
  setMinutes(minutes: number): void;
  target: { port: number; protocol: 'tcp' | 'udp' } | null;
  plan: WfpAuditPlan | null;
  secondsLeft: number | null;
  result: Result<WfpAuditResult> | null;
  refused: Unavailable | null;
  message: string;
  /** Ask for the exact commands (nothing runs), then show them for confirmation. */
  preview(port: number, protocol: 'tcp' | 'udp'): Promise<void>;
  /** Back from the confirmation without running anything. */
  dismiss(): void;
  /** Confirmed: run the window and follow its progress to the result. */
  start(): void;
  /** End the wait early: the handler still reads the drops and turns auditing off, and the result still arrives. */
  end(): Promise<void>;
  /** Back to the start (a new report). */
  reset(): void;
}

let unsubscribe: Unsubscribe | null = null;
const INITIAL = { phase: 'idle' as Phase, target: null, plan: null, secondsLeft: null, result: null, refused: null, message: '' };

/**
 * The Windows drop-audit window from the app (issue 16 item 12): preview over `firewall.planWfpAudit`, run over the
 * `firewall.wfpAudit` stream only after the dialog's confirmation, end early over `firewall.endWfpAudit` (which keeps
 * the stream, so the undo's outcome is shown; unsubscribing would hide it).
 */
export const useWfpAuditStore = create<WfpAuditState>((set, get) => ({
  ...INITIAL,
  minutes: APP_MINUTES,
  setMinutes: (minutes) => set({ minutes }),
  preview: async (port, protocol) => {
    set({ phase: 'planning', target: { port, protocol }, plan: null, result: null, refused: null, message: '' });
    try {
      const r = await portDoctor().firewall.planWfpAudit({ port, protocol, minutes: get().minutes });
      if (r.kind === 'ok') set({ phase: 'confirm', plan: r.data });
      else set({ phase: 'idle', refused: r });
    } catch (e) {
      set({ phase: 'failed', message: (e as Error).message });
    }
  },
  dismiss: () => set({ phase: 'idle', plan: null }),
  start: () => {
    const { plan } = get();
    if (!plan || get().phase !== 'confirm') return;
    unsubscribe?.();
    set({ phase: 'running', secondsLeft: plan.minutes * 60, result: null });
    unsubscribe = portDoctor().firewall.wfpAudit(
      { port: plan.port, protocol: plan.protocol, minutes: plan.minutes, confirmed: true },
      (m) => {
        if (m.type === 'event') return set({ secondsLeft: m.event.secondsLeft });
        unsubscribe = null;
        if (m.type === 'done') set({ phase: 'done', result: m.result, secondsLeft: null });
        else set({ phase: 'failed', message: m.message, secondsLeft: null });
      },
    );
  },
  end: async () => {
    if (get().phase !== 'running') return;
    set({ phase: 'ending' });
    try {
      await portDoctor().firewall.endWfpAudit({});
    } catch (e) {
      // The window goes on (and ends on its own); the button comes back.
      set({ phase: 'running', message: (e as Error).message });
    }
  },
  reset: () => set({ ...INITIAL, minutes: APP_MINUTES }),
}));
