import type { FirewallFacts, FirewallVerdict, InboundPacket, PendingChange, RecentLists } from './types';
import type { Result } from '../schemas/common';
import { unavailable } from '../schemas/common';
import { note } from '../i18n/note';
import { prepareNetfilterJudge } from './judge-netfilter';
import type { NetfilterTexts } from './judge-netfilter';
import { nftItems } from './nft/items';
import type { FirewalldState, FirewalldZone } from './parse-firewalld';
import { firewalldPending, zonesAgree } from './pending-firewalld';
import { nftBootPending } from './pending-nft-boot';
import { ufwPending } from './pending-ufw';
import type { UfwStatus } from './parse-ufw-status';

/** Everything read about the firewalls of one address family. */
export interface FirewallReadings {
  nft: Result<string>;
  iptablesNft: Result<string>;
  iptablesLegacy: Result<string>;
  firewalld: Result<FirewalldState>;
  ufw: Result<UfwStatus>;
  /** The kernel's `-m recent` lists, read when a rule counts hits (`ufw limit`). */
  recent?: Result<RecentLists>;
  /** The front-ends' saved configurations (what a reload or reboot loads), read when a ruleset could be read. */
  saved?: SavedFirewallConfigs;
}

/** What a reload or reboot would load, as read (each one that could not be read is absent). */
export interface SavedFirewallConfigs {
  /** firewalld: each active zone's permanent configuration, with the ports of the services of both sides when the two differ. */
  firewalld: { zone: string; saved: FirewalldZone; services?: { running: Map<string, string[]>; saved: Map<string, string[]> } }[];
  /** ufw's rules file (`/etc/ufw/user.rules`, user6.rules for IPv6). */
  ufw?: { path: string; text: string };
  /** The nftables boot file's ruleset as `nft -j list ruleset` printed it once loaded in a scratch namespace (nftables.service enabled). */
  nftBoot?: string;
}

const COMMANDS = [
  'nft list ruleset',
  'iptables-save',
  'iptables-legacy-save',
  'ip6tables-save',
  'firewall-cmd --list-all',
  'ufw status verbose',
];

type Json = Record<string, unknown>;

/** True when `nft -j list ruleset` holds no rule and no chain that drops by policy. */
export function nftIsEmpty(json: string): boolean {
  const items = nftItems(json);
  if (!items) return false;
  return !items.some((i) => 'rule' in i || ((i.chain as Json | undefined)?.policy !== undefined && (i.chain as Json).policy !== 'accept'));
}

/** True when `iptables-save` holds no rule and no non-ACCEPT built-in policy. */
export function iptablesIsEmpty(text: string): boolean {
  return !text.split('\n').some((l) => l.startsWith('-A ') || /^:\S+ (DROP|REJECT|QUEUE)\b/.test(l));
}

/** True when a read failed for want of privilege (the runner's needs-admin, or the tool's own words for it). */
function isPermissionError(why: string): boolean {
  return /^needs-admin:|Operation not permitted|Permission denied|you must be root|needs root/i.test(why);
}

/** The first line of a tool's error, capped: a report line, not a dump. */
function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/** Which firewalls hold rules: a tool that is not installed is absent; one that failed is unreadable. */
export function presentFirewalls(r: FirewallReadings): {
  present: string[];
  unreadable: { name: string; why: string; command?: string }[];
  texts: NetfilterTexts;
} {
  const present: string[] = [];
  const unreadable: { name: string; why: string; command?: string }[] = [];
  const texts: NetfilterTexts = {};
  const take = (name: string, res: Result<string>, empty: (t: string) => boolean, key: keyof NetfilterTexts) => {
    if (res.kind === 'ok') {
      texts[key] = res.data;
      if (!empty(res.data)) present.push(name);
    } else if (res.reason !== 'not-installed')
      unreadable.push({ name, why: `${res.reason}: ${res.detail}`, ...(res.command ? { command: res.command } : {}) });
  };
  take('nftables', r.nft, nftIsEmpty, 'nft');
  take('iptables-nft', r.iptablesNft, iptablesIsEmpty, 'iptablesNft');
  take('iptables-legacy', r.iptablesLegacy, iptablesIsEmpty, 'iptablesLegacy');
  if (r.firewalld.kind === 'ok' && r.firewalld.data.running) present.push('firewalld');
  if (r.ufw.kind === 'ok' && r.ufw.data.active) present.push('ufw');
  return { present, unreadable, texts };
}

