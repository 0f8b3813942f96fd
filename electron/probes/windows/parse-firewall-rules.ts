import type {
  WindowsFirewallRule,
  WindowsInterfaceType,
  WindowsProfileName,
  WindowsRuleStoreType,
} from '../../../shared/firewall/windows/types';
import type { Result } from '../../../shared/schemas/common';
import { parsePowerShellJson, psNumber, psString, psStrings } from '../../../shared/firewall/windows/parse-powershell-json';
import type { PsObject } from '../../../shared/firewall/windows/parse-powershell-json';

/** Rules that were read, and those that could not be (with why), so nothing is silently dropped. */
export interface ParsedFirewallRules {
  rules: WindowsFirewallRule[];
  skipped: string[];
}

const PROFILE_BITS: [number, WindowsProfileName][] = [
  [1, 'domain'],
  [2, 'private'],
  [4, 'public'],
];

/** Rule Profile: a bit set (Any 0, Domain 1, Private 2, Public 4) or its names as text. */
export function ruleProfiles(value: unknown): 'any' | WindowsProfileName[] | null {
  const n = psNumber(value);
  if (n !== undefined) return n === 0 || (n & 7) === 7 ? 'any' : PROFILE_BITS.filter(([bit]) => (n & bit) !== 0).map(([, name]) => name);
  const names = psStrings(value)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0 || names.includes('any')) return 'any';
  const known = names.filter((s): s is WindowsProfileName => s === 'domain' || s === 'private' || s === 'public');
  return known.length === names.length ? known : null;
}

/** InterfaceType: Any 0, Wired 1, Wireless 2, RemoteAccess 4 (a bit set), or names. */
function interfaceTypes(value: unknown): 'any' | WindowsInterfaceType[] | null {
  if (value === undefined || value === null) return 'any';
  const n = psNumber(value);
  const all: [number, string, WindowsInterfaceType][] = [
    [1, 'wired', 'wired'],
    [2, 'wireless', 'wireless'],
    [4, 'remoteaccess', 'remote-access'],
  ];
  if (n !== undefined) return n === 0 ? 'any' : all.filter(([bit]) => (n & bit) !== 0).map(([, , t]) => t);
  const names = psStrings(value)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toLowerCase());
  if (names.includes('any')) return 'any';
  const types = all.filter(([, name]) => names.includes(name)).map(([, , t]) => t);
  return types.length === names.length ? types : null;
}

/** PolicyStoreSourceType: Local 1, GroupPolicy 2, Dynamic 3 (others: Generated, Hardcoded, MDM…). */
function storeType(value: unknown): WindowsRuleStoreType {
  const n = psNumber(value);
  const s = psString(value)?.toLowerCase();
  if (n === 1 || s === 'local') return 'local';
  if (n === 2 || s === 'grouppolicy') return 'group-policy';
  if (n === 3 || s === 'dynamic') return 'dynamic';
  return 'other';
}

/** Enabled True 1 / False 2; Direction Inbound 1 / Outbound 2; Action Allow 2 / AllowBypass 3 / Block 4. */
function enums(o: PsObject): { enabled: boolean; direction: 'inbound' | 'outbound'; action: 'allow' | 'block' | 'bypass' } | string {
  const en = psNumber(o.Enabled);
  const enabled =
    en === 1 || o.Enabled === true || o.Enabled === 'True' ? true : en === 2 || o.Enabled === false || o.Enabled === 'False' ? false : null;
  const dn = psNumber(o.Direction);
  const direction = dn === 1 || o.Direction === 'Inbound' ? 'inbound' : dn === 2 || o.Direction === 'Outbound' ? 'outbound' : null;
  const an = psNumber(o.Action);
  const action =
    an === 2 || o.Action === 'Allow'
      ? 'allow'
      : an === 4 || o.Action === 'Block'
        ? 'block'
        : an === 3 || o.Action === 'AllowBypass'
          ? 'bypass'
          : null;
  if (enabled === null) return `Enabled ${JSON.stringify(o.Enabled)}`;
  if (direction === null) return `Direction ${JSON.stringify(o.Direction)}`;
  if (action === null) return `Action ${JSON.stringify(o.Action)}`;
  return { enabled, direction, action };
}

const orAny = (values: string[]): string[] => (values.length === 0 ? ['Any'] : values);

/**
 * A single-valued filter property (Protocol, Program, Service). Several different values mean the join found
 * more than one filter for the InstanceID (the same rule name in two policy stores): which one is the rule's
 * is not known, so the rule is ambiguous — never `Any`.
 */
