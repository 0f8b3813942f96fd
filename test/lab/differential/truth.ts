import type { Lab } from '../harness';
import type { IptablesRuleset } from '../../../shared/firewall/iptables/model';
import type { NftRuleset } from '../../../shared/firewall/nft/model';
import type { RuleRef } from '../../../shared/firewall/types';
import { parseIptablesSave } from '../../../shared/firewall/iptables/parse-iptables-save';
import { parseNftRuleset } from '../../../shared/firewall/nft/parse-nft-ruleset';
import { iptablesTables } from '../../../electron/probes/linux/firewall-sources';
import { withIngressDevices } from '../../../electron/probes/linux/nft-devices';
import { elsewhereItems } from '../../../shared/firewall/nft/items';
import { EMPTY_IPTABLES } from './gen-iptables';

/** The rulesets one case loads: any of nftables, iptables-nft and iptables-legacy. */
export interface RulesetCase {
  nft?: string;
  iptablesNft?: string;
  iptablesLegacy?: string;
}

/** The three listings of the server namespace, as the product reads them (nft without iptables-nft's tables). */
export interface Listings {
  nft: string;
  iptablesNft: string;
  iptablesLegacy: string;
}

/** What a rule does, for telling the deciding rule from the rules a SYN merely passed. */
export type RuleKind = 'accept' | 'stop' | 'other' | 'maybe-accept' | 'maybe-stop';

/** Per-rule packet counters and kinds, keyed like ruleKey(). */
export interface Counted {
  packets: Map<string, number>;
  kinds: Map<string, RuleKind>;
}

/** Load a case into the server namespace (replacing whatever the previous case left). */
export async function applyCase(lab: Lab, ns: string, c: RulesetCase): Promise<void> {
  await lab.must(ns, ['nft', '-f', '-'], { input: `flush ruleset\n${c.nft ?? ''}` });
  if (c.iptablesNft) await lab.must(ns, ['iptables-nft-restore', '-w'], { input: c.iptablesNft });
  await lab.must(ns, ['iptables-legacy-restore', '-w'], { input: EMPTY_IPTABLES });
  if (c.iptablesLegacy) await lab.must(ns, ['iptables-legacy-restore', '-w'], { input: c.iptablesLegacy });
}

type Json = Record<string, unknown>;

/** Read the three listings (with counters) in parallel. */
export async function readListings(lab: Lab, ns: string): Promise<Listings> {
  const [nft, nftText, iptablesNft, iptablesLegacy] = await Promise.all([
    lab.must(ns, ['nft', '-j', 'list', 'ruleset']),
    lab.must(ns, ['nft', 'list', 'ruleset']),
    lab.must(ns, ['iptables-nft-save', '-c']),
    lab.must(ns, ['iptables-legacy-save', '-c']),
  ]);
  // The product lists nft table by table and leaves out the ones iptables-save shows (readNftRuleset).
  const skip = iptablesTables(iptablesNft.stdout, 4);
  const doc = JSON.parse(withIngressDevices(nft.stdout, nftText.stdout)) as { nftables: Json[] };
  const keep = doc.nftables.flatMap((i): Json[] => {
    const o = (i.table ?? i.chain ?? i.rule ?? i.set ?? i.map) as Json | undefined;
    if (!o || !skip.has(`${String(o.family)} ${String(o.table ?? o.name)}`)) return [i];
    // As readNftRuleset does: a table left to iptables-save keeps only its handle.
    return i.table ? elsewhereItems(String(o.family), String(o.name), o.handle) : [];
  });
  return { nft: JSON.stringify({ nftables: keep }), iptablesNft: iptablesNft.stdout, iptablesLegacy: iptablesLegacy.stdout };
}

/** The key of a rule as the evaluators name it (RuleRef) and as the counters are read. */
export function ruleKey(r: Pick<RuleRef, 'backend' | 'table' | 'chain' | 'handle' | 'position'>): string {
  return `${r.backend}|${r.table ?? ''}|${r.chain ?? ''}|${r.handle ?? r.position ?? ''}`;
}

const OUTBOUND = /^iptables-[a-z]+\|[a-z]+\|(OUTPUT|POSTROUTING|FORWARD)\|/;
const STOP = new Set(['drop', 'reject']);
/** nft JSON statements that can end a rule without its verdict (a match that fails, a rate or quota used up). */
const FILTERS = ['match', 'limit', 'quota'];

