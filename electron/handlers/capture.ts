import { notYet } from './not-yet';
import type { HandlerTable } from './types';

/** `capture:*` handlers. */
export const captureHandlers: Pick<HandlerTable, 'capture:watch'> = {
  'capture:watch': async () => notYet('Packet capture (step 5)', 4),
};
