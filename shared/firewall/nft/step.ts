import type { WalkAction, WalkStep } from '../chain-walk';
import type { NftRule } from './model';
import type { NftPacket } from './packet';
import type { NftValue } from './elements';
import type { Tri } from '../tri';
import { findElem } from './elements';
import { evaluateMatch, firstKey, leftValue } from './match';
import { statementText } from './text';
import { note } from '../../i18n/note';
import type { Note } from '../../i18n/note';

/**
 * One nft rule against the packet: its matches in order, then what its statements do (a verdict, a jump, a
 * verdict map, notrack), or why it cannot be judged.
 */

type Obj = Record<string, unknown>;

function verdictAction(v: unknown, family: string): WalkAction | null {
  if (!isObj(v)) return null;
  const k = firstKey(v);
  const body = k === undefined ? undefined : v[k];
  const b = isObj(body) ? body : {};
  if (k === 'accept' || k === 'drop' || k === 'return' || k === 'continue' || k === 'queue') return { kind: k };
  if (k === 'jump' || k === 'goto') return { kind: k, chain: String(b.target) };
  if (k === 'reject') return { kind: 'reject', with: rejectWith(b, family) };
  return null;
}

function rejectWith(b: Obj, family: string): string {
  if (b.type === 'tcp reset') return 'tcp reset';
  if (b.type !== undefined) return `${String(b.type)} ${String(b.expr ?? 'port-unreachable')}`;
  // A bare `reject` answers with port-unreachable of the family's ICMP flavour (nft(8) REJECT STATEMENT).
  return family === 'inet' ? 'icmpx port-unreachable' : family === 'ip6' ? 'icmpv6 port-unreachable' : 'icmp port-unreachable';
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Statements that change nothing about whether the packet passes.
const NON_TERMINAL = new Set([
  'counter',
  'log',
  'mangle',
  'notrack',
  'set',
  'map',
  'ct helper',
  'ct timeout',
  'ct expectation',
  'meter',
  'dup',
  'snat',
  'dnat',
  'masquerade',
  'redirect',
  'tproxy',
  'flow',
  'secmark',
]);

const CONTINUE: WalkAction = { kind: 'continue' };
const NOMATCH: WalkStep = { kind: 'nomatch' };

/** Judge one rule: no match, a match with its action, or unknown with the reasons. */
export function stepRule(rule: NftRule, pk: NftPacket): WalkStep {
  // Allocated only when needed: most rules of a large ruleset do not match.
  let unknowns: string[] | undefined;
  let notes: Note[] | undefined;
  let action: WalkAction = CONTINUE;
  let notrack = false;
  for (const e of rule.expr) {
    if (!isObj(e)) return { kind: 'fail', reason: `statement ${JSON.stringify(e)} is not understood` };
    const k = firstKey(e);
    const body = k === undefined ? undefined : e[k];
    const b = isObj(body) ? body : {};
    if (k === 'match') {
      const r = evaluateMatch(b, pk);
      if (r === false) return NOMATCH;
      if (r !== true) (unknowns ??= []).push(r.unknown);
    } else if (k === 'limit') {
      // A byte limit whose whole bucket is smaller than this SYN never lets it through.
      const fits = b.rate_unit === undefined ? true : byteLimitFits(b, pk);
      if (typeof fits !== 'boolean') (unknowns ??= []).push(fits.unknown);
      else if (!fits) {
        if (!b.inv) return NOMATCH;
        continue;
      }
      if (b.inv) return { kind: 'nomatch' };
      (notes ??= []).push(note('note.nftRateLimited', { rule: rule.text, handle: rule.handle, limit: statementText(e) }));
    } else if (k === 'vmap') {
      const r = vmapAction(b, pk, rule.family);
      if (r === null) return { kind: 'nomatch' };
      if ('unknown' in r) return { kind: 'fail', reason: r.unknown };
      action = r;
    } else if (k === 'quota') {
      const r = quotaMatches(b, pk);
      if (r === false) return NOMATCH;
      if (r !== true) (unknowns ??= []).push(r.unknown);
    } else if (k === 'notrack') {
      notrack = true;
    } else if (k === 'reject' && !rejectFits(b, pk)) {
      // nft writes `reject with icmpv6 …` in an inet table with a `meta nfproto ipv6` dependency the listing leaves out.
      return NOMATCH;
    } else if (k === 'xt') {
      (unknowns ??= []).push(`iptables-nft ${String(b.type)} "${String(b.name)}" is opaque in nft output; iptables-save shows it`);
      if (b.type === 'target') action = CONTINUE;
    } else {
      const verdict = verdictAction(e, rule.family);
      if (verdict) action = verdict;
      else if (!NON_TERMINAL.has(k ?? '')) (unknowns ??= []).push(`statement "${k}" is not modelled`);
      else {
        // A value looked up in a map (`ct mark set mark map { 1 : 10 }`) ends the rule when the key is missing.
        const r = mapsFound(body, pk);
        if (r === false) return NOMATCH;
        if (r !== true) (unknowns ??= []).push(`the map lookup in "${k}" ${r.unknown}`);
      }
    }
  }
  const extra = { ...(notes ? { notes } : {}), ...(notrack ? { effects: { untracked: true } } : {}) };
  if (unknowns) return { kind: 'unknown', reason: unknowns.join('; '), action, ...extra };
  return { kind: 'match', action, ...extra };
}

function vmapAction(b: Obj, pk: NftPacket, family: string): WalkAction | null | { unknown: string } {
  const key = leftValue(b.key, pk);
  if (key.kind === 'absent') return null;
  if (key.kind === 'unknown') return { unknown: `verdict map key: ${key.reason}` };
  const el = mapElement(key, b.data, pk);
  if (el === null || 'unknown' in el)
    return el === null
      ? { unknown: `verdict map ${JSON.stringify(b.data)} is not found` }
      : { unknown: `verdict map element: ${el.unknown}` };
  if (el.found === undefined) return null;
  return verdictAction(el.found[1], family) ?? { unknown: `verdict ${JSON.stringify(el.found[1])} is not understood` };
}

/** The map element (`[key, data]`) the value selects: the `*` catch-all when no other holds it; null when no map. */
function mapElement(key: NftValue, data: unknown, pk: NftPacket): { found?: unknown[] } | { unknown: string } | null {
  let elems: unknown[] | undefined;
  if (typeof data === 'string' && data.startsWith('@')) elems = pk.sets(data.slice(1))?.elem;
  else if (isObj(data) && Array.isArray(data.set)) elems = data.set;
  if (!elems) return null;
  const star = elems.find((el) => Array.isArray(el) && el[0] === '*');
  const plain = star ? elems.filter((el) => el !== star) : elems;
  const at = findElem(key, plain, (el) => (Array.isArray(el) ? el[0] : undefined));
  if (typeof at !== 'number') return at;
  const el = at === -1 ? star : plain[at];
  return Array.isArray(el) ? { found: el } : {};
}

/** Do the maps a statement's value is looked up in (`mark set ip saddr map { … }`) all hold the key? */
function mapsFound(body: unknown, pk: NftPacket): Tri {
  if (Array.isArray(body)) return allOf(body.map((x) => mapsFound(x, pk)));
  if (!isObj(body)) return true;
  const m = isObj(body.map) ? body.map : null;
  const here: Tri = m ? mapHolds(m, pk) : true;
  return allOf([here, ...Object.values(body).map((x) => mapsFound(x, pk))]);
}

function mapHolds(m: Obj, pk: NftPacket): Tri {
  const key = leftValue(m.key, pk);
  if (key.kind === 'absent') return false;
  if (key.kind === 'unknown') return { unknown: `has a key that cannot be told (${key.reason})` };
  const el = mapElement(key, m.data, pk);
  if (el === null) return { unknown: 'uses a map that is not found' };
  if ('unknown' in el) return { unknown: `may find no element (${el.unknown})` };
  return el.found !== undefined;
}

function allOf(rs: Tri[]): Tri {
  if (rs.includes(false)) return false;
  return rs.find((r) => r !== true) ?? true;
}

/**
 * `limit rate N bytes/second [burst M bytes]`: nft_limit's bucket holds N + M bytes and a packet costs its length,
 * so a SYN longer than that is over the limit even for a quiet client (false); one that fits passes while the client
 * stays under the rate (true, the usual assumption); a SYN whose length is not known and may go either way: unknown.
 */
function byteLimitFits(b: Obj, pk: NftPacket): Tri {
  const cap = Number(b.rate) * (UNIT[String(b.rate_unit)] ?? NaN) + Number(b.burst ?? 0) * (UNIT[String(b.burst_unit ?? 'bytes')] ?? NaN);
  if (!Number.isFinite(cap)) return { unknown: `limit ${JSON.stringify(b)} is not understood` };
  const len = pk.p.headers?.length;
  const [lo, hi] = len === undefined ? SYN_LENGTH : [len, len];
  if (lo <= cap !== hi <= cap) return { unknown: `limit: a bucket of ${cap} bytes, this SYN may be longer` };
  return hi <= cap;
}

function rejectFits(b: Obj, pk: NftPacket): boolean {
  return !((b.type === 'icmpv6' && pk.p.family === 4) || (b.type === 'icmp' && pk.p.family === 6));
}

const UNIT: Record<string, number> = { bytes: 1, kbytes: 1024, mbytes: 1024 ** 2, gbytes: 1024 ** 3 };
// Any SYN is 40 (IPv4) to 200 bytes (IPv6 with extension headers) when its length was not captured.
const SYN_LENGTH: [number, number] = [40, 200];

/**
 * `quota [over] N unit [used M unit]`: nft_quota adds the packet's length to what was used and breaks the rule
 * once the sum reaches N (`over`: until it does). Decided when every possible length of this SYN gives one answer.
 */
function quotaMatches(b: Obj, pk: NftPacket): Tri {
  const quota = Number(b.val) * (UNIT[String(b.val_unit ?? 'bytes')] ?? NaN);
  const used = Number(b.used ?? 0) * (UNIT[String(b.used_unit ?? 'bytes')] ?? NaN);
  if (!Number.isFinite(quota) || !Number.isFinite(used)) return { unknown: `quota ${JSON.stringify(b)} is not understood` };
  const len = pk.p.headers?.length;
  const [lo, hi] = len === undefined ? SYN_LENGTH : [len, len];
  const over = (n: number) => used + n >= quota;
  if (over(lo) !== over(hi)) return { unknown: `quota: ${used} of ${quota} bytes used, this SYN may reach it` };
  return over(lo) === Boolean(b.inv);
}
