import type { WindowsFirewallState, WindowsInterfaceType } from '../../../shared/firewall/windows/types';
import type { Result, Unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { runConsole } from './console';
import { advfirewallToProfiles, parseAdvfirewallProfiles } from './parse-advfirewall';
import { parseFirewallProfiles } from './parse-firewall-profiles';
import { parseFirewallRules } from './parse-firewall-rules';
import { parseAdapterTypes } from './parse-interfaces';
import { WINDOWS_SOURCES } from './sources';

/** The firewall state for the evaluator, rules that could not be read, and why no rules were read at all. */
export interface WindowsFirewallRead {
  state: WindowsFirewallState;
  skippedRules: string[];
  /** Set when only the profiles are known (PowerShell failed): only "firewall off" or "block all" can then be told. */
  rulesUnread?: string;
}

/** Without PowerShell (missing, ConstrainedLanguage), `netsh advfirewall show allprofiles` still tells each profile's state. */
async function readProfilesFromNetsh(runner: Runner, codePage: number | null, why: Unavailable, localSubnets: string[]): Promise<Result<WindowsFirewallRead>> {
  const text = await runConsole(runner, WINDOWS_SOURCES.advfirewallProfiles, codePage);
  const parsed = text.kind === 'ok' ? parseAdvfirewallProfiles(text.data.stdout) : text;
  const profiles = parsed.kind === 'ok' ? advfirewallToProfiles(parsed.data) : [];
  if (profiles.length === 0) return why;
  return { kind: 'ok', data: { state: { profiles, rules: [], localSubnets }, skippedRules: [], rulesUnread: why.detail } };
}

/** Profiles and inbound rules from the ActiveStore (so Group Policy rules count), plus adapter types. */
export async function readWindowsFirewall(runner: Runner, codePage: number | null, localSubnets: string[]): Promise<Result<WindowsFirewallRead>> {
  const profText = await runConsole(runner, WINDOWS_SOURCES.firewallProfiles, codePage);
  const profiles = profText.kind === 'ok' ? parseFirewallProfiles(profText.data.stdout, profText.data.stderr) : profText;
  if (profiles.kind !== 'ok') return readProfilesFromNetsh(runner, codePage, profiles, localSubnets);
  const ruleText = await runConsole(runner, WINDOWS_SOURCES.firewallRules, codePage);
  const rules = ruleText.kind === 'ok' ? parseFirewallRules(ruleText.data.stdout, ruleText.data.stderr) : ruleText;
  if (rules.kind !== 'ok') return { kind: 'ok', data: { state: { profiles: profiles.data, rules: [], localSubnets }, skippedRules: [], rulesUnread: rules.detail } };
  const adapters = await runConsole(runner, WINDOWS_SOURCES.adapters, codePage);
  const interfaceTypes: Record<string, WindowsInterfaceType> = adapters.kind === 'ok' ? parseAdapterTypes(adapters.data.stdout) : {};
  return { kind: 'ok', data: { state: { profiles: profiles.data, rules: rules.data.rules, localSubnets, interfaceTypes }, skippedRules: rules.data.skipped } };
}
