import type { FirewallVerdict } from '../../../../shared/firewall/types';
import type { FixContext } from '../../../../shared/firewall/plan';

/** A context for a firewall cause with the given verdict. */
export function ctxWith(verdict: FirewallVerdict, extra: Partial<FixContext> = {}): FixContext {
  return {
    id: 'plan-1',
    cause: verdict.decision === 'reject' ? 'host-firewall-reject' : 'host-firewall-drop',
    platform: 'linux',
    inCharge: verdict.backend,
    verdict,
    ...extra,
  };
}
