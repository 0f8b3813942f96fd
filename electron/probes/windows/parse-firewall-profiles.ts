import type { WindowsFirewallProfile, WindowsProfileName } from '../../../shared/firewall/windows/types';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import { parsePowerShellJson, psNumber, psString } from '../../../shared/firewall/windows/parse-powershell-json';
import type { PsObject } from '../../../shared/firewall/windows/parse-powershell-json';

/** GpoBoolean as ConvertTo-Json prints it: False 0, True 1, NotConfigured 2 (pwsh -EnumsAsStrings: names). */
function gpoBoolean(value: unknown, notConfigured: boolean): boolean | null {
  const n = psNumber(value);
  if (n === 0 || value === false || value === 'False') return false;
  if (n === 1 || value === true || value === 'True') return true;
  if (n === 2 || value === 'NotConfigured') return notConfigured;
  return null;
}

/** DefaultInboundAction: NotConfigured 0 (effective Block), Allow 2, Block 4. */
function inboundAction(value: unknown): 'allow' | 'block' | null {
  const n = psNumber(value);
  if (n === 2 || value === 'Allow') return 'allow';
  if (n === 4 || n === 0 || value === 'Block' || value === 'NotConfigured') return 'block';
  return null;
}

/** Profile name: `Domain`/`Private`/`Public` as text (the Name property is a string, not an enum). */
export function profileName(value: unknown): WindowsProfileName | null {
  const s = psString(value)?.trim().toLowerCase();
  return s === 'domain' || s === 'private' || s === 'public' ? s : null;
}

function parseProfile(o: PsObject): WindowsFirewallProfile | string {
  const name = profileName(o.Name ?? o.Profile);
  if (!name) return `a profile without a known Name (${JSON.stringify(o.Name ?? null)})`;
  const enabled = gpoBoolean(o.Enabled, true);
  const defaultInboundAction = inboundAction(o.DefaultInboundAction);
  const allowLocalFirewallRules = gpoBoolean(o.AllowLocalFirewallRules, true);
  const allowInboundRules = gpoBoolean(o.AllowInboundRules, true);
  if (enabled === null || defaultInboundAction === null || allowLocalFirewallRules === null || allowInboundRules === null) {
    return `the ${name} profile has values PortDoctor does not know (Enabled ${JSON.stringify(o.Enabled)}, DefaultInboundAction ${JSON.stringify(o.DefaultInboundAction)})`;
  }
  return { name, enabled, defaultInboundAction, allowLocalFirewallRules, allowInboundRules };
}

/** `Get-NetFirewallProfile -PolicyStore ActiveStore` JSON → the three profiles' effective settings. */
export function parseFirewallProfiles(text: string, stderr = ''): Result<WindowsFirewallProfile[]> {
  const json = parsePowerShellJson(text, stderr);
  if (json.kind !== 'ok') return json;
  const profiles: WindowsFirewallProfile[] = [];
  for (const o of json.data) {
    const p = parseProfile(o);
    if (typeof p === 'string') return unavailable('unparseable', `Get-NetFirewallProfile: ${p}`);
    profiles.push(p);
  }
  if (profiles.length === 0) return unavailable('unparseable', 'Get-NetFirewallProfile printed no profiles');
  return { kind: 'ok', data: profiles };
}
