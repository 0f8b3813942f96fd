import type { IpRange, IpValue } from '../ip-match';
import type { Tri } from '../tri';
import { inRange, parseIpRange, parseIpValue, prefixRange } from '../ip-match';

/**
 * Set and map elements against a packet value: literals, prefixes, ranges, concatenations, and a hash
 * index for large exact-key sets (kube-proxy's service maps), so one lookup is not a scan of thousands.
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A packet field's value for the comparison. */
export type NftValue =
  | { kind: 'num'; v: number }
  | { kind: 'ip'; v: IpValue }
  | { kind: 'str'; v: string; alias?: number }
  | { kind: 'concat'; parts: NftValue[] }
  | { kind: 'absent' }
  | { kind: 'not-lo' }
  | { kind: 'unknown'; reason: string };

const TCP_FLAGS: Record<string, number> = { fin: 1, syn: 2, rst: 4, psh: 8, ack: 16, urg: 32, ecn: 64, cwr: 128 };
const absent: NftValue = { kind: 'absent' };

/** A flag name, a list of flag names, or a number, as a bitmask; null when it is not one. */
export function flagsNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return TCP_FLAGS[v] ?? (/^0x[0-9a-f]+$/i.test(v) ? Number(v) : null);
  // `psh | ack` inside a set of flag combinations.
  if (isObj(v) && Array.isArray(v['|'])) return flagsNumber(v['|']);
  if (Array.isArray(v)) {
    let n = 0;
    for (const x of v) {
      const f = flagsNumber(x);
      if (f === null) return null;
      n |= f;
    }
    return n;
  }
  return null;
}

/** Does one element (literal, prefix, range, concatenation) contain the value? */
export function elemMatches(value: NftValue, elem: unknown): Tri {
  if (isObj(elem) && 'elem' in elem) return elemMatches(value, (elem.elem as Obj)?.val);
  switch (value.kind) {
    case 'num':
      return numMatches(value.v, elem);
    case 'ip':
      return ipMatches(value.v, elem);
    case 'str':
      // nft(8): an interface name ending in `*` matches every name with that prefix.
      if (typeof elem === 'string') return elem.endsWith('*') ? value.v.startsWith(elem.slice(0, -1)) : elem === value.v;
      if (typeof elem === 'number')
        return value.alias === undefined ? { unknown: `${value.v} has no known number to compare with ${elem}` } : value.alias === elem;
      // A named number in a numeric range (`meta l4proto 33-45`, `meta iifgroup 11-33`).
      if (value.alias !== undefined && isObj(elem) && Array.isArray(elem.range) && elem.range.every((x) => typeof x === 'number'))
        return numMatches(value.alias, elem);
      return { unknown: `cannot compare ${value.v} with ${JSON.stringify(elem)}` };
    case 'concat':
      return concatMatches(value.parts, elem);
    case 'not-lo':
      return elem === 'lo' ? false : { unknown: 'the input interface is not known (give the packet an iif)' };
    default:
      return false;
  }
}

/**
 * A number nft prints as text: decimal (`"0"`), or a tc class handle (`meta priority 1:1234`, `none` for 0,
 * `root`); null when it is neither.
 */
function textNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === 'none') return 0;
  if (s === 'root') return 0xffffffff;
  const h = /^([0-9a-f]{1,4}):([0-9a-f]{0,4})$/i.exec(s);
  return h ? parseInt(h[1] ?? '0', 16) * 0x10000 + parseInt(h[2] || '0', 16) : null;
}

function numMatches(v: number, elem: unknown): Tri {
  if (typeof elem === 'number') return v === elem;
  if (typeof elem === 'string' && textNumber(elem) !== null) return v === textNumber(elem);
  // `meta mark 0xffffff00/24`: the top bits of a 32-bit value.
  if (isObj(elem) && isObj(elem.prefix) && typeof elem.prefix.addr === 'number' && typeof elem.prefix.len === 'number') {
    const shift = 32 - elem.prefix.len;
    return shift >= 32 || Math.floor(v / 2 ** shift) === Math.floor(elem.prefix.addr / 2 ** shift);
  }
  // `fib … oif missing` is `false` in JSON: the lookup found nothing.
  if (typeof elem === 'boolean') return (v !== 0) === elem;
  if (isObj(elem) && Array.isArray(elem.range)) {
    const [lo, hi] = elem.range.map((x) => (typeof x === 'string' ? textNumber(x) : x));
    if (typeof lo === 'number' && typeof hi === 'number') return v >= lo && v <= hi;
  }
  const flags = flagsNumber(elem);
  if (flags !== null) return v === flags;
  return { unknown: `value ${JSON.stringify(elem)} is not understood (a service name?)` };
}

