import ipaddr from 'ipaddr.js';

/** An address as an integer (v4 in 0..2^32, v6 in 0..2^128) with its family, for range and prefix tests. */
export interface IpValue {
  family: 4 | 6;
  value: bigint;
}

/** An address block or range: every address `lo <= a <= hi` of one family. */
export interface IpRange {
  family: 4 | 6;
  lo: bigint;
  hi: bigint;
}

// Rulesets repeat the same literals thousands of times (kube-proxy): parse each text once.
const cache = new Map<string, IpValue | null>();
const CACHE_LIMIT = 200_000;

/** Parse an address to its integer form; null when it is not one. v4-mapped v6 stays v6. */
export function parseIpValue(text: string): IpValue | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let out: IpValue | null = null;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const b = ipaddr.IPv4.parse(text).toByteArray();
    out = { family: 4, value: BigInt(((b[0] ?? 0) << 24) >>> 0) + BigInt(((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) };
  } else if (text.includes(':') && ipaddr.IPv6.isValid(text)) {
    let v = 0n;
    for (const byte of ipaddr.IPv6.parse(text).toByteArray()) v = (v << 8n) | BigInt(byte);
    out = { family: 6, value: v };
  }
  if (cache.size > CACHE_LIMIT) cache.clear();
  cache.set(text, out);
  return out;
}

/** A prefix (`10.0.0.0/8`, `2001:db8::/32`, or a bare address) as a range; null when malformed. */
export function prefixRange(addr: string, len?: number): IpRange | null {
  const ip = parseIpValue(addr);
  if (!ip) return null;
  const bits = ip.family === 4 ? 32 : 128;
  const l = len ?? bits;
  if (!Number.isInteger(l) || l < 0 || l > bits) return null;
  const hostBits = BigInt(bits - l);
  const lo = (ip.value >> hostBits) << hostBits;
  return { family: ip.family, lo, hi: lo + (1n << hostBits) - 1n };
}

const rangeCache = new Map<string, IpRange | null>();

/** Parse `a/len`, `a`, or `a-b` into a range; null when malformed. Cached: rule literals repeat on every evaluation. */
export function parseIpRange(text: string): IpRange | null {
  const hit = rangeCache.get(text);
  if (hit !== undefined) return hit;
  const out = parseRangeText(text);
  if (rangeCache.size > CACHE_LIMIT) rangeCache.clear();
  rangeCache.set(text, out);
  return out;
}

function parseRangeText(text: string): IpRange | null {
  const dash = text.indexOf('-');
  if (dash > 0) {
    const a = parseIpValue(text.slice(0, dash));
    const b = parseIpValue(text.slice(dash + 1));
    return a && b && a.family === b.family ? { family: a.family, lo: a.value, hi: b.value } : null;
  }
  const slash = text.indexOf('/');
  if (slash === -1) return prefixRange(text);
  const bits = text.slice(slash + 1);
  if (/^\d{1,3}$/.test(bits)) return prefixRange(text.slice(0, slash), Number(bits));
  // iptables-save may print a dotted netmask (`/255.255.0.0`) for non-contiguous masks.
  const mask = parseIpValue(bits);
  if (!mask || mask.family !== 4) return null;
  const ones = mask.value.toString(2).replace(/0+$/, '');
  return ones.includes('0') ? null : prefixRange(text.slice(0, slash), ones.length);
}

/** Whether the address lies in the range (families must agree). */
export function inRange(ip: IpValue, range: IpRange): boolean {
  return ip.family === range.family && ip.value >= range.lo && ip.value <= range.hi;
}

/** Loopback (127.0.0.0/8, ::1) for a parsed address: a packet from one can only arrive on `lo`. */
export function isLoopbackValue(ip: IpValue): boolean {
  return ip.family === 4 ? ip.value >> 24n === 127n : ip.value === 1n;
}
