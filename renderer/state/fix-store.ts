import { create } from 'zustand';
import type { Result } from '../../shared/schemas/common';
import type { FixPlan, FixResult, FixVerifyResult, UndoResult } from '../../shared/schemas/firewall';
import type { ProbeReport } from '../../shared/schemas/report';
import { portDoctor } from '../api/port-doctor';
import { IDLE, createTicketer, settle } from './remote';
import type { Remote } from './remote';
import { asPlainResult, callWithQuestions } from './remote-calls';
import { connectionOf, useRemoteStore } from './remote-store';

/** A fix request: the port (TCP unless said), and where clients come from. */
type FixRequest = { port: number; protocol?: 'tcp' | 'udp'; source?: string };

interface FixState {
  plan: Remote<Result<FixPlan>>;
  applied: Remote<Result<FixResult>>;
  undone: Remote<Result<UndoResult>>;
  /** The latest "Test now": the fix's proof after the client tried again (the new rule's counter, re-evaluation). */
  tested: Remote<Result<FixVerifyResult>>;
  /** Over SSH, Test now first probes the server from here (this computer is the client): that probe's report. */
  probed: ProbeReport | null;
  /** Set while the plan is the server's over SSH (apply and undo then go there too). */
  over: { host: string; request: FixRequest } | null;
  makePlan(request: FixRequest, overSsh?: boolean): Promise<void>;
  apply(plan: FixPlan, confirmDisableBlockRule: boolean): Promise<void>;
  undo(id: string): Promise<void>;
  test(id: string): Promise<void>;
  reset(): void;
}

const tickets = createTicketer();

/** The SSH connection of the wizard's form (with the password typed there), or a failed call saying the form is incomplete. */
function connection() {
  return connectionOf(useRemoteStore.getState());
}

/**
 * The firewall fix flow: preview a plan (changes nothing), apply it only after confirmation, undo it by id — on this
 * computer, or on the server over SSH (its own `fix`: it re-plans at apply, verifies, keeps the undo and its audit log).
 */
export const useFixStore = create<FixState>((set, get) => ({
  plan: IDLE,
  applied: IDLE,
  undone: IDLE,
  tested: IDLE,
  probed: null,
  over: null,
  makePlan: async (request, overSsh = false) => {
    const ticket = tickets.next();
    set({ plan: { state: 'loading' }, applied: IDLE, undone: IDLE, tested: IDLE, over: null });
    const conn = overSsh ? connection() : null;
    if (overSsh && !conn) return set({ plan: { state: 'failed', message: 'the SSH form is incomplete' } });
    const plan = conn
      ? asPlainResult(
          await callWithQuestions(conn.host, (extra) => portDoctor().remote.planFix({ ...conn, ...extra, ...request })),
          (d) => ({ kind: 'ok' as const, data: d.plan }),
        )
      : await settle(() => portDoctor().firewall.planFix(request));
    if (tickets.isLatest(ticket)) set({ plan, over: conn ? { host: conn.host, request } : null });
  },
  apply: async (plan, confirmDisableBlockRule) => {
    set({ applied: { state: 'loading' }, undone: IDLE, tested: IDLE });
    const over = get().over;
    const conn = over ? connection() : null;
    if (over && !conn) return set({ applied: { state: 'failed', message: 'the SSH form is incomplete' } });
    if (over && conn) {
      // The server re-plans and applies its own fix; `confirmed: true` comes only from the confirm dialog's button.
      const answer = await callWithQuestions(conn.host, (extra) =>
        portDoctor().remote.applyFix({ ...conn, ...extra, ...over.request, confirmed: true }),
      );
      set({
        applied: asPlainResult(answer, (d) =>
          d.applied
            ? { kind: 'ok' as const, data: d.applied }
            : { kind: 'unavailable' as const, reason: 'exit-code' as const, detail: d.plan.summary },
        ),
      });
      return;
    }
    // `confirmed: true` is sent only from the confirm dialog's button; the handler refuses without it.
    const request = plan.separateConfirmation
      ? { planId: plan.id, confirmed: true as const, ...(confirmDisableBlockRule ? { confirmDisableBlockRule: true as const } : {}) }
      : { planId: plan.id, confirmed: true as const };
    set({ applied: await settle(() => portDoctor().firewall.applyFix(request)) });
  },
  undo: async (id) => {
    set({ undone: { state: 'loading' } });
    const conn = get().over ? connection() : null;
    // The id is the server's: never undone here by mistake.
    if (get().over && !conn) return set({ undone: { state: 'failed', message: 'the SSH form is incomplete' } });
    if (conn) {
      const answer = await callWithQuestions(conn.host, (extra) => portDoctor().remote.undoFix({ ...conn, ...extra, id }));
      set({ undone: asPlainResult(answer, (d) => ({ kind: 'ok' as const, data: d.undo })) });
      return;
    }
    set({ undone: await settle(() => portDoctor().firewall.undoFix({ id })) });
  },
  test: async (id) => {
    set({ tested: { state: 'loading' }, probed: null });
    const over = get().over;
    if (!over) return set({ tested: await settle(() => portDoctor().firewall.verifyFix({ id })) });
    // Over SSH this computer is the client: probe the server again from here, then the server reads its rule's counter.
    const conn = connection();
    if (!conn) return set({ tested: { state: 'failed', message: 'the SSH form is incomplete' } });
    const probe = await settle(() => portDoctor().diagnose.probe({ host: over.host, port: over.request.port }));
    const probed = probe.state === 'done' && probe.value.kind === 'ok' ? probe.value.data : null;
    const answer = await callWithQuestions(conn.host, (extra) => portDoctor().remote.verifyFix({ ...conn, ...extra, id }));
    set({ probed, tested: asPlainResult(answer, (d) => ({ kind: 'ok' as const, data: d.verify })) });
  },
  reset: () => set({ plan: IDLE, applied: IDLE, undone: IDLE, tested: IDLE, probed: null, over: null }),
}));
