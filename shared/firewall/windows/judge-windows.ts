import type { FirewallFacts } from '../types';
import { STAND_IN_CLIENT } from '../../net/stand-in';
import { evaluateWindowsFirewall } from './evaluate-windows-firewall';
import type { WindowsListenerIdentity } from './types';
import type { FirewallVerdict, InboundPacket } from '../types';
import { cidrContains } from '../../net/address';
import { note } from '../../i18n/note';
import type { Socket } from '../../schemas/ports';
import type { WindowsFirewallRead, WindowsInterfaces, WindowsProcess } from './readings';

/** The commands that show the Windows firewall settings the verdict was built from. */
export const WINDOWS_FIREWALL_COMMANDS = [
  'Get-NetFirewallProfile -PolicyStore ActiveStore',
  'Get-NetFirewallRule -PolicyStore ActiveStore -Direction Inbound -Enabled True',
  'Get-NetConnectionProfile',
  'netsh advfirewall show allprofiles',
  'netsh advfirewall firewall show rule name=all dir=in verbose',
];

/** The process behind the listener, as program and service rules see it (PID 4 is the program `System`). */
export function listenerIdentity(listeners: Socket[], processes: Map<number, WindowsProcess> | null): WindowsListenerIdentity | undefined {
  const owner = listeners.find((s) => s.owner)?.owner;
  if (!owner) return undefined;
  if (owner.pid === 4) return { program: 'System' };
  const p = processes?.get(owner.pid);
  if (!p) return undefined;
  const id: WindowsListenerIdentity = {};
  if (p.path) id.program = p.path;
  if (p.name) id.name = p.name;
  if (p.services[0]) id.service = p.services[0];
  return id;
}

/** The interface a client would arrive on: the one whose subnet holds the source, else the first with a network profile. */
function chooseInterface(ifs: WindowsInterfaces, source: string, family: 4 | 6) {
  const candidates = ifs.addresses.filter((a) => a.family === family && !a.address.startsWith('127.') && a.address !== '::1');
  const bySubnet = candidates.find((a) => cidrContains(`${a.address}/${a.prefixLength}`, source));
  if (bySubnet) return bySubnet;
  for (const p of ifs.profiles) {
    const a = candidates.find((c) => c.interfaceIndex === p.interfaceIndex);
    if (a) return a;
  }
  return candidates[0];
}

/** Evaluate the SYN from the source (or a representative remote client) and, without a source, from the local subnet too. */
export function windowsFirewallFacts(
  fw: WindowsFirewallRead,
  ifs: WindowsInterfaces,
  target: { port: number; protocol: 'tcp' | 'udp'; source?: string },
  identity?: WindowsListenerIdentity,
): FirewallFacts {
  const source = target.source ?? STAND_IN_CLIENT[4];
  const family = source.includes(':') ? 6 : 4;
  const iface = chooseInterface(ifs, source, family);
  const packetFor = (src: string): InboundPacket => {
    const p: InboundPacket = {
      family,
      protocol: target.protocol,
      source: src,
      destination: iface?.address ?? (family === 4 ? '0.0.0.0' : '::'),
      dport: target.port,
    };
    if (iface) p.iif = iface.interface;
    if (iface?.profile) p.profile = iface.profile;
    return p;
  };
  const verdict = honest(evaluateWindowsFirewall(fw.state, packetFor(source), identity), fw);
  if (fw.rulesSource?.kind === 'netsh') verdict.notes.push(note('note.windowsRulesNetsh', { reason: fw.rulesSource.why }));
  else if (fw.rulesSource?.kind === 'powershell') verdict.notes.push(note('note.windowsRulesPowerShell'));
  if (iface) {
    const at = { interface: iface.interface, address: iface.address };
    const rep = { representative: STAND_IN_CLIENT[4] };
    verdict.notes.push(
      iface.profile
        ? target.source
          ? note('note.windowsInterface', { ...at, profile: iface.profile })
          : note('note.windowsInterfaceRep', { ...at, profile: iface.profile, ...rep })
        : target.source
          ? note('note.windowsInterfaceNoProfile', at)
          : note('note.windowsInterfaceNoProfileRep', { ...at, ...rep }),
    );
  }
  const facts: FirewallFacts = {
    present: ['windows'],
    inCharge: 'windows',
    verdict,
    evaluatedSource: source,
    commands: WINDOWS_FIREWALL_COMMANDS,
  };
  if (fw.rulesSource?.kind === 'netsh')
    facts.rulesSource = {
      source: 'windows.netsh.advfirewall.rules',
      command: 'netsh advfirewall firewall show rule name=all dir=in verbose',
    };
  if (!target.source && iface && verdict.decision === 'drop') {
    const subnet = ifs.localSubnets.find((c) => cidrContains(c, iface.address));
    const neighbour = subnet ? neighbourIn(subnet, iface.address) : null;
    if (subnet && neighbour && evaluateWindowsFirewall(fw.state, packetFor(neighbour), identity).decision === 'accept')
      facts.allowedSources = [subnet];
  }
  return facts;
}

/** Profile settings that decide whatever the rules say: the firewall is off, or blocks all inbound. */
const RULES_IRRELEVANT = new Set(['firewall off', 'block all inbound', 'loopback']);

/** Rules that could not be read might decide: only an explicit block rule (or a rule-independent profile setting) stays certain. */
function honest(verdict: FirewallVerdict, fw: WindowsFirewallRead): FirewallVerdict {
  if (fw.rulesUnread !== undefined && !RULES_IRRELEVANT.has(verdict.policy?.policy ?? '')) {
    return {
      backend: 'windows',
      decision: 'unknown',
      trace: [],
      notes: verdict.notes,
      unknownReason: `the firewall rules could not be read (${fw.rulesUnread})`,
    };
  }
  const skipped = fw.skippedRules;
  if (skipped.length === 0) return verdict;
  const notes = [...verdict.notes, note('note.windowsRulesSkipped', { count: skipped.length, rules: skipped.slice(0, 3).join('; ') })];
  if (verdict.decision === 'drop' && verdict.rule) return { ...verdict, notes };
  return { ...verdict, decision: 'unknown', notes, unknownReason: `${skipped.length} firewall rule(s) could not be read and may decide` };
}

/** Another address in the subnet than the host's own, standing for a client on the local network. */
function neighbourIn(subnet: string, own: string): string | null {
  const [net] = subnet.split('/');
  if (!net || net.includes(':')) return null;
  const parts = net.split('.').map(Number);
  const last = parts[3] ?? 0;
  for (const add of [1, 2]) {
    const candidate = [parts[0], parts[1], parts[2], last + add].join('.');
    if (candidate !== own && cidrContains(subnet, candidate)) return candidate;
  }
  return null;
}
