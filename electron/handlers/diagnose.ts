import { checkPortHandler } from './check-port';
import { probeHandler } from './probe';
import { runHandler } from './run';
import type { HandlerTable } from './types';

/** `diagnose:*` handlers. */
export const diagnoseHandlers: Pick<HandlerTable, 'diagnose:check-port' | 'diagnose:probe' | 'diagnose:run'> = {
  'diagnose:check-port': checkPortHandler,
  'diagnose:probe': probeHandler,
  'diagnose:run': runHandler,
};
