import ipaddr from 'ipaddr.js';
import { cidrContains, isIp } from '../../net/address';
import type { WindowsInterfaceType, WindowsListenerIdentity } from './types';

/** A Windows filter's answer: matches, does not (and why, for the verdict's notes), or cannot be told statically (and why). The netfilter evaluators' `Tri` is ../tri.ts. */
export type WinMatch = { m: 'yes' } | { m: 'no'; why?: string } | { m: 'unknown'; why: string };

const YES: WinMatch = { m: 'yes' };
const no = (why?: string): WinMatch => (why === undefined ? { m: 'no' } : { m: 'no', why });
const unknown = (why: string): WinMatch => ({ m: 'unknown', why });

/** All filters must match: one `no` decides, then any `unknown`. */
export function allOf(results: WinMatch[]): WinMatch {
  return results.find((r) => r.m === 'no') ?? results.find((r) => r.m === 'unknown') ?? YES;
}

const isAny = (values: readonly string[]): boolean =>
  values.length === 0 || values.some((v) => v.trim().toLowerCase() === 'any' || v.trim() === '*');

/** Rule protocol vs the packet's: `Any`, names, or IANA numbers as text. */
export function matchProtocol(ruleProtocol: string, protocol: 'tcp' | 'udp'): WinMatch {
  const p = ruleProtocol.trim().toLowerCase();
  if (p === '' || p === 'any' || p === '256') return YES;
  if (p === protocol || p === (protocol === 'tcp' ? '6' : '17')) return YES;
  return no();
}

/**
 * Local port filter. Keywords (`RPC`, `RPCEPMap`, `IPHTTPSIn`, `Teredo`, `PlayToDiscovery`, …) stand
 * for ports Windows assigns at run time; they never match a plain service port.
 */
export function matchPort(values: readonly string[], port: number): WinMatch {
  if (isAny(values)) return YES;
  for (const raw of values) {
    const v = raw.trim();
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(v);
    if (range && port >= Number(range[1]) && port <= Number(range[2])) return YES;
    if (/^\d+$/.test(v) && Number(v) === port) return YES;
  }
  return no();
}

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'];
const PRIVATE_V6 = ['fc00::/7', 'fe80::/10'];
const isPrivate = (ip: string): boolean => [...PRIVATE_V4, ...PRIVATE_V6].some((c) => cidrContains(c, ip));

/** `a.b.c.d/255.255.255.0` → prefix length; null when the mask is not contiguous. */
function maskToBits(mask: string): number | null {
  if (!ipaddr.IPv4.isValidFourPartDecimal(mask)) return null;
  try {
    return ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
  } catch {
    return null;
  }
}

/** `a-b` address range, compared as numbers of the same family. */
function inRange(lo: string, hi: string, ip: string): boolean {
  if (!isIp(lo) || !isIp(hi) || !isIp(ip)) return false;
  const bytes = (a: string) => ipaddr.parse(a).toByteArray();
  const [l, h, x] = [bytes(lo), bytes(hi), bytes(ip)];
  if (l.length !== x.length || h.length !== x.length) return false;
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  return cmp(l, x) <= 0 && cmp(x, h) <= 0;
}

/** One address-filter entry against one address. */
function matchAddressEntry(entry: string, ip: string, localSubnets: readonly string[]): WinMatch {
  const e = entry.trim();
  const key = e.toLowerCase();
  const inLocalSubnet = localSubnets.some((c) => cidrContains(c, ip));
  if (localSubnets.length === 0 && /^(localsubnet[46]?|internet|intranet)$/.test(key))
    return unknown(`the ${e} keyword depends on this host's subnets, which were not read`);
  if (key === 'localsubnet' || key === 'localsubnet4' || key === 'localsubnet6') {
    if (key === 'localsubnet4' && ip.includes(':')) return no();
    if (key === 'localsubnet6' && !ip.includes(':')) return no();
    return inLocalSubnet ? YES : no();
  }
  if (key === 'internet') {
    if (inLocalSubnet) return no();
    return isPrivate(ip) ? unknown(`whether ${ip} counts as Internet depends on the host's intranet definition`) : YES;
  }
  if (key === 'intranet') {
    if (inLocalSubnet) return YES;
    return isPrivate(ip) ? unknown(`whether ${ip} counts as Intranet depends on the host's network isolation settings`) : no();
  }
  if (
    ['dns', 'dhcp', 'wins', 'defaultgateway', 'dns4', 'dns6', 'dhcp4', 'dhcp6', 'wins4', 'defaultgateway4', 'defaultgateway6'].includes(key)
  ) {
    return unknown(`the ${e} keyword stands for this host's configured servers, which were not read`);
  }
  const dash = e.indexOf('-');
  if (dash > 0 && !e.includes('/')) return inRange(e.slice(0, dash), e.slice(dash + 1), ip) ? YES : no();
  const slash = e.indexOf('/');
  if (slash > 0) {
    const addr = e.slice(0, slash);
    const mask = e.slice(slash + 1);
    const bits = /^\d+$/.test(mask) ? Number(mask) : maskToBits(mask);
    if (bits === null) return unknown(`address filter ${e} is not a form PortDoctor reads`);
    return cidrContains(`${addr}/${bits}`, ip) ? YES : no();
  }
  if (isIp(e)) return cidrContains(e, ip) ? YES : no();
  return unknown(`address filter ${e} is not a form PortDoctor reads`);
}

