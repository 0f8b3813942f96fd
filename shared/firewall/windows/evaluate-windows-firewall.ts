import { isLoopback, isWildcard } from '../../net/address';
import type { FirewallVerdict, InboundPacket, RuleRef } from '../types';
import { allOf, matchAddresses, matchInterfaceType, matchPort, matchProgram, matchProtocol, matchService } from './match';
import type { WinMatch } from './match';
import { windowsRuleRef } from './rule-ref';
import { note } from '../../i18n/note';
import type { Note } from '../../i18n/note';
import type {
  WindowsFirewallProfile,
  WindowsFirewallRule,
  WindowsFirewallState,
  WindowsListenerIdentity,
  WindowsProfileName,
} from './types';

const PROFILE_NAMES: WindowsProfileName[] = ['domain', 'private', 'public'];

interface RuleMatch {
  rule: WindowsFirewallRule;
  /** The packet filters (protocol, ports, addresses, interface type) without program and service. */
  traffic: WinMatch;
  program: WinMatch;
  service: WinMatch;
  all: WinMatch;
}

/** Match every filter of one rule; program and service kept apart so near misses can be explained. */
function matchRule(
  rule: WindowsFirewallRule,
  state: WindowsFirewallState,
  packet: InboundPacket,
  listener?: WindowsListenerIdentity,
): RuleMatch {
  const traffic = allOf([
    matchProtocol(rule.protocol, packet.protocol),
    matchPort(rule.localPorts, packet.dport),
    matchAddresses(rule.remoteAddresses, packet.source, state.localSubnets),
    // Without a known local address (no interface read), a rule scoped to local addresses cannot be judged.
    isWildcard(packet.destination) && !rule.localAddresses.every((a) => a.toLowerCase() === 'any')
      ? {
          m: 'unknown',
          why: `the rule applies to local address ${rule.localAddresses.join(',')}, and the address the client uses is not known`,
        }
      : matchAddresses(rule.localAddresses, packet.destination, state.localSubnets),
    matchInterfaceType(rule.interfaceTypes, packet.iif, state.interfaceTypes),
    matchOwner(rule, listener),
    // Filters joined from two rules with one InstanceID: whether this rule applies cannot be told.
    rule.ambiguous ? { m: 'unknown', why: `rule "${rule.displayName}": ${rule.ambiguous}` } : { m: 'yes' },
  ]);
  const program = matchProgram(rule.program, listener, state.env);
  const service = matchService(rule.service, listener);
  return { rule, traffic, program, service, all: allOf([traffic, program, service]) };
}

/**
 * Rules with an Owner (a package SID, made for Store apps, often with any port) apply to that packaged
 * app's processes only. Packaged apps run from `\WindowsApps\`; any other listener is not one.
 */
function matchOwner(rule: WindowsFirewallRule, listener?: WindowsListenerIdentity): WinMatch {
  if (!rule.owner) return { m: 'yes' };
  if (listener?.program && /\\windowsapps\\/i.test(listener.program))
    return { m: 'unknown', why: `the rule applies to the packaged app ${rule.owner} only, and the listener is a packaged app` };
  return { m: 'no', why: `the rule applies to the packaged app ${rule.owner} only` };
}

const inProfile = (rule: WindowsFirewallRule, profile: WindowsProfileName): boolean =>
  rule.profiles === 'any' || rule.profiles.includes(profile);
const title = (p: WindowsProfileName): string => p[0]?.toUpperCase() + p.slice(1);

