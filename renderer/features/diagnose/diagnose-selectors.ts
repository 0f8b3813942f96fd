import type { CheckReport, Step, StepId } from '../../../shared/schemas/report';
import type { Result } from '../../../shared/schemas/common';
import type { ShownStatus } from '../../components/status-badge';
import type { Remote } from '../../state/remote';
import type { LiveSteps } from '../../state/live-steps';

/**
 * The five steps in order. The same list as STEP_IDS in shared/schemas/report.ts, repeated here because importing
 * that module would pull zod into the renderer bundle (a unit test keeps the two equal).
 */
export const STEP_ORDER = ['service', 'binding', 'firewall', 'client', 'packets'] as const satisfies readonly StepId[];

/** One row of the five-step list: always five, so the layout does not jump when answers arrive. */
export interface StepRow {
  id: StepId;
  status: ShownStatus;
  step: Step | null;
}

/**
 * The five rows for the current check: while waiting, each finished step shows its status as it streams in and the
 * rest show `running`; once answered, the report's steps; after a cancel or an unavailable answer, the steps that
 * finished keep their status and the rest stay `pending`.
 */
export function selectStepRows(check: Remote<Result<CheckReport>>, live: LiveSteps = {}): StepRow[] {
  const report = check.state === 'done' && check.value.kind === 'ok' ? check.value.data : null;
  return STEP_ORDER.map((id) => {
    const streamed = live[id];
    const finished = streamed && streamed !== 'running' ? streamed : null;
    if (check.state === 'loading')
      return finished ? { id, status: finished.status, step: finished } : { id, status: 'running', step: null };
    const step = report ? (report.steps.find((s) => s.id === id) ?? null) : finished;
    // A step the report leaves out was not checked; it is shown as such, never as a pass.
    return { id, status: step ? step.status : 'pending', step };
  });
}
