import { parseIpValue } from './ip-match';
import type { Tri } from './tri';
import type { IpValue } from './ip-match';
import type { IptablesOption } from './iptables/model';
import type { FirewallVerdict, RateLimitTrip, RecentLists } from './types';
import { note, noteText } from '../i18n/note';
import type { Note } from '../i18n/note';

/**
 * `-m recent` (xt_recent, what `ufw limit` writes) judged against the kernel's own lists. Without them the match
 * depends on traffic history and is judged as before (a quiet client); with them it is what the kernel will do to
 * the next SYN: `--set` adds it, `--update/--rcheck --seconds S --hitcount H` match when the address has at least H
 * hits within S seconds (xt_recent.c, recent_mt).
 */

/** Where the packet stands against one `--update/--rcheck` rule whose list was read (a trip without its rule). */
export type RecentStanding = Omit<RateLimitTrip, 'rule'> & { matched: boolean };

/** The packet facts a recent match needs; `set` collects the lists earlier rules added this SYN to. */
export interface RecentPacket {
  p: { source: string; destination: string; recent?: RecentLists };
  saddr: IpValue;
  daddr: IpValue;
  recentSet?: Set<string>;
}

const opt = (opts: IptablesOption[], name: string) => opts.find((o) => o.name === name);

/** The list key: the masked source (or destination with --rdest), as the kernel stores it. */
function keyOf(opts: IptablesOption[], pk: RecentPacket): IpValue | null {
  const addr = opt(opts, 'rdest') ? pk.daddr : pk.saddr;
  const maskText = opt(opts, 'mask')?.values[0];
  if (maskText === undefined) return addr;
  const mask = parseIpValue(maskText);
  if (!mask || mask.family !== addr.family) return null;
  return { family: addr.family, value: addr.value & mask.value };
}

const listName = (opts: IptablesOption[]) => opt(opts, 'name')?.values[0] ?? 'DEFAULT';
const setKey = (name: string, key: IpValue) => `${name}\u0000${key.family}:${key.value}`;

/** The rule's standing for this packet, or null when the lists were not read or the rule is not a counting check. */
export function recentStanding(opts: IptablesOption[], pk: RecentPacket): RecentStanding | null {
  const check = opt(opts, 'update') ?? opt(opts, 'rcheck');
  const name = listName(opts);
  const entries = pk.p.recent?.lists[name];
  if (!check || !entries || opt(opts, 'rttl')) return null;
  const key = keyOf(opts, pk);
  if (!key) return null;
  const entry = entries.find((e) => {
    const v = parseIpValue(e.address);
    return v !== null && v.family === key.family && v.value === key.value;
  });
  const secondsText = opt(opts, 'seconds')?.values[0];
  const seconds = secondsText === undefined ? undefined : Number(secondsText);
  const hitcount = Number(opt(opts, 'hitcount')?.values[0] ?? '1');
  if ((seconds !== undefined && !(seconds > 0)) || !(hitcount >= 1)) return null;
  const own = pk.recentSet?.has(setKey(name, key)) ? 1 : 0;
  const ages = (entry?.ages ?? []).filter((a) => seconds === undefined || a <= seconds).sort((a, b) => a - b);
  // The SYN's own hit (an earlier rule `--set` it) counts too: the rule matches once the list holds hitcount − own.
  const threshold = hitcount - own;
  const matched = ages.length >= threshold;
  const standing: RecentStanding = {
    list: name,
    address: entry?.address ?? (opt(opts, 'rdest') ? pk.p.destination : pk.p.source),
    hits: ages.length,
    threshold,
    hitcount,
    matched,
  };
  if (seconds !== undefined) standing.seconds = seconds;
  // Remembered hits age, the SYN's own is fresh whenever it comes: it stops matching once the threshold-th newest
  // remembered hit leaves the window.
  const counted = ages[threshold - 1];
  if (matched && seconds !== undefined && counted !== undefined) standing.clearsInSeconds = Math.max(1, Math.ceil(seconds - counted));
  return standing;
}

/**
 * Judge one `-m recent` match. `--set` always matches and adds the SYN to its list (for later rules of the same walk).
 * A counting check uses the kernel's lists when read; without them one new SYN from a quiet client is assumed
 * (the rule is noted as rate-limited by the evaluator).
 */
export function recentMatches(opts: IptablesOption[], pk: RecentPacket): Tri {
  const set = opt(opts, 'set');
  if (set) {
    const key = keyOf(opts, pk);
    if (key) (pk.recentSet ??= new Set()).add(setKey(listName(opts), key));
    return !set.neg;
  }
  const standing = recentStanding(opts, pk);
  const check = opt(opts, 'update') ?? opt(opts, 'rcheck');
  if (standing && check) return standing.matched !== check.neg;
  if (check && opt(opts, 'hitcount') && !check.neg) return false;
  return { unknown: '-m recent: the recent list is runtime state' };
}

/** The evaluator's note on a rule's standing (`engine.ratelimit.*`). */
export function recentNote(rule: { text: string; position: number; chain: string }, s: RecentStanding): Note {
  const p = {
    rule: rule.text,
    position: rule.position,
    chain: rule.chain,
    list: s.list,
    hits: s.hits,
    address: s.address,
    threshold: s.threshold,
  };
  if (!s.matched)
    return s.seconds !== undefined ? note('ratelimit.notReached', { ...p, seconds: s.seconds }) : note('ratelimit.notReachedAll', p);
  if (s.seconds !== undefined && s.clearsInSeconds !== undefined)
    return note('ratelimit.reached', { ...p, seconds: s.seconds, clears: s.clearsInSeconds });
  return note('ratelimit.reachedKept', p);
}

/** A counting recent match reached during a walk, with the rule it belongs to. */
export interface RecentSeen {
  standing: RecentStanding;
  rule: { text: string; position: number; chain: string };
}

/** Remember the standing of a rule's `-m recent` match when the walk reaches it (called before the match is judged). */
export function seeRecent(options: IptablesOption[], rule: RecentSeen['rule'], pk: RecentPacket & { recentSeen?: RecentSeen[] }): void {
  const standing = recentStanding(options, pk);
  if (standing) (pk.recentSeen ??= []).push({ standing, rule });
}

/** Add the walk's recent standings to the verdict as notes, and name a tripped limit that the blocking walk went through. */
export function finishRecent(v: FirewallVerdict, seen: readonly RecentSeen[]): void {
  const said = new Set<string>();
  for (const s of seen) {
    const standing = recentNote(s.rule, s.standing);
    const text = noteText(standing);
    if (said.has(text)) continue;
    said.add(text);
    v.notes.push(standing);
    if (v.rateLimit || !s.standing.matched || (v.decision !== 'drop' && v.decision !== 'reject')) continue;
    const rule = v.trace.find((r) => r.chain === s.rule.chain && r.position === s.rule.position);
    if (!rule) continue;
    const { matched: _matched, ...rest } = s.standing;
    v.rateLimit = { rule, ...rest };
  }
}
