import { unavailable } from '../../shared/schemas/common';
import type { Unavailable } from '../../shared/schemas/common';

/** The honest answer of a channel whose engine has not landed yet. */
export function notYet(what: string, issue: number): Unavailable {
  return unavailable('not-implemented', `${what} arrives with issue #${issue}.`);
}
