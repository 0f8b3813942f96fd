import { firewallFixHandlers } from './firewall-fix';
import { listFixesHandler } from './firewall-list-fixes';
import { firewallStatusHandler } from './firewall-status';
import { createWfpAuditHandlers } from './firewall-wfp-audit';
import type { HandlerTable } from './types';

/** `firewall:*` handlers. */
export const firewallHandlers: Pick<
  HandlerTable,
  | 'firewall:status'
  | 'firewall:plan-fix'
  | 'firewall:apply-fix'
  | 'firewall:undo-fix'
  | 'firewall:list-fixes'
  | 'firewall:verify-fix'
  | 'firewall:plan-wfp-audit'
  | 'firewall:wfp-audit'
  | 'firewall:end-wfp-audit'
> = {
  'firewall:status': firewallStatusHandler,
  'firewall:list-fixes': listFixesHandler,
  ...firewallFixHandlers,
  ...createWfpAuditHandlers(),
};
