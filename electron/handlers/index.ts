import { captureHandlers } from './capture';
import { diagnoseHandlers } from './diagnose';
import { firewallHandlers } from './firewall';
import { portActionHandlers } from './port-actions';
import { portsHandlers } from './ports';
import { remoteHandlers } from './remote';
import { reportsHandlers } from './reports';
import { systemHandlers } from './system';
import type { HandlerTable } from './types';

/** Every channel's handler, registered per domain. */
export function createHandlers(): HandlerTable {
  return {
    ...systemHandlers,
    ...portsHandlers,
    ...portActionHandlers,
    ...diagnoseHandlers,
    ...captureHandlers,
    ...firewallHandlers,
    ...reportsHandlers,
    ...remoteHandlers,
  };
}
