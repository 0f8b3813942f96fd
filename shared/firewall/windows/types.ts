/**
 * Windows Defender Firewall state as the evaluator needs it: profiles and inbound rules from the
 * ActiveStore (local, Group Policy and dynamic rules merged), already decoded from PowerShell's
 * enum numbers by the probes' parsers.
 */

/** The three firewall profiles; each network interface is in exactly one. */
export type WindowsProfileName = 'domain' | 'private' | 'public';

/** The interface types a rule's InterfaceType filter names. */
export type WindowsInterfaceType = 'wired' | 'wireless' | 'remote-access';

/** One profile's effective settings (NotConfigured already resolved to the Windows default). */
export interface WindowsFirewallProfile {
  name: WindowsProfileName;
  /** False when the firewall is off for this profile. */
  enabled: boolean;
  /** NotConfigured means block for inbound. */
  defaultInboundAction: 'allow' | 'block';
  /** False when Group Policy says only GPO-store rules count ("N/A (GPO-store only)"). */
  allowLocalFirewallRules: boolean;
  /** False is "Block all incoming connections, including those in the list of allowed apps". */
  allowInboundRules: boolean;
}

/** Where a rule comes from; `local` rules stop counting when AllowLocalFirewallRules is False. */
export type WindowsRuleStoreType = 'local' | 'group-policy' | 'dynamic' | 'other';

/** One firewall rule with its port, address, application, service and interface-type filters. */
export interface WindowsFirewallRule {
  /** The unique rule name (InstanceID). */
  name: string;
  displayName: string;
  group?: string;
  enabled: boolean;
  direction: 'inbound' | 'outbound';
  action: 'allow' | 'block';
  /** `any` or the profiles the rule applies to. */
  profiles: 'any' | WindowsProfileName[];
  /** PolicyStoreSource as printed (`PersistentStore`, `contoso.com\FirewallGPO`, …). */
  store: string;
  storeType: WindowsRuleStoreType;
  /** `Any`, `TCP`, `UDP`, `ICMPv4`, or a protocol number as text. */
  protocol: string;
  /** `Any`, ports, ranges `a-b`, or keywords (`RPC`, `RPCEPMap`, `IPHTTPSIn`, …). */
  localPorts: string[];
  /** `Any`, addresses, `a/mask`, `a-b` ranges, or keywords (`LocalSubnet`, `Internet`, …). */
  remoteAddresses: string[];
  localAddresses: string[];
  /** `Any` or a full program path (may hold `%SystemRoot%`-style variables). */
  program: string;
  /** `Any`, `*` (every service) or a service short name. */
  service: string;
  interfaceTypes: 'any' | WindowsInterfaceType[];
  /** A package SID: the rule applies to that packaged app only. */
  owner?: string;
  /**
   * Set on an allow rule whose security filter lets in only IPsec-authenticated peers ("allow if secure":
   * Authentication/Encryption Required, OverrideBlockRules, remote users or machines): what it requires.
   */
  authenticatedOnly?: string;
  /** Set when the rule's filters could not be joined to it unambiguously (a duplicate InstanceID): why. */
  ambiguous?: string;
}

/** Everything the evaluator reads. */
export interface WindowsFirewallState {
  profiles: WindowsFirewallProfile[];
  /** Rules from the ActiveStore; outbound and disabled ones are ignored (disabled ones may be named in notes). */
  rules: WindowsFirewallRule[];
  /** The local subnets (CIDRs of the host's own addresses), for the `LocalSubnet` keyword. */
  localSubnets: string[];
  /** Interface type per interface name (alias), for rules filtered by interface type. */
  interfaceTypes?: Record<string, WindowsInterfaceType>;
  /** Environment values for expanding rule program paths; Windows defaults are used for the common ones. */
  env?: Record<string, string>;
}

/** The process behind the listener, for program and service rules. */
export interface WindowsListenerIdentity {
  program?: string;
  service?: string;
  /** The image name (`node.exe`): visible even when the path is not (another user's process, not elevated). */
  name?: string;
}
