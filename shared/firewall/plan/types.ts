import type { Cause, Result } from '../../schemas/common';
import type { FixPlan } from '../../schemas/firewall';
import type { Socket } from '../../schemas/ports';
import type { FirewallVerdict } from '../types';

/** Windows firewall profiles a rule may apply to. */
export type WindowsProfile = 'domain' | 'private' | 'public';

/** What the user chose: port, protocol, who may connect, and (Windows) which profiles. */
export interface FixChoices {
  port: number;
  protocol: 'tcp' | 'udp';
  /** An address or CIDR; `0.0.0.0/0` / `::/0` mean anywhere. Absent: the client's address, else anywhere (with a warning). */
  source?: string;
  profiles?: WindowsProfile[];
  /** Save the change where the distro keeps its ruleset too (default true). */
  persist?: boolean;
}

/** What the probes read that the planners need: the verdict and the names the change may refer to. */
export interface FixContext {
  /** A stable id for the plan (chosen by the caller: the store that keeps it). */
  id: string;
  cause: Cause;
  platform: 'linux' | 'win32' | 'darwin';
  inCharge: FirewallVerdict['backend'] | 'none' | 'unknown';
  verdict: FirewallVerdict | null;
  /** The client's address from the check (`--source` of check), used when the user gave no scope. */
  clientAddress?: string;
  /** firewalld: zones as read by the probe, with their interfaces and sources. */
  firewalldZones?: { name: string; interfaces: string[]; sources: string[]; default?: boolean }[];
  /** The interface the client's packets come in on, when known. */
  clientInterface?: string;
  /** Windows: the profiles of the interfaces the client can come in on. */
  activeProfiles?: WindowsProfile[];
  /** iptables: how this distro persists its rules, when the probe found one. */
  iptablesPersistence?: 'netfilter-persistent' | 'iptables-service' | 'none';
  /** Listening sockets on the port, for guided fixes that name the holder. */
  listeners?: Socket[];
  createdAt?: string;
}

/** A planner's answer: a plan, or why no safe plan can be built. */
export type PlanResult = Result<FixPlan>;

/** The validated scope a rule lets in. */
export interface Scope {
  /** `any`, or a canonical address / CIDR. */
  text: string;
  family: 4 | 6 | null;
  any: boolean;
}
