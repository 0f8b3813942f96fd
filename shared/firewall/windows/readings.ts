import type { WindowsFirewallState, WindowsProfileName } from './types';

// What the Windows probes read (electron/probes/windows/), as the engine judges it: the firewall's state and rules,
// the interfaces with their network profiles, the processes behind the sockets.

/** An interface's network as Get-NetConnectionProfile shows it. */
export interface ConnectionProfile {
  interfaceAlias: string;
  interfaceIndex: number;
  profile: WindowsProfileName;
  network?: string;
}

/** A local address with its prefix (for `LocalSubnet`) and interface index. */
export interface WindowsAddress {
  interface: string;
  address: string;
  family: 4 | 6;
  /** The firewall profile of the interface's network. */
  profile?: WindowsProfileName;
  interfaceIndex: number;
  prefixLength: number;
}

/** Local addresses with the firewall profile of their interface, and the local subnets. */
export interface WindowsInterfaces {
  addresses: WindowsAddress[];
  profiles: ConnectionProfile[];
  localSubnets: string[];
  notes: string[];
}

/** A process as Win32_Process and Win32_Service describe it. */
export interface WindowsProcess {
  pid: number;
  name?: string;
  path?: string;
  command?: string;
  services: string[];
}

/** The firewall state for the evaluator, rules that could not be read, and why no rules were read at all. */
export interface WindowsFirewallRead {
  state: WindowsFirewallState;
  skippedRules: string[];
  /** Set when only the profiles are known (PowerShell failed): only "firewall off" or "block all" can then be told. */
  rulesUnread?: string;
  /** Where the rules came from; with `netsh`, why PowerShell could not read them. */
  rulesSource?: { kind: 'powershell' } | { kind: 'netsh'; why: string };
}
