import { notYet } from './not-yet';
import type { CallHandler } from './types';

/** `diagnose:check-port`: steps 1–3 on this host (or the replayed one). */
export const checkPortHandler: CallHandler<'diagnose:check-port'> = async () => notYet('Checking a port (steps 1–3)', 3);
