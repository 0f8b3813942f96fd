import type { SynHeaders } from './types';

/**
 * The header fields of a captured IPv4 TCP SYN (`tcpdump -x` bytes from the IP header on), as the firewall
 * evaluators read them. Fields that change with every connection (IP id, checksums, the sequence number, the
 * timestamp values) are left out: a rule on them stays `unknown` for the next SYN, which is the one that matters.
 */

/** The bytes of `tcpdump -x` output (`\t0x0000:  4500 003c …` lines), in order. */
export function tcpdumpBytes(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s+0x[0-9a-f]+:\s+((?:[0-9a-f]{2,4}\s?)+)/i.exec(line);
    if (!m?.[1]) continue;
    for (const group of m[1].trim().split(/\s+/))
      for (let i = 0; i + 2 <= group.length; i += 2) out.push(parseInt(group.slice(i, i + 2), 16));
  }
  return out;
}

const TIMESTAMP = 8;

/** Parse an IPv4 TCP SYN; null when the bytes are not one. */
export function synHeaders(bytes: readonly number[]): SynHeaders | null {
  const b = (i: number): number => bytes[i] ?? 0;
  const word = (i: number): number => b(i) * 256 + b(i + 1);
  if (bytes.length < 40 || b(0) >> 4 !== 4 || b(9) !== 6) return null;
  const ihl = b(0) & 15;
  const t = ihl * 4;
  const doff = b(t + 12) >> 4;
  if (bytes.length < t + doff * 4 || (b(t + 13) & 0x12) !== 0x02) return null;
  const options: NonNullable<NonNullable<SynHeaders['tcp']>['options']> = [];
  for (let i = t + 20; i < t + doff * 4;) {
    const kind = b(i);
    if (kind === 0 || kind === 1) {
      options.push({ kind, length: 1, data: [] });
      i += 1;
      if (kind === 0) break;
      continue;
    }
    const length = b(i + 1);
    if (length < 2) break;
    const data = bytes.slice(i + 2, i + length);
    options.push(kind === TIMESTAMP ? { kind, length } : { kind, length, data });
    i += length;
  }
  return {
    length: word(2),
    dscp: b(1) >> 2,
    ecn: b(1) & 3,
    ttl: b(8),
    fragOff: word(6),
    hdrLength: ihl,
    tcp: { ackseq: word(t + 8) * 65536 + word(t + 10), doff, window: word(t + 14), urgptr: word(t + 18), options },
  };
}
