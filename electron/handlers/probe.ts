import { notYet } from './not-yet';
import type { CallHandler } from './types';

/** `diagnose:probe`: step 4 from this machine as the client. */
export const probeHandler: CallHandler<'diagnose:probe'> = async () => notYet('The client probe (step 4)', 4);
