import type { FirewallFacts } from '../types';
import type { SourceId } from '../../bundle/sources';
import type { WindowsProcess } from './readings';
import { attributeDrops } from './parse-wfp';
import type { SecurityProduct, WfpDrop, WfpFilter } from './parse-wfp';
import type { Result } from '../../schemas/common';
import { unavailable } from '../../schemas/common';
import { note } from '../../i18n/note';
import type { Note } from '../../i18n/note';

/** The audit subcategories by GUID (names are translated; the GUIDs are not): Packet Drop (5152), Connection (5157). */
export const WFP_AUDIT = {
  packetDrop: '{0CCE9225-69AE-11D9-BED3-505054503030}',
  connection: '{0CCE9226-69AE-11D9-BED3-505054503030}',
} as const;

/** The previewed commands that turn drop auditing on for a few minutes, and back off (only if it was off before). */
export function wfpAuditCommands(): { show: string; enable: string[]; disable: string[] } {
  const g = Object.values(WFP_AUDIT);
  return {
    show: `auditpol /get /subcategory:${g.join(',')}`,
    enable: g.map((id) => `auditpol /set /subcategory:${id} /failure:enable`),
    disable: g.map((id) => `auditpol /set /subcategory:${id} /failure:disable`),
  };
}

// Service names of widely deployed third-party endpoint firewalls / EDR agents (not exhaustive): what stands in for
// Security Center on Windows Server, where root/SecurityCenter2 does not exist.
const KNOWN_SERVICES: Record<string, string> = {
  csfalconservice: 'CrowdStrike Falcon',
  sentinelagent: 'SentinelOne',
  sepmasterservice: 'Symantec Endpoint Protection',
  ekrn: 'ESET',
  avp: 'Kaspersky',
  mfefire: 'Trellix/McAfee Firewall',
  savservice: 'Sophos',
  'sophos mcs agent': 'Sophos',
  ntrtscan: 'Trend Micro',
  tmlisten: 'Trend Micro',
  cyserver: 'Palo Alto Cortex XDR',
  cbdefense: 'VMware Carbon Black',
};

const not = (reason: string) => reason !== 'not-recorded';

/** What was read about filtering beyond Windows Firewall (electron/probes/windows/third-party.ts). */
export interface ThirdPartyReadings {
  /** Products registered with Windows Security Center (root/SecurityCenter2). */
  products: Result<SecurityProduct[]>;
  /** The Filtering Platform drop events (5152/5157) of the last hour: read only elevated (the Security log needs it). */
  drops?: Result<{ drops: WfpDrop[]; unread: number }>;
  /** `netsh wfp show filters`: read only when a drop on the port was logged. */
  filters?: Result<WfpFilter[]>;
  /** The source id the filters were read from. */
  filtersSource?: SourceId;
}

/** Registered products (client editions) or known third-party services (servers), as one note. */
function productsNote(parsed: Result<SecurityProduct[]>, processes: Map<number, WindowsProcess> | null): Note | null {
  if (parsed.kind === 'ok' && parsed.data.length > 0) {
    return note('note.wfpProducts', { products: parsed.data.map((p) => `${p.name} (${p.kind})`).join(', ') });
  }
  if (parsed.kind !== 'ok' && !not(parsed.reason)) return null;
  const running = [
    ...new Set(
      [...(processes?.values() ?? [])].flatMap((p) => p.services.map((s) => KNOWN_SERVICES[s.toLowerCase()] ?? '')).filter(Boolean),
    ),
  ];
  const services = running.length ? running.join(', ') : 'none';
  return parsed.kind === 'ok'
    ? note('note.wfpNoProducts', { services })
    : note('note.wfpNoSecurityCenter', { reason: parsed.detail, services });
}

/**
 * Issue 16 item 12: security software that drops what Windows Firewall lets in. Names the registered products; when
 * the Windows Firewall verdict is accept, judges the Filtering Platform drop events (5152/5157) for the port, maps the
 * filter that dropped them to its provider (`netsh wfp show filters` / `show state`), and names a third-party filter
 * as the decider (host-firewall-drop). Changes `facts.verdict` in place; notes say what was read.
 */
export function judgeThirdPartyFiltering(
  read: ThirdPartyReadings,
  facts: FirewallFacts,
  target: { port: number; protocol: 'tcp' | 'udp' },
  processes: Map<number, WindowsProcess> | null,
  elevated: boolean | null,
): void {
  const v = facts.verdict;
  if (!v) return;
  const products = productsNote(read.products, processes);
  if (products) v.notes.push(products);
  if (v.decision !== 'accept' || v.policy?.policy === 'loopback') return;
  // The Security log needs elevation; the script hides errors (no event is one), so an empty answer unelevated means nothing.
  if (elevated !== true) {
    v.notes.push(note('note.wfpNotElevated'));
    return;
  }
  const drops = read.drops ?? unavailable('not-recorded', 'not read');
  if (drops.kind !== 'ok') {
    if (not(drops.reason)) v.notes.push(note('note.wfpUnread', { reason: drops.detail }));
    return;
  }
  const audit = wfpAuditCommands();
  if (drops.data.drops.length === 0) {
    v.notes.push(note('note.wfpAuditOff', { enable: audit.enable.join(' & '), show: audit.show, disable: audit.disable.join(' & ') }));
    const command = `portdoctor audit-wfp ${target.port}${target.protocol === 'udp' ? ' --protocol udp' : ''}`;
    v.notes.push(note('note.wfpAuditCommand', { command }));
    return;
  }
  const proto = target.protocol.toUpperCase();
  const seen = attributeDrops(drops.data.drops, null, target.port, target.protocol);
  if (!seen) return;
  const filters = read.filters ?? unavailable('not-recorded', 'not read');
  const a = attributeDrops(drops.data.drops, filters.kind === 'ok' ? filters.data : null, target.port, target.protocol) ?? seen;
  const what = `${a.count} inbound ${proto} ${target.port} drop(s) logged by the Windows Filtering Platform (last at ${a.last})`;
  const seenParams = { count: a.count, proto, port: target.port, last: a.last };
  if (a.owner === 'third-party' && a.filter) {
    const provider = a.filter.provider ?? `provider ${a.filter.providerKey}`;
    const rule = {
      backend: 'windows' as const,
      table: provider,
      chain: a.filter.layer,
      name: a.filter.name || `filter ${a.filterId}`,
      text: `WFP filter ${a.filterId} "${a.filter.name}" of ${provider} (${a.filter.action}, not a Windows Firewall rule)`,
    };
    v.notes.push(note('note.wfpThirdParty', { ...seenParams, id: a.filterId, name: a.filter.name, provider }));
    facts.verdict = { backend: 'windows', decision: 'drop', rule, trace: [rule], notes: v.notes };
    facts.rulesSource = { source: read.filtersSource ?? 'windows.ps.wfp-filters', command: 'netsh wfp show filters' };
    return;
  }
  const who = a.filter
    ? `Windows filter ${a.filterId} "${a.filter.name}"${a.filter.provider ? ` (${a.filter.provider})` : ''}`
    : `filter ${a.filterId}, whose provider could not be read${filters.kind !== 'ok' ? ` (${filters.detail})` : ''}`;
  v.notes.push(note('note.wfpWindowsFilter', { ...seenParams, who }));
  facts.verdict = { ...v, decision: 'unknown', unknownReason: `${what} by ${who}` };
}