/** Remote or local address filter: any entry matching is enough. */
export function matchAddresses(values: readonly string[], ip: string, localSubnets: readonly string[]): WinMatch {
  if (isAny(values)) return YES;
  const results = values.map((v) => matchAddressEntry(v, ip, localSubnets));
  return results.find((r) => r.m === 'yes') ?? results.find((r) => r.m === 'unknown') ?? no();
}

const DEFAULT_ENV: Record<string, string> = {
  systemroot: 'C:\\Windows',
  windir: 'C:\\Windows',
  systemdrive: 'C:',
  programfiles: 'C:\\Program Files',
  'programfiles(x86)': 'C:\\Program Files (x86)',
  programdata: 'C:\\ProgramData',
  programw6432: 'C:\\Program Files',
};

/** Expand `%VAR%` (case-insensitive) and normalise case and slashes; null when a variable is unknown. */
export function normalizeProgramPath(path: string, env: Record<string, string> = {}): string | null {
  const lowerEnv: Record<string, string> = { ...DEFAULT_ENV };
  for (const [k, v] of Object.entries(env)) lowerEnv[k.toLowerCase()] = v;
  let unknownVar = false;
  const expanded = path.replace(/%([^%]+)%/g, (_m, name: string) => {
    const value = lowerEnv[name.toLowerCase()];
    if (value === undefined) unknownVar = true;
    return value ?? '';
  });
  if (unknownVar) return null;
  return expanded.replace(/\//g, '\\').replace(/\\+/g, '\\').trim().toLowerCase();
}

/** Program filter: a program rule matches only that exact executable path. */
export function matchProgram(rule: string, listener: WindowsListenerIdentity | undefined, env?: Record<string, string>): WinMatch {
  if (isAny([rule])) return YES;
  if (!listener?.program) {
    // A path ending in another file name cannot be the listener's, whatever its folder.
    const file = rule.split(/[\\/]/).pop()?.toLowerCase();
    if (listener?.name && file && file !== listener.name.toLowerCase())
      return no(`the rule is for ${rule}, and the listener is ${listener.name}`);
    return unknown(`the rule is for program ${rule}, and the listener's program path is not known (run elevated to read it)`);
  }
  const want = normalizeProgramPath(rule, env);
  if (want === null) return unknown(`the rule's program path ${rule} uses an environment variable that was not read`);
  const have = normalizeProgramPath(listener.program, env);
  return want === have ? YES : no(`the rule is for ${rule}, but the listener runs ${listener.program}`);
}

/** Service filter: `*` is any service, a name is that service only. */
export function matchService(rule: string, listener: WindowsListenerIdentity | undefined): WinMatch {
  const r = rule.trim();
  if (r === '' || r.toLowerCase() === 'any') return YES;
  // Service membership comes with the process list (Win32_Service), so a known process without one hosts no service.
  if (!listener || (!listener.program && !listener.service && !listener.name))
    return unknown(`the rule is for service ${r}, and the listener's service is not known`);
  if (r === '*') return listener.service ? YES : no('the rule applies to services only, and the listener is not a service');
  return listener.service?.toLowerCase() === r.toLowerCase() ? YES : no(`the rule is for service ${r}`);
}

/** Interface-type filter against the type of the packet's input interface. */
export function matchInterfaceType(
  rule: 'any' | WindowsInterfaceType[],
  iif: string | undefined,
  types: Record<string, WindowsInterfaceType> | undefined,
): WinMatch {
  if (rule === 'any' || rule.length === 0) return YES;
  const type = iif === undefined ? undefined : types?.[iif];
  if (type === undefined) return unknown(`the rule applies to ${rule.join(', ')} interfaces only, and the interface type is not known`);
  return rule.includes(type) ? YES : no(`the rule applies to ${rule.join(', ')} interfaces only, and ${iif ?? 'the interface'} is ${type}`);
}