function ipMatches(v: IpValue, elem: unknown): Tri {
  let range = null;
  if (typeof elem === 'string') range = parseIpRange(elem);
  else if (isObj(elem) && isObj(elem.prefix)) range = prefixOf(elem.prefix);
  else if (isObj(elem) && Array.isArray(elem.range)) range = parseIpRange(`${String(elem.range[0])}-${String(elem.range[1])}`);
  if (!range) return { unknown: `address ${JSON.stringify(elem)} is not understood` };
  return inRange(v, range);
}

// Prefix objects are shared by every evaluation of a parsed ruleset: compute each range once.
const prefixes = new WeakMap<Obj, IpRange | null>();

function prefixOf(prefix: Obj): IpRange | null {
  let range = prefixes.get(prefix);
  if (range === undefined) {
    range = prefixRange(String(prefix.addr), Number(prefix.len));
    prefixes.set(prefix, range);
  }
  return range;
}

function concatMatches(parts: NftValue[], elem: unknown): Tri {
  const items = isObj(elem) && Array.isArray(elem.concat) ? elem.concat : null;
  if (!items || items.length !== parts.length) return { unknown: `concatenation ${JSON.stringify(elem)} is not understood` };
  let unknown: Tri | null = null;
  for (let i = 0; i < parts.length; i++) {
    const r = elemMatches(parts[i] ?? absent, items[i]);
    if (r === false) return false;
    if (r !== true) unknown = r;
  }
  return unknown ?? true;
}

/** The first element of a set or map that contains the value: its index, -1 for none, or why unknown. */
export function findElem(value: NftValue, elems: unknown[], keyOf: (e: unknown) => unknown = (e) => e): number | { unknown: string } {
  const index = elems.length > 8 ? elemIndex(elems, keyOf) : undefined;
  const keys = index ? valueKeys(value) : null;
  let found = -1;
  if (index && keys) for (const k of keys) found = Math.max(found, index.exact.get(k) ?? -1);
  let unknown: { unknown: string } | null = null;
  for (const i of index && keys ? index.rest : elems.keys()) {
    if (found !== -1 && i > found) break;
    const r = elemMatches(value, keyOf(elems[i]));
    if (r === true) return i;
    if (r !== false) unknown ??= r;
  }
  return found !== -1 ? found : (unknown ?? -1);
}

interface ElemIndex {
  exact: Map<string, number>;
  rest: number[];
}

// Kube-proxy-sized maps hold thousands of exact keys: hash those once per element array, scan the rest.
const indexes = new WeakMap<unknown[], ElemIndex>();

function elemIndex(elems: unknown[], keyOf: (e: unknown) => unknown): ElemIndex {
  const hit = indexes.get(elems);
  if (hit) return hit;
  const index: ElemIndex = { exact: new Map(), rest: [] };
  elems.forEach((e, i) => {
    const k = elemKey(keyOf(e));
    if (k === null) index.rest.push(i);
    else if (!index.exact.has(k)) index.exact.set(k, i);
  });
  indexes.set(elems, index);
  return index;
}

function elemKey(e: unknown): string | null {
  if (typeof e === 'number') return `n${e}`;
  if (typeof e === 'string') {
    const ip = e.includes('/') || e.includes('-') ? null : parseIpValue(e);
    return ip ? `i${ip.family}:${ip.value}` : null;
  }
  if (isObj(e) && 'elem' in e) return elemKey((e.elem as Obj)?.val);
  if (isObj(e) && Array.isArray(e.concat)) {
    const parts = e.concat.map(elemKey);
    return parts.every((x) => x !== null) ? parts.join('|') : null;
  }
  return null;
}

function valueKeys(v: NftValue): string[] | null {
  if (v.kind === 'num') return [`n${v.v}`];
  if (v.kind === 'ip') return [`i${v.v.family}:${v.v.value}`];
  if (v.kind !== 'concat') return null;
  let keys = [''];
  for (const part of v.parts) {
    const pk = valueKeys(part);
    if (!pk) return null;
    keys = keys.flatMap((k) => pk.map((p) => (k === '' ? p : `${k}|${p}`)));
  }
  return keys;
}
