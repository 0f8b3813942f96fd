import type { Lab, LabProcess } from '../harness';
import type { Counted, Listings, RuleKind } from './truth';
import { ruleKey } from './truth';

/**
 * Ground truth for rules that carry no counter (firewalld writes none): the kernel's own trace. A chain at priority
 * -500 in prerouting sets `meta nftrace` on every SYN, `nft -a monitor trace` prints each rule the SYN met with its
 * handle and verdict, and the rules that accepted or dropped it count as a counter would have.
 */

const TABLE = 'pdtrace';
const RULESET = `table inet ${TABLE} {\n chain pre {\n  type filter hook prerouting priority -500; policy accept;\n  tcp flags syn meta nftrace set 1\n }\n}\n`;

/** Rules a traced SYN was accepted or stopped by: keys as ruleKey() makes them, with what they did. */
export type Traced = { key: string; kind: RuleKind }[];

/**
 * One trace line's parts: `trace id <id> <family> <table> <chain> rule … # handle N (verdict V)`, or, for a rule
 * added after the monitor started (its cache is never refreshed), `… <chain> unknown rule handle N (verdict V)`.
 */
const RULE_LINE = /^trace id (\S+) (\S+) (\S+) (\S+) (?:rule .* # |unknown rule )handle (\d+) \(verdict (\w+)/;
const PACKET_LINE = /^trace id (\S+) .* packet: .*\btcp sport (\d+) /;

/** The rules that decided the SYN from `sport`, from `nft -a monitor trace` output (every line of every packet). */
export function tracedRules(output: string, sport: number): { seen: boolean; rules: Traced } {
  const lines = output.split('\n');
  const ids = new Set<string>();
  for (const l of lines) {
    const m = PACKET_LINE.exec(l);
    if (m && Number(m[2]) === sport) ids.add(m[1] as string);
  }
  const rules: Traced = [];
  for (const l of lines) {
    const m = RULE_LINE.exec(l);
    if (!m || !ids.has(m[1] as string) || m[3] === TABLE) continue;
    const verdict = m[6] as string;
    if (verdict !== 'accept' && verdict !== 'drop') continue;
    rules.push({
      key: ruleKey({ backend: 'nftables', table: `${m[2]} ${m[3]}`, chain: m[4], handle: Number(m[5]) }),
      kind: verdict === 'accept' ? 'accept' : 'stop',
    });
  }
  return { seen: ids.size > 0, rules };
}

/** Counters before/after one SYN with the traced rules added as if each had counted it once. */
export function withTraced(before: Counted, after: Counted, traced: Traced): { before: Counted; after: Counted } {
  const b: Counted = { packets: new Map(before.packets), kinds: new Map(before.kinds) };
  const a: Counted = { packets: new Map(after.packets), kinds: new Map(after.kinds) };
  for (const t of traced) {
    b.packets.set(t.key, 0);
    a.packets.set(t.key, 1);
    a.kinds.set(t.key, t.kind);
  }
  return { before: b, after: a };
}

/** The listings without the trace table: the product must judge the front-end's ruleset as a host has it. */
export function withoutTraceTable(l: Listings): Listings {
  const doc = JSON.parse(l.nft) as { nftables: Record<string, Record<string, unknown>>[] };
  const keep = doc.nftables.filter((i) => {
    const o = i.table ?? i.chain ?? i.rule ?? i.set ?? i.map;
    return !o || !(o.family === 'inet' && (o.table ?? o.name) === TABLE);
  });
  return { ...l, nft: JSON.stringify({ nftables: keep }) };
}

/** A tracer in namespace `ns`: `install` (re)adds the trace chain, `take` waits for one SYN's trace. */
export interface Tracer {
  install(): Promise<void>;
  take(sport: number): Promise<Traced>;
}

/** Start `nft -a monitor trace` in `ns` (it lives as long as the lab). */
export async function startTracer(lab: Lab, ns: string): Promise<Tracer> {
  const monitor: LabProcess = await lab.spawn(ns, ['nft', '-a', 'monitor', 'trace']);
  // Only what arrived since the previous SYN is scanned (a long run prints megabytes of trace).
  let from = 0;
  return {
    install: async () => {
      await lab.must(ns, ['nft', '-f', '-'], { input: `add table inet ${TABLE}\ndelete table inet ${TABLE}\n${RULESET}` });
    },
    take: async (sport) => {
      // Trace events arrive right after the packet; a SYN accepted by a policy alone has no rule line, so wait a
      // little after its packet line, and fail (a tool error, never a guess) when the SYN was not traced at all.
      const until = Date.now() + 3000;
      let seenAt = 0;
      for (;;) {
        const out = monitor.output();
        const t = tracedRules(out.slice(from), sport);
        if (t.seen && !seenAt) seenAt = Date.now();
        if (seenAt && Date.now() - seenAt > 200) {
          from = out.lastIndexOf('\n') + 1;
          return t.rules;
        }
        if (Date.now() > until) throw new Error(`nft monitor trace never showed the SYN from port ${sport}`);
        await new Promise((res) => setTimeout(res, 25));
      }
    },
  };
}