/** Name a verdict in the terms of the front-end that wrote the deciding rule (firewalld zone, ufw rule). */
export function attributeVerdict(v: FirewallVerdict, r: FirewallReadings, packet: InboundPacket): FirewallVerdict {
  const chain = v.rule?.chain ?? v.policy?.chain ?? '';
  const table = v.rule?.table ?? v.policy?.table ?? '';
  const notes = [...v.notes];
  if (r.firewalld.kind === 'ok' && r.firewalld.data.running && (table.includes('firewalld') || /^(filter|nat|mangle)_/.test(chain))) {
    const zone = firewalldZoneFor(v, r.firewalld.data, packet);
    const z = r.firewalld.data.zones.find((x) => x.zone === zone);
    if (z) {
      const params = { zone: z.zone, target: z.target, ports: z.ports.join(' '), services: z.services.join(' ') };
      notes.push(
        z.richRules.length ? note('note.firewalldZoneRich', { ...params, rich: z.richRules.length }) : note('note.firewalldZone', params),
      );
    }
    return { ...v, backend: 'firewalld', notes };
  }
  if (r.ufw.kind === 'ok' && r.ufw.data.active && (chain.startsWith('ufw') || (!v.rule && chain === 'INPUT'))) {
    const mine = r.ufw.data.rules.filter((x) => x.to.startsWith(`${packet.dport}/`) || x.to === String(packet.dport));
    notes.push(
      mine.length
        ? note('note.ufwRules', { port: packet.dport, rules: mine.map((x) => x.text).join('; ') })
        : note('note.ufwNoRule', { port: packet.dport, policy: r.ufw.data.defaultIncoming ?? '?' }),
    );
    return { ...v, backend: 'ufw', notes };
  }
  return v;
}

function zoneOf(state: FirewalldState, iif: string | undefined): string | undefined {
  return state.activeZones.find((z) => iif !== undefined && z.interfaces.includes(iif))?.zone ?? state.defaultZone;
}

/** The firewalld zone that judged the packet: named by the deciding chain (`filter_IN_public_allow`), else the interface's zone, else the default. */
export function firewalldZoneFor(v: FirewallVerdict, state: FirewalldState, packet: InboundPacket): string | undefined {
  const chain = v.rule?.chain ?? v.policy?.chain ?? '';
  return /_(?:IN|FWD)_([A-Za-z0-9+-]+?)(?:_(?:allow|deny|log|pre|post))?$/.exec(chain)?.[1] ?? zoneOf(state, packet.iif);
}

/** Source CIDRs named in the rulesets (`-s 10.0.0.0/8`, nft saddr prefixes): candidates for "who would be let in". */
export function sourceCandidates(texts: NetfilterTexts, family: 4 | 6): string[] {
  const found = new Set<string>();
  for (const t of [texts.iptablesNft, texts.iptablesLegacy])
    for (const m of (t ?? '').matchAll(/(?:^|\s)-s ([0-9a-fA-F.:]+(?:\/\d+)?)/gm)) if (m[1]) found.add(m[1]);
  for (const m of (texts.nft ?? '').matchAll(
    /"field":\s*"saddr"\}\},\s*"right":\s*(?:\{"prefix":\s*\{"addr":\s*"([^"]+)",\s*"len":\s*(\d+)\}\}|"([^"]+)")/g,
  )) {
    if (m[1]) found.add(`${m[1]}/${m[2]}`);
    else if (m[3] && !m[3].startsWith('@')) found.add(m[3]);
  }
  return [...found].filter((c) => (family === 6) === c.includes(':')).slice(0, 32);
}

/** First usable address inside a CIDR, to stand for the block in an evaluation. */
export function representativeOf(cidr: string): string {
  const [addr, bits] = cidr.split('/');
  if (!addr || bits === undefined || addr.includes(':')) return addr ?? cidr;
  const n = addr.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const host = Number(bits) >= 31 ? n : n + 1;
  return [24, 16, 8, 0].map((s) => Math.floor(host / 2 ** s) % 256).join('.');
}

