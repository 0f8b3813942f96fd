import ipaddr from 'ipaddr.js';
import { isCidr, ipFamily, normalizeCidr } from '../../net/address';
import type { Scope } from './types';

/**
 * Every value that reaches an argv is checked here first. Names come from what the probe read and must
 * still fit a conservative alphabet: the firewall tools parse their own arguments, and a name with
 * quotes or spaces could change what they mean.
 */

const NFT_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const IPT_CHAIN = /^[A-Za-z0-9_.-]{1,28}$/;
const ZONE = /^[A-Za-z0-9_-]{1,17}$/;
// Windows rule names are free text; only characters that stay literal inside a PowerShell single-quoted string are let through.
const WINDOWS_RULE_NAME = /^[A-Za-z0-9 _.,:(){}@#+\-[\]]{1,200}$/;
const NFT_FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'] as const;

/** A port the planners accept: an integer from 1 to 65535. */
export function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** An nftables table or chain name. */
export function validNftName(name: string): boolean {
  return NFT_NAME.test(name);
}

/** An iptables chain name (at most 28 characters). */
export function validIptablesChain(name: string): boolean {
  return IPT_CHAIN.test(name);
}

/** A firewalld zone name. */
export function validZone(name: string): boolean {
  return ZONE.test(name);
}

/** A Windows firewall rule name that can be quoted safely. */
export function validWindowsRuleName(name: string): boolean {
  return WINDOWS_RULE_NAME.test(name);
}

/** Split an nft table reference (`inet filter`, or `filter`, which nft reads as family ip). */
export function parseNftTable(ref: string): { family: (typeof NFT_FAMILIES)[number]; name: string } | null {
  const parts = ref.trim().split(/\s+/);
  const [first, second] = parts;
  if (parts.length === 1 && first !== undefined && validNftName(first)) return { family: 'ip', name: first };
  const family = NFT_FAMILIES.find((f) => f === first);
  if (parts.length === 2 && family && second !== undefined && validNftName(second)) return { family, name: second };
  return null;
}

/** Parse the user's source scope: an address or CIDR (parsed, not pattern-matched); 0.0.0.0/0 and ::/0 mean anywhere. */
export function parseScope(given: string | undefined): Scope | null {
  if (given === undefined || given === 'any') return { text: 'any', family: null, any: true };
  if (!isCidr(given)) return null;
  // `::ffff:a.b.c.d` is an IPv4 client: an `ip6 saddr` rule for it would never match (issue #11).
  const source = normalizeCidr(given);
  const [addr = '', bits] = source.split('/');
  const family = ipFamily(addr);
  if (family === null) return null;
  if (bits !== undefined && Number(bits) === 0) return { text: 'any', family, any: true };
  const full = family === 4 ? 32 : 128;
  if (bits === undefined || Number(bits) === full) return { text: ipaddr.parse(addr).toString(), family, any: false };
  // Host bits are cleared (10.0.0.5/24 → 10.0.0.0/24): nft refuses them and the rule should say what it lets in.
  const network = family === 4 ? ipaddr.IPv4.networkAddressFromCIDR(source) : ipaddr.IPv6.networkAddressFromCIDR(source);
  return { text: `${network.toString()}/${bits}`, family, any: false };
}

/** The marker PortDoctor puts on every rule it adds (nft/iptables comment, ufw comment). */
export function markerOf(port: number, protocol: 'tcp' | 'udp'): string {
  return `PortDoctor:${port}/${protocol}`;
}