function single(o: PsObject, key: string, ambiguous: string[]): string {
  const values = [...new Set(psStrings(o[key]))];
  if (values.length > 1) ambiguous.push(`${key} is ${values.join(' or ')}`);
  return values.length === 1 ? (values[0] ?? 'Any') : 'Any';
}

const GPO_TRUE = (v: unknown): boolean => v === true || psNumber(v) === 1 || String(v).toLowerCase() === 'true';
const required = (v: unknown): boolean => {
  const n = psNumber(v);
  const s = psString(v)?.toLowerCase();
  return (n !== undefined && n !== 0) || (s !== undefined && n === undefined && s !== 'notrequired' && s !== '');
};

/**
 * The security filter (Get-NetFirewallSecurityFilter): an allow rule that requires authentication or
 * encryption, overrides block rules, or names remote users/machines lets in IPsec-authenticated peers only.
 */
function securityRequirement(o: PsObject, action: 'allow' | 'block' | 'bypass'): string | undefined {
  const needs: string[] = [];
  if (action === 'bypass') needs.push('Action AllowBypass');
  if (required(o.Authentication)) needs.push('Authentication Required');
  if (required(o.Encryption)) needs.push('Encryption Required');
  if (GPO_TRUE(o.OverrideBlockRules)) needs.push('OverrideBlockRules');
  const remote = [...psStrings(o.RemoteUser), ...psStrings(o.RemoteMachine)].filter((v) => v.trim() !== '' && v.toLowerCase() !== 'any');
  if (remote.length > 0) needs.push('remote users/machines');
  return needs.length > 0 ? needs.join(', ') : undefined;
}

function parseRule(o: PsObject): WindowsFirewallRule | string {
  const name = psString(o.Name) ?? psString(o.InstanceID);
  if (!name) return 'a rule without a Name';
  const e = enums(o);
  if (typeof e === 'string') return `rule ${name}: unknown ${e}`;
  const profiles = ruleProfiles(o.Profile ?? o.Profiles);
  if (profiles === null) return `rule ${name}: unknown Profile ${JSON.stringify(o.Profile)}`;
  const ifTypes = interfaceTypes(o.InterfaceType);
  if (ifTypes === null) return `rule ${name}: unknown InterfaceType ${JSON.stringify(o.InterfaceType)}`;
  const ambiguous: string[] = [];
  const rule: WindowsFirewallRule = {
    name,
    displayName: psString(o.DisplayName) ?? name,
    enabled: e.enabled,
    direction: e.direction,
    action: e.action === 'block' ? 'block' : 'allow',
    profiles,
    store: psString(o.PolicyStoreSource) ?? 'unknown store',
    storeType: storeType(o.PolicyStoreSourceType),
    protocol: single(o, 'Protocol', ambiguous),
    localPorts: orAny(psStrings(o.LocalPort)),
    remoteAddresses: orAny(psStrings(o.RemoteAddress)),
    localAddresses: orAny(psStrings(o.LocalAddress)),
    program: single(o, 'Program', ambiguous),
    service: single(o, 'Service', ambiguous),
    interfaceTypes: ifTypes,
  };
  const group = psString(o.DisplayGroup);
  if (group) rule.group = group;
  const owner = psString(o.Owner);
  if (owner) rule.owner = owner;
  const secure = e.action === 'block' ? undefined : securityRequirement(o, e.action);
  if (secure) rule.authenticatedOnly = secure;
  // The script names the filter classes whose instances for a duplicated InstanceID differ (JoinAmbiguous).
  const differing = (psString(o.JoinAmbiguous) ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (differing.length > 0) ambiguous.push(`its ${differing.join(', ')} filters differ between the stores`);
  if (ambiguous.length > 0)
    rule.ambiguous = `its filters were joined from more than one rule with the InstanceID ${name} (${ambiguous.join('; ')})`;
  return rule;
}

/** The rules script's JSON (rule + port, address, application, service, interface-type filters) → rules. */
export function parseFirewallRules(text: string, stderr = ''): Result<ParsedFirewallRules> {
  const json = parsePowerShellJson(text, stderr);
  if (json.kind !== 'ok') return json;
  const rules: WindowsFirewallRule[] = [];
  const skipped: string[] = [];
  for (const o of json.data) {
    const r = parseRule(o);
    if (typeof r === 'string') skipped.push(r);
    else rules.push(r);
  }
  return { kind: 'ok', data: { rules, skipped } };
}
