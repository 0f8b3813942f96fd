import { parsePacketBody } from './parse-tcpdump';
import type { CapturedPacket } from './parse-tcpdump';

// A packet appearance is a header line, then the packet in tcpdump's words:
//   `HH:MM:SS.fffffff PktGroupId g, PktNumber n, Appearance a, Direction Tx , Type Ethernet , Component c, …`
//   `        MAC > MAC, ethertype IPv4 (0x0800), length 66: 10.0.0.1.5000 > 10.0.0.2.443: Flags [S], …`
// etl2txt prefixes `[cpu]pid.tid::date ` and `[Microsoft-Windows-PktMon] `; drops are prefixed `Drop: `.
// The labels are localised on some systems (a real ko-KR line: `PktGroupId 556, PktNumber 1, 모양 0, 방향 Tx ,
// 유형 Ethernet , 구성 요소 80, 에지 1, …` — see test/fixtures/capture/SOURCES.md), so the header is read by
// shape: a time, then comma-separated `label value` fields. PktGroupId/PktNumber are found by their (untranslated)
// labels, else by position (fields 1 and 2); the direction is the field whose value is Rx or Tx, wherever it is.
const TIME = /(\d\d:\d\d:\d\d\.\d+)\s+(?:\[[^\]]*\]\s+)?(?:(\S+):\s+)?(.*)$/;
// The packet: `… length 66: 10.0.0.1.5000 > 10.0.0.2.443: Flags [S], …` (or `… ICMP …`); `ethertype` may be absent
// (`--no-ethernet`), so the family comes from it when present and from the address otherwise.
const BODY = /(?:\b(IPv4|IPv6)\b[^:]*?length \d+: )?(\S+) > (\S+?): ((?:Flags \[|ICMP).*)$/;

interface Header {
  time: string;
  drop: boolean;
  key: string;
  direction?: 'in' | 'out';
}

/** One `label value` field split at its last space: the value is the last word, the label whatever precedes it. */
function field(text: string): { label: string; value: string } {
  const t = text.trim();
  const at = t.lastIndexOf(' ');
  return at < 0 ? { label: '', value: t } : { label: t.slice(0, at).trim(), value: t.slice(at + 1) };
}

/** A pktmon header line read by shape, or null when the line is not one. */
export function parsePktmonHeader(line: string): Header | null {
  const m = TIME.exec(line);
  if (!m) return null;
  const [, time = '', dropWord, rest = ''] = m;
  const fields = rest.split(',').map(field);
  if (fields.length < 4) return null;
  const byLabel = (label: string) => fields.find((f) => f.label.toLowerCase() === label.toLowerCase());
  const group = byLabel('PktGroupId') ?? fields[0];
  const number = byLabel('PktNumber') ?? fields[1];
  if (!group || !number || !/^\d+$/.test(group.value) || !/^\d+$/.test(number.value)) return null;
  const dir = fields.find((f) => /^(Rx|Tx)$/i.test(f.value));
  const h: Header = { time, drop: dropWord !== undefined, key: `${group.value}/${number.value}` };
  if (dir) h.direction = /^rx$/i.test(dir.value) ? 'in' : 'out';
  return h;
}

/** What a pktmon parser saw besides the packets: lines shaped like packet output it could not read. */
export interface PktmonLineStats {
  /** Header- or packet-shaped lines that gave no packet (a header with no packet line, a packet line with no header). */
  unread: number;
  /** The first such line, cut to 200 characters (for the evidence). */
  firstUnread?: string;
}

/** A line-by-line pktmon parser (pktmon streams a header line, then the packet line): returns a packet or null. */
export function createPktmonLineParser(stats?: PktmonLineStats): (line: string) => CapturedPacket | null {
  const seen = new Set<string>();
  let header: Header | null = null;
  const miss = (raw: string) => {
    if (!stats) return;
    stats.unread += 1;
    stats.firstUnread ??= raw.trim().slice(0, 200);
  };
  return (raw) => {
    const h = parsePktmonHeader(raw);
    if (h) {
      if (header) miss(raw);
      header = h;
      return null;
    }
    const b = BODY.exec(raw);
    // A packet that is neither TCP nor ICMP (`ethertype ARP …`) was read: it just is not one we count.
    if (!b && header && /\bethertype\b/.test(raw)) {
      header = null;
      return null;
    }
    if (!b) {
      // A time and several commas is a header whose shape we do not know: say so, never read it as silence.
      if (/\d\d:\d\d:\d\d\.\d+/.test(raw) && raw.split(',').length >= 4) miss(raw);
      return null;
    }
    if (!header) {
      miss(raw);
      return null;
    }
    const { time, drop, key, direction } = header;
    header = null;
    // A packet is logged once per component it crosses: keep its first appearance only.
    if (seen.has(key) || seen.size > 200_000) return null;
    seen.add(key);
    const [, ether, srcText = '', dstText = '', rest = ''] = b;
    const family = ether ? (ether === 'IPv6' ? 6 : 4) : srcText.includes(':') ? 6 : 4;
    const p = parsePacketBody(time, family, srcText, dstText, rest, raw);
    if (direction) p.direction = direction;
    if (drop) p.text = `Drop: ${p.text}`;
    return p;
  };
}

/**
 * Parse pktmon's text output (`pktmon start -c -m real-time`, or `pktmon etl2txt`): a header line per packet
 * appearance, then the packet in tcpdump's words; counts match what reached the host. Hand-written: no library
 * reads this format. `stats` (when given) counts packet-shaped lines that could not be read.
 */
export function parsePktmon(text: string, stats?: PktmonLineStats): CapturedPacket[] {
  const parse = createPktmonLineParser(stats);
  return text.split(/\r?\n/).flatMap((l) => {
    const p = parse(l);
    return p ? [p] : [];
  });
}

/**
 * The reason a capture that printed packet-shaped lines but gave no packet must be `unknown`: zero packets read
 * from such output is not "no SYN arrived". Null when nothing was left unread or some packet was read.
 */
export function unreadPktmonReason(packets: number, stats: PktmonLineStats): string | null {
  if (packets > 0 || stats.unread === 0) return null;
  return `pktmon printed ${stats.unread} line(s) shaped like packet output that PortDoctor could not read (first: "${stats.firstUnread ?? ''}"); 0 packets read from them does not mean no SYN arrived`;
}
