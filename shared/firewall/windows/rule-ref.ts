import type { RuleRef } from '../types';
import type { WindowsFirewallRule } from './types';

const list = (values: readonly string[]): string => (values.length === 0 ? 'Any' : values.join(','));

/** A rule as the user should see it: display name, group, store, and what it filters. */
export function windowsRuleRef(rule: WindowsFirewallRule): RuleRef {
  const profiles = rule.profiles === 'any' ? 'Any' : rule.profiles.map((p) => p[0]?.toUpperCase() + p.slice(1)).join(',');
  const parts = [
    `${rule.action === 'allow' ? 'Allow' : 'Block'} inbound ${rule.protocol} port ${list(rule.localPorts)}`,
    `from ${list(rule.remoteAddresses)}`,
    `profiles ${profiles}`,
  ];
  if (!rule.localAddresses.every((a) => a.toLowerCase() === 'any')) parts.push(`to ${list(rule.localAddresses)}`);
  if (rule.program.toLowerCase() !== 'any') parts.push(`program ${rule.program}`);
  if (rule.service.toLowerCase() !== 'any') parts.push(`service ${rule.service}`);
  if (rule.interfaceTypes !== 'any') parts.push(`interface types ${rule.interfaceTypes.join(',')}`);
  const group = rule.group ? ` [group: ${rule.group}]` : '';
  const ref: RuleRef = {
    backend: 'windows',
    table: rule.store,
    chain: 'Inbound',
    name: rule.name,
    text: `"${rule.displayName}"${group} (store: ${rule.store}): ${parts.join(', ')}`,
  };
  if (rule.group) ref.comment = rule.group;
  return ref;
}
