import { notYet } from './not-yet';
import type { HandlerTable } from './types';

/** `diagnose:*` handlers. */
export const diagnoseHandlers: Pick<HandlerTable, 'diagnose:check-port' | 'diagnose:probe' | 'diagnose:run'> = {
  'diagnose:check-port': async () => notYet('Checking a port (steps 1–3)', 3),
  'diagnose:probe': async () => notYet('The client probe (step 4)', 4),
  'diagnose:run': async () => notYet('The five-step run', 4),
};
