import type { CheckFacts } from '../../../shared/diagnose/facts';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';

/** Gather every fact the check engine needs on Windows (issue #5 fills this in). */
export async function readWindowsCheckFacts(_runner: Runner, target: CheckFacts['target']): Promise<CheckFacts> {
  const none = unavailable('not-implemented', 'Windows probes arrive with issue #5.');
  return { platform: 'win32', target, listeners: none, addresses: none, firewall: none };
}
