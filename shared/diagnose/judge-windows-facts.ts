import type { CheckFacts } from './facts';
import { judgeThirdPartyFiltering } from '../firewall/windows/judge-third-party';
import type { ThirdPartyReadings } from '../firewall/windows/judge-third-party';
import { listenerIdentity, windowsFirewallFacts } from '../firewall/windows/judge-windows';
import type { WindowsFirewallRead, WindowsInterfaces, WindowsProcess } from '../firewall/windows/readings';
import type { Result } from '../schemas/common';

/** What the Windows probes read for one check (electron/probes/windows/check-facts.ts): the firewall as read, not yet judged. */
export interface WindowsCheckReadings extends Omit<CheckFacts, 'platform' | 'firewall'> {
  platform: 'win32';
  /** Profiles, inbound rules and adapter types. */
  firewall: Result<WindowsFirewallRead>;
  /** Addresses with their network profiles (empty when they could not be read: the profile is then unknown). */
  interfaces: WindowsInterfaces;
  /** The processes behind the sockets, with the services each hosts (null when they could not be read). */
  processes: Map<number, WindowsProcess> | null;
  /** Security products and Filtering Platform drops (read when the firewall could be read). */
  thirdParty?: ThirdPartyReadings;
}

/** The Windows readings judged: Windows Firewall's verdict for the SYN, then what other filtering software drops. */
export function judgeWindowsReadings(r: WindowsCheckReadings): CheckFacts {
  const { interfaces, processes, thirdParty, ...rest } = r;
  const identity = r.listeners.kind === 'ok' ? listenerIdentity(r.listeners.data, processes) : undefined;
  const firewall: CheckFacts['firewall'] =
    r.firewall.kind !== 'ok' ? r.firewall : { kind: 'ok', data: windowsFirewallFacts(r.firewall.data, interfaces, r.target, identity) };
  if (firewall.kind === 'ok' && thirdParty)
    judgeThirdPartyFiltering(thirdParty, firewall.data, r.target, processes, r.privilege?.elevated ?? null);
  return { ...rest, firewall };
}