function nftKind(expr: unknown[]): RuleKind {
  for (const e of expr) {
    if (typeof e !== 'object' || e === null) continue;
    if ('accept' in e) return 'accept';
    for (const k of Object.keys(e)) if (STOP.has(k)) return 'stop';
  }
  return 'other';
}

function iptKind(target: string | undefined): RuleKind {
  if (target === 'ACCEPT') return 'accept';
  if (target === 'DROP' || target === 'REJECT') return 'stop';
  return 'other';
}

function addIptables(out: Counted, set: IptablesRuleset, backend: string): void {
  for (const t of set.tables)
    for (const c of t.chains) {
      if (c.policy && c.counters) {
        const key = `${backend}|${t.name}|${c.name}|policy`;
        out.packets.set(key, c.counters.packets);
        out.kinds.set(key, c.policy === 'ACCEPT' ? 'accept' : 'stop');
      }
      for (const r of c.rules) {
        const key = ruleKey({ backend: backend as RuleRef['backend'], table: t.name, chain: c.name, position: r.position });
        out.packets.set(key, r.counters?.packets ?? 0);
        out.kinds.set(key, r.target?.goto ? 'other' : iptKind(r.target?.name));
      }
    }
}

function addNft(out: Counted, set: NftRuleset): void {
  for (const t of set.tables)
    for (const c of t.chains)
      for (const r of c.rules) {
        const key = ruleKey({ backend: 'nftables', table: `${t.family} ${t.name}`, chain: c.name, handle: r.handle });
        const at = r.expr.findIndex((e) => typeof e === 'object' && e !== null && 'counter' in e);
        const counter = r.expr[at] as { counter: { packets: number } } | undefined;
        out.packets.set(key, counter?.counter.packets ?? 0);
        // A counter before a test that may still fail (`counter ct state untracked accept`) counts every packet that
        // reached it, also those the rule then did not take: its rise says the rule may have decided, not that it did.
        const testedAfter = at >= 0 && r.expr.slice(at + 1).some((e) => typeof e === 'object' && e !== null && FILTERS.some((k) => k in e));
        const kind = nftKind(r.expr);
        out.kinds.set(key, testedAfter && (kind === 'accept' || kind === 'stop') ? `maybe-${kind}` : kind);
      }
}

/** Every rule's packet counter in the listings. */
export function countersOf(l: Listings): {
  counted: Counted;
  nft: NftRuleset;
  iptablesNft: IptablesRuleset;
  iptablesLegacy: IptablesRuleset;
} {
  const nft = parseNftRuleset(l.nft);
  const ipn = parseIptablesSave(l.iptablesNft);
  const ipl = parseIptablesSave(l.iptablesLegacy);
  if (nft.kind !== 'ok' || ipn.kind !== 'ok' || ipl.kind !== 'ok') throw new Error('a listing of the lab namespace could not be parsed');
  const counted: Counted = { packets: new Map(), kinds: new Map() };
  addNft(counted, nft.data);
  addIptables(counted, ipn.data, 'iptables-nft');
  addIptables(counted, ipl.data, 'iptables-legacy');
  return { counted, nft: nft.data, iptablesNft: ipn.data, iptablesLegacy: ipl.data };
}

/** The rules whose counters rose for one SYN (input path only), by what they do. */
export interface CountedRules {
  accepts: string[];
  stops: string[];
  /** Rules whose counter stands before a test that may still fail: counted, but perhaps not taken (older captures lack them). */
  maybeAccepts?: string[];
  maybeStops?: string[];
  all: string[];
}

/** The rules (and iptables policies) whose counters rose between two readings, by kind. */
export function risen(before: Counted, after: Counted): Required<CountedRules> {
  const all: string[] = [];
  // The server's own SYN-ACK crosses OUTPUT/POSTROUTING: only the inbound path counts.
  for (const [key, n] of after.packets) if (n > (before.packets.get(key) ?? 0) && !OUTBOUND.test(key)) all.push(key);
  return {
    all,
    accepts: all.filter((k) => after.kinds.get(k) === 'accept'),
    stops: all.filter((k) => after.kinds.get(k) === 'stop'),
    maybeAccepts: all.filter((k) => after.kinds.get(k) === 'maybe-accept'),
    maybeStops: all.filter((k) => after.kinds.get(k) === 'maybe-stop'),
  };
}
