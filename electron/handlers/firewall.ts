import { notYet } from './not-yet';
import type { HandlerTable } from './types';

/** `firewall:*` handlers. */
export const firewallHandlers: Pick<HandlerTable, 'firewall:status' | 'firewall:plan-fix' | 'firewall:apply-fix' | 'firewall:undo-fix'> = {
  'firewall:status': async () => notYet('Firewall evaluation', 3),
  'firewall:plan-fix': async () => notYet('Planning a firewall fix', 6),
  'firewall:apply-fix': async () => notYet('Applying a firewall fix', 6),
  'firewall:undo-fix': async () => notYet('Undoing a firewall fix', 6),
};
