import { firewallFixHandlers } from './firewall-fix';
import { firewallStatusHandler } from './firewall-status';
import type { HandlerTable } from './types';

/** `firewall:*` handlers. */
export const firewallHandlers: Pick<HandlerTable, 'firewall:status' | 'firewall:plan-fix' | 'firewall:apply-fix' | 'firewall:undo-fix'> = {
  'firewall:status': firewallStatusHandler,
  ...firewallFixHandlers,
};
