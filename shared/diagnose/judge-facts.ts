import type { BindingFacts, CheckFacts, ServiceFacts } from './facts';
import { judgeLinuxReadings } from './judge-linux-facts';
import type { LinuxCheckReadings } from './judge-linux-facts';
import { judgeWindowsReadings } from './judge-windows-facts';
import type { WindowsCheckReadings } from './judge-windows-facts';

/** What a platform's probes read for one check: facts, with the firewall as read (rulesets, profiles), not yet judged. */
export type CheckReadings = LinuxCheckReadings | WindowsCheckReadings;

/** The engine's first half: the readings judged into the facts steps 1–3 are decided from (the firewall's verdict). Pure. */
export function judgeCheckFacts(r: CheckReadings): CheckFacts {
  return r.platform === 'linux' ? judgeLinuxReadings(r) : judgeWindowsReadings(r);
}

/**
 * A check's readings as they arrive: what step 2 (binding) and step 1 (service) are judged from, each as soon as it is
 * read, and the whole (step 3 and the verdict). The stages may finish in any order; each is part of the whole.
 */
export interface CheckStages<R extends CheckReadings = CheckReadings> {
  binding: Promise<BindingFacts>;
  service: Promise<ServiceFacts>;
  all: Promise<R>;
}
