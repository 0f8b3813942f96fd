import type { WindowsFirewallState, WindowsInterfaceType } from '../../../shared/firewall/windows/types';
import type { Result } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { runConsole } from './console';
import { parseFirewallProfiles } from './parse-firewall-profiles';
import { parseFirewallRules } from './parse-firewall-rules';
import { parseAdapterTypes } from './parse-interfaces';
import { WINDOWS_SOURCES } from './sources';

/** The firewall state for the evaluator, and rules that could not be read. */
export interface WindowsFirewallRead {
  state: WindowsFirewallState;
  skippedRules: string[];
}

/** Profiles and inbound rules from the ActiveStore (so Group Policy rules count), plus adapter types. */
export async function readWindowsFirewall(runner: Runner, codePage: number | null, localSubnets: string[]): Promise<Result<WindowsFirewallRead>> {
  const profText = await runConsole(runner, WINDOWS_SOURCES.firewallProfiles, codePage);
  if (profText.kind !== 'ok') return profText;
  const profiles = parseFirewallProfiles(profText.data.stdout, profText.data.stderr);
  if (profiles.kind !== 'ok') return profiles;
  const ruleText = await runConsole(runner, WINDOWS_SOURCES.firewallRules, codePage);
  if (ruleText.kind !== 'ok') return ruleText;
  const rules = parseFirewallRules(ruleText.data.stdout, ruleText.data.stderr);
  if (rules.kind !== 'ok') return rules;
  const adapters = await runConsole(runner, WINDOWS_SOURCES.adapters, codePage);
  const interfaceTypes: Record<string, WindowsInterfaceType> = adapters.kind === 'ok' ? parseAdapterTypes(adapters.data.stdout) : {};
  return { kind: 'ok', data: { state: { profiles: profiles.data, rules: rules.data.rules, localSubnets, interfaceTypes }, skippedRules: rules.data.skipped } };
}
