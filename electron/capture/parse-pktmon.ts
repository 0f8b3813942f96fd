import { parsePacketBody } from './parse-tcpdump';
import type { CapturedPacket } from './parse-tcpdump';

// `HH:MM:SS.fffffff PktGroupId g, PktNumber n, Appearance a, Direction Rx|Tx , Type Ethernet , Component c, …`
// (etl2txt prefixes `[cpu]thread::date `; drops are prefixed `Drop: `). Field names are not localised.
const HEADER = /(\d\d:\d\d:\d\d\.\d+) (Drop: )?PktGroupId (\d+), PktNumber (\d+), Appearance (\d+), Direction\s+(Rx|Tx)\b/;
// The packet line: `MAC > MAC, ethertype IPv4 (0x0800), length 66: 10.0.0.1.5000 > 10.0.0.2.443: Flags [S], …`
const BODY = /ethertype (IPv4|IPv6) \(0x[0-9a-fA-F]+\), length \d+: (\S+) > (\S+?): (.*)$/;

/** A line-by-line pktmon parser (pktmon streams a header line, then the packet line): returns a packet or null. */
export function createPktmonLineParser(): (line: string) => CapturedPacket | null {
  const seen = new Set<string>();
  let header: RegExpExecArray | null = null;
  return (raw) => {
    const h = HEADER.exec(raw);
    if (h) {
      header = h;
      return null;
    }
    const b = header ? BODY.exec(raw) : null;
    if (!header || !b) return null;
    const [, time = '', drop, group = '', number = '', , direction] = header;
    header = null;
    // A packet is logged once per component it crosses: keep its first appearance only.
    const key = `${group}/${number}`;
    if (seen.has(key) || seen.size > 200_000) return null;
    seen.add(key);
    const p = parsePacketBody(time, b[1] === 'IPv6' ? 6 : 4, b[2] ?? '', b[3] ?? '', b[4] ?? '', raw);
    p.direction = direction === 'Rx' ? 'in' : 'out';
    if (drop) p.text = `Drop: ${p.text}`;
    return p;
  };
}

/**
 * Parse pktmon's text output (`pktmon start -c -m real-time`, or `pktmon etl2txt`): a header line per packet
 * appearance, then the packet in tcpdump's words; counts match what reached the host. Hand-written: no library
 * reads this format.
 */
export function parsePktmon(text: string): CapturedPacket[] {
  const parse = createPktmonLineParser();
  return text.split(/\r?\n/).flatMap((l) => {
    const p = parse(l);
    return p ? [p] : [];
  });
}
