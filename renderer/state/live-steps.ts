import type { Step, StepId } from '../../shared/schemas/report';

/** Steps that finished while a run streams, by id; `running` for those that started but have not finished. */
export type LiveSteps = Partial<Record<StepId, Step | 'running'>>;
