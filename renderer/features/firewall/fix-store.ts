import { create } from 'zustand';
import type { Result } from '../../../shared/schemas/common';
import type { FixPlan, FixResult, UndoResult } from '../../../shared/schemas/firewall';
import { portDoctor } from '../../api/port-doctor';
import { IDLE, createTicketer, settle } from '../../state/remote';
import type { Remote } from '../../state/remote';

interface FixState {
  plan: Remote<Result<FixPlan>>;
  applied: Remote<Result<FixResult>>;
  undone: Remote<Result<UndoResult>>;
  makePlan(request: { port: number; source?: string }): Promise<void>;
  apply(plan: FixPlan, confirmDisableBlockRule: boolean): Promise<void>;
  undo(id: string): Promise<void>;
  reset(): void;
}

const tickets = createTicketer();

/** The firewall fix flow: preview a plan (changes nothing), apply it only after confirmation, undo it by id. */
export const useFixStore = create<FixState>((set) => ({
  plan: IDLE,
  applied: IDLE,
  undone: IDLE,
  makePlan: async (request) => {
    const ticket = tickets.next();
    set({ plan: { state: 'loading' }, applied: IDLE, undone: IDLE });
    const plan = await settle(() => portDoctor().firewall.planFix(request));
    if (tickets.isLatest(ticket)) set({ plan });
  },
  apply: async (plan, confirmDisableBlockRule) => {
    set({ applied: { state: 'loading' }, undone: IDLE });
    // `confirmed: true` is sent only from the confirm dialog's button; the handler refuses without it.
    const request = plan.separateConfirmation
      ? { planId: plan.id, confirmed: true as const, ...(confirmDisableBlockRule ? { confirmDisableBlockRule: true as const } : {}) }
      : { planId: plan.id, confirmed: true as const };
    set({ applied: await settle(() => portDoctor().firewall.applyFix(request)) });
  },
  undo: async (id) => {
    set({ undone: { state: 'loading' } });
    set({ undone: await settle(() => portDoctor().firewall.undoFix({ id })) });
  },
  reset: () => set({ plan: IDLE, applied: IDLE, undone: IDLE }),
}));