/**
 * Judge the packet with the evaluator and say which firewall is in charge. A drop or reject seen in
 * any readable ruleset stands; an accept is only trusted when every installed ruleset could be read.
 */
export function buildFirewallFacts(r: FirewallReadings, packet: InboundPacket, withCandidates: boolean): Result<FirewallFacts> {
  const { present, unreadable, texts } = presentFirewalls(r);
  const facts: FirewallFacts = { present, inCharge: 'none', verdict: null, commands: COMMANDS };
  if (texts.nft === undefined && texts.iptablesNft === undefined && texts.iptablesLegacy === undefined) {
    const first = unreadable[0];
    if (!first) return unavailable('not-installed', 'neither nft nor iptables is installed', 'sudo nft list ruleset');
    // nft's own "Operation not permitted … netlink: Error: cache initialization failed" tells a person nothing more than this.
    return unavailable(
      'needs-admin',
      isPermissionError(first.why) ? 'only root can read the firewall rules' : `no firewall ruleset could be read: ${firstLine(first.why)}`,
      first.command ?? 'sudo nft list ruleset',
    );
  }
  const frontEnd: FirewallFacts['inCharge'] | null = present.includes('firewalld') ? 'firewalld' : present.includes('ufw') ? 'ufw' : null;
  let verdict: FirewallVerdict;
  if (present.length === 0) {
    verdict = { backend: 'nftables', decision: 'accept', trace: [], notes: [], policy: { policy: 'no rules' } };
  } else {
    const judge = prepareNetfilterJudge(texts);
    if (judge.kind !== 'ok') return judge;
    verdict = attributeVerdict(judge.data(packet), r, packet);
    if (withCandidates && verdict.decision !== 'accept') {
      facts.allowedSources = sourceCandidates(texts, packet.family).filter(
        (c) => judge.data({ ...packet, source: representativeOf(c) }).decision === 'accept',
      );
    }
  }
  if (verdict.decision === 'accept' && unreadable.length > 0) {
    verdict = {
      ...verdict,
      decision: 'unknown',
      unknownReason: `accepted by what could be read, but ${unreadable.map((u) => `${u.name} (${u.why})`).join('; ')}`,
    };
  }
  facts.verdict = verdict;
  facts.evaluatedSource = packet.source;
  facts.inCharge = frontEnd ?? (present.length === 0 ? 'none' : verdict.backend);
  const pending = r.saved ? judgePending(r, r.saved, texts, verdict, packet) : [];
  if (pending.length > 0) facts.pending = pending;
  return { kind: 'ok', data: facts };
}

/**
 * What a reload or reboot would change for the port: the saved configuration of each firewall front-end against the
 * rules running now. Evidence only — the verdict stays the running state; a saved configuration not read adds nothing.
 */
export function judgePending(
  r: FirewallReadings,
  saved: SavedFirewallConfigs,
  texts: NetfilterTexts,
  verdict: FirewallVerdict,
  packet: InboundPacket,
): PendingChange[] {
  const out: PendingChange[] = [];
  if (r.firewalld.kind === 'ok' && r.firewalld.data.running) {
    const zone = firewalldZoneFor(verdict, r.firewalld.data, packet);
    const running = r.firewalld.data.zones.find((z) => z.zone === zone);
    const s = saved.firewalld.find((z) => z.zone === zone);
    if (running && s && !zonesAgree(running, s.saved)) {
      const services = s.services ?? { running: new Map<string, string[]>(), saved: new Map<string, string[]>() };
      out.push(...firewalldPending(running, s.saved, services, packet, verdict.decision, verdict.backend === 'firewalld'));
    }
  }
  if (saved.ufw) out.push(...ufwPending(texts, saved.ufw.text, saved.ufw.path, verdict, packet));
  if (saved.nftBoot !== undefined && r.nft.kind === 'ok') out.push(...nftBootPending(saved.nftBoot, r.nft.data, verdict, packet));
  return out;
}
