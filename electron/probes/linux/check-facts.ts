import type { CheckFacts } from '../../../shared/diagnose/facts';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';

/** Gather every fact the check engine needs on Linux (issue #3 fills this in). */
export async function readLinuxCheckFacts(_runner: Runner, target: CheckFacts['target']): Promise<CheckFacts> {
  const none = unavailable('not-implemented', 'Linux probes arrive with issue #3.');
  return { platform: 'linux', target, listeners: none, addresses: none, firewall: none };
}
