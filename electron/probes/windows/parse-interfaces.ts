import type { WindowsInterfaceType, WindowsProfileName } from '../../../shared/firewall/windows/types';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { ConnectionProfile, WindowsAddress } from '../../../shared/firewall/windows/readings';
import { parsePowerShellJson, psNumber, psString } from '../../../shared/firewall/windows/parse-powershell-json';

/** NetworkCategory: Public 0, Private 1, DomainAuthenticated 2. */
function category(value: unknown): WindowsProfileName | null {
  const n = psNumber(value);
  const s = psString(value)?.toLowerCase();
  if (n === 0 || s === 'public') return 'public';
  if (n === 1 || s === 'private') return 'private';
  if (n === 2 || s === 'domainauthenticated') return 'domain';
  return null;
}

/** `Get-NetConnectionProfile` JSON → the firewall profile of each connected interface. */
export function parseConnectionProfiles(text: string, stderr = ''): Result<ConnectionProfile[]> {
  const json = parsePowerShellJson(text, stderr);
  if (json.kind !== 'ok') return json;
  const out: ConnectionProfile[] = [];
  for (const o of json.data) {
    const profile = category(o.NetworkCategory);
    const interfaceIndex = psNumber(o.InterfaceIndex);
    if (profile === null || interfaceIndex === undefined)
      return unavailable('unparseable', `Get-NetConnectionProfile: unknown NetworkCategory ${JSON.stringify(o.NetworkCategory)}`);
    const p: ConnectionProfile = { interfaceAlias: psString(o.InterfaceAlias) ?? `#${interfaceIndex}`, interfaceIndex, profile };
    const network = psString(o.Name);
    if (network) p.network = network;
    out.push(p);
  }
  return { kind: 'ok', data: out };
}

/** `Get-NetIPAddress` JSON (AddressFamily IPv4 2, IPv6 23) → addresses; zones are stripped. */
export function parseIpAddresses(text: string, stderr = ''): Result<WindowsAddress[]> {
  const json = parsePowerShellJson(text, stderr);
  if (json.kind !== 'ok') return json;
  const out: WindowsAddress[] = [];
  for (const o of json.data) {
    const address = psString(o.IPAddress)?.replace(/%.*$/, '');
    const af = psNumber(o.AddressFamily);
    const family = af === 2 || o.AddressFamily === 'IPv4' ? 4 : af === 23 || o.AddressFamily === 'IPv6' ? 6 : null;
    const interfaceIndex = psNumber(o.InterfaceIndex);
    const prefixLength = psNumber(o.PrefixLength);
    if (!address || family === null || interfaceIndex === undefined || prefixLength === undefined) {
      return unavailable('unparseable', `Get-NetIPAddress: an address without IPAddress, AddressFamily, InterfaceIndex or PrefixLength`);
    }
    out.push({ interface: psString(o.InterfaceAlias) ?? `#${interfaceIndex}`, address, family, interfaceIndex, prefixLength });
  }
  return { kind: 'ok', data: out };
}

/** `Get-NetAdapter` JSON → interface type by alias (NdisPhysicalMedium: 802.3 = 14, Native 802.11 = 9, WWAN = 8). */
export function parseAdapterTypes(text: string, stderr = ''): Record<string, WindowsInterfaceType> {
  const json = parsePowerShellJson(text, stderr);
  const out: Record<string, WindowsInterfaceType> = {};
  for (const o of json.kind === 'ok' ? json.data : []) {
    const alias = psString(o.InterfaceAlias) ?? psString(o.Name);
    const medium = psNumber(o.NdisPhysicalMedium);
    if (!alias) continue;
    if (medium === 14) out[alias] = 'wired';
    else if (medium === 9 || medium === 8) out[alias] = 'wireless';
  }
  return out;
}