/** Remarks about allow rules that would have let the packet in but for one reason: the usual surprises. */
function nearMisses(
  state: WindowsFirewallState,
  packet: InboundPacket,
  profile: WindowsFirewallProfile,
  listener?: WindowsListenerIdentity,
): Note[] {
  const notes: Note[] = [];
  for (const rule of state.rules) {
    if (rule.direction !== 'inbound' || rule.action !== 'allow' || rule.authenticatedOnly) continue;
    const m = matchRule(rule, state, packet, listener);
    if (m.traffic.m !== 'yes') continue;
    const name = `"${rule.displayName}"`;
    if (!rule.enabled) {
      if (m.all.m === 'yes') notes.push(note('note.windowsDisabled', { rule: name }));
      continue;
    }
    if (!inProfile(rule, profile.name)) {
      if (m.all.m === 'yes')
        notes.push(
          note('note.windowsWrongProfile', {
            rule: name,
            profiles: (rule.profiles as WindowsProfileName[]).map(title).join(', '),
            profile: title(profile.name),
          }),
        );
      continue;
    }
    if (!profile.allowLocalFirewallRules && rule.storeType === 'local') {
      if (m.all.m === 'yes') notes.push(note('note.windowsGpo', { rule: name, profile: title(profile.name) }));
      continue;
    }
    // Only near misses worth a remark: the rule names this port, or the same program file elsewhere (any-port rules for other apps abound).
    const specific =
      !rule.localPorts.every((p) => p.toLowerCase() === 'any') || baseName(rule.program) === baseName(listener?.program ?? '');
    if (m.program.m === 'no' && m.service.m !== 'no' && specific) notes.push(programNote(rule, listener));
  }
  return notes;
}

/** Allow rules that match the packet but let in authenticated (IPsec) peers only: said, never counted as allowing it. */
function secureOnlyNotes(matches: RuleMatch[]): Note[] {
  return matches
    .filter((m) => m.rule.action === 'allow' && m.rule.authenticatedOnly && m.all.m !== 'no')
    .map((m) => note('note.windowsSecureOnly', { rule: `"${m.rule.displayName}"`, requires: m.rule.authenticatedOnly ?? '' }));
}

const baseName = (path: string): string => path.split(/[\\/]/).pop()?.toLowerCase() ?? '';

/** Explain a program rule that names another path than the listener's (and the `go run` trap). */
function programNote(rule: WindowsFirewallRule, listener?: WindowsListenerIdentity): Note {
  const at = { rule: `"${rule.displayName}"`, program: rule.program };
  const goBuild = /\\go-build\d*\\/i;
  const go = goBuild.test(rule.program) || goBuild.test(listener?.program ?? '');
  if (listener?.program === undefined) return note(go ? 'note.windowsProgramGoOther' : 'note.windowsProgramOther', at);
  return note(go ? 'note.windowsProgramGo' : 'note.windowsProgram', { ...at, listener: listener.program });
}

