import { notYet } from './not-yet';
import type { StreamHandler } from './types';

/** `diagnose:run`: the five steps with live progress. */
export const runHandler: StreamHandler<'diagnose:run'> = async () => notYet('The five-step run', 4);
