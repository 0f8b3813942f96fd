import ipaddr from 'ipaddr.js';
import type { Result } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { runConsole } from './console';
import { parseConnectionProfiles, parseIpAddresses } from './parse-interfaces';
import type { WindowsInterfaces } from '../../../shared/firewall/windows/readings';
import { WINDOWS_SOURCES } from './sources';

const isLoopbackOrLinkLocal = (a: string): boolean => a.startsWith('127.') || a === '::1' || /^fe80:/i.test(a) || a.startsWith('169.254.');

/** The network part of an address as a CIDR (`192.168.1.10/24` → `192.168.1.0/24`). */
export function subnetOf(address: string, prefix: number): string | null {
  if (!ipaddr.isValid(address)) return null;
  const bytes = ipaddr.parse(address).toByteArray();
  const masked = bytes.map((b, i) => b & ((0xff << (8 - Math.max(0, Math.min(8, prefix - i * 8)))) & 0xff));
  return `${ipaddr.fromByteArray(masked).toString()}/${prefix}`;
}

/** `Get-NetIPAddress` joined with `Get-NetConnectionProfile` on the interface index. */
export async function readWindowsInterfaces(runner: Runner, codePage: number | null): Promise<Result<WindowsInterfaces>> {
  const addrText = await runConsole(runner, WINDOWS_SOURCES.ipAddresses, codePage);
  if (addrText.kind !== 'ok') return addrText;
  const parsed = parseIpAddresses(addrText.data.stdout, addrText.data.stderr);
  if (parsed.kind !== 'ok') return parsed;
  const notes: string[] = [];
  const profText = await runConsole(runner, WINDOWS_SOURCES.connectionProfiles, codePage);
  const profiles = profText.kind === 'ok' ? parseConnectionProfiles(profText.data.stdout, profText.data.stderr) : profText;
  if (profiles.kind !== 'ok') notes.push(`interface profiles unknown: ${profiles.detail}`);
  const byIndex = new Map((profiles.kind === 'ok' ? profiles.data : []).map((p) => [p.interfaceIndex, p]));
  const addresses = parsed.data.map((a) => {
    const profile = byIndex.get(a.interfaceIndex)?.profile;
    return profile ? { ...a, profile } : a;
  });
  const localSubnets: string[] = [];
  for (const a of addresses) {
    const subnet = isLoopbackOrLinkLocal(a.address) ? null : subnetOf(a.address, a.prefixLength);
    if (subnet) localSubnets.push(subnet);
  }
  return { kind: 'ok', data: { addresses, profiles: profiles.kind === 'ok' ? profiles.data : [], localSubnets, notes } };
}