/** Decide within one profile. */
function evaluateInProfile(
  state: WindowsFirewallState,
  packet: InboundPacket,
  profile: WindowsFirewallProfile,
  listener?: WindowsListenerIdentity,
): FirewallVerdict {
  const policy = (p: string) => ({ table: title(profile.name), chain: 'Inbound', policy: p });
  const base = { backend: 'windows' as const, trace: [] as RuleRef[], notes: [] as Note[] };
  if (!profile.enabled)
    return {
      ...base,
      decision: 'accept',
      policy: policy('firewall off'),
      notes: [note('note.windowsOff', { profile: title(profile.name) })],
    };
  const ignoredLocal = (r: WindowsFirewallRule) => !profile.allowLocalFirewallRules && r.storeType === 'local';
  const active = state.rules.filter((r) => r.enabled && r.direction === 'inbound' && inProfile(r, profile.name) && !ignoredLocal(r));
  const matches = active.map((r) => matchRule(r, state, packet, listener));
  const blocks = matches.filter((m) => m.rule.action === 'block');
  // "Allow if secure" rules let in IPsec-authenticated peers only: a plain client's SYN is not one of them.
  const allows = matches.filter((m) => m.rule.action === 'allow' && !m.rule.authenticatedOnly);
  const notes = [...secureOnlyNotes(matches), ...nearMisses(state, packet, profile, listener)];
  const block = blocks.find((m) => m.all.m === 'yes');
  const allowYes = allows.filter((m) => m.all.m === 'yes');
  if (block) {
    const beaten = allowYes.map((m) => `"${m.rule.displayName}"`);
    if (beaten.length) notes.unshift(note('note.windowsBlockWins', { block: `"${block.rule.displayName}"`, allow: beaten.join(', ') }));
    return {
      ...base,
      decision: 'drop',
      rule: windowsRuleRef(block.rule),
      trace: [block, ...allowYes].map((m) => windowsRuleRef(m.rule)),
      notes,
    };
  }
  if (!profile.allowInboundRules) {
    return {
      ...base,
      decision: 'drop',
      policy: policy('block all inbound'),
      notes: [note('note.windowsBlockAll', { profile: title(profile.name) }), ...notes],
    };
  }
  const blockMaybe = blocks.find((m) => m.all.m === 'unknown');
  const allowMaybe = allows.find((m) => m.all.m === 'unknown');
  const allow = allowYes[0];
  const defaultVerdict = (): FirewallVerdict => ({
    ...base,
    decision: profile.defaultInboundAction === 'allow' ? 'accept' : 'drop',
    policy: policy(profile.defaultInboundAction),
    notes,
  });
  if (blockMaybe && (allow || allowMaybe || profile.defaultInboundAction === 'allow')) {
    return {
      ...base,
      decision: 'unknown',
      notes,
      trace: [windowsRuleRef(blockMaybe.rule)],
      unknownReason: `block rule "${blockMaybe.rule.displayName}" may match: ${whyOf(blockMaybe.all)}`,
    };
  }
  if (allow) return { ...base, decision: 'accept', rule: windowsRuleRef(allow.rule), trace: [windowsRuleRef(allow.rule)], notes };
  if (allowMaybe && profile.defaultInboundAction === 'block') {
    return {
      ...base,
      decision: 'unknown',
      notes,
      trace: [windowsRuleRef(allowMaybe.rule)],
      unknownReason: `allow rule "${allowMaybe.rule.displayName}" may match: ${whyOf(allowMaybe.all)}`,
    };
  }
  return defaultVerdict();
}

const whyOf = (t: WinMatch): string => (t.m === 'yes' ? '' : (t.why ?? ''));

/**
 * What Windows Defender Firewall does with an inbound SYN: the interface's profile, its state and
 * default inbound action, then enabled inbound rules of that profile — block rules beat allow
 * rules; local rules do not count when Group Policy sets AllowLocalFirewallRules = False.
 * Without a profile on the packet, all three profiles are evaluated and must agree.
 */
export function evaluateWindowsFirewall(
  state: WindowsFirewallState,
  packet: InboundPacket,
  listener?: WindowsListenerIdentity,
): FirewallVerdict {
  if (isLoopback(packet.source)) {
    return {
      backend: 'windows',
      decision: 'accept',
      trace: [],
      notes: [note('note.windowsLoopback')],
      policy: { chain: 'Inbound', policy: 'loopback' },
    };
  }
  const names = packet.profile ? [packet.profile] : PROFILE_NAMES;
  const verdicts: FirewallVerdict[] = [];
  for (const name of names) {
    const profile = state.profiles.find((p) => p.name === name);
    if (!profile) {
      return {
        backend: 'windows',
        decision: 'unknown',
        trace: [],
        notes: [],
        unknownReason: `the settings of the ${title(name)} profile were not read`,
      };
    }
    verdicts.push(evaluateInProfile(state, packet, profile, listener));
  }
  const first = verdicts[0];
  if (!first) return { backend: 'windows', decision: 'unknown', trace: [], notes: [], unknownReason: 'no firewall profile to evaluate' };
  if (verdicts.every((v) => v.decision === first.decision)) {
    if (!packet.profile) first.notes.push(note('note.windowsProfileUnknown'));
    return first;
  }
  const each = verdicts.map((v, i) => `${title(names[i] ?? 'public')}: ${v.decision}`).join(', ');
  return {
    backend: 'windows',
    decision: 'unknown',
    trace: [],
    notes: [],
    unknownReason: `the interface's profile is not known and the profiles disagree (${each})`,
  };
}
