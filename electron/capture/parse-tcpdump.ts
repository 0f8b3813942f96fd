/** One packet line of `tcpdump -nn -l -tttt` (with or without `-i any`'s interface and direction). */
export interface CapturedPacket {
  time: string;
  iface?: string;
  /** `in` / `out` with `-i any` (Linux cooked v2); undefined on a single interface. */
  direction?: 'in' | 'out';
  family: 4 | 6;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  protocol: 'tcp' | 'icmp' | 'other';
  /** TCP flags as tcpdump prints them: `S`, `S.`, `R.`, `.`, `P.`, `F.`. */
  flags?: string;
  seq?: number;
  /** The ICMP text after `ICMP`/`ICMP6,` (`host 10.0.0.1 unreachable - admin prohibited filter`). */
  icmp?: string;
  text: string;
}

const HEAD =
  /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+|\d+\.\d+|\d\d:\d\d:\d\d\.\d+)\s+(?:(\S+)\s+(In|Out|M|B|P)\s+)?(IP6?) (\S+) > (\S+?): (.*)$/;

function splitEndpoint(text: string, v6: boolean): { address: string; port?: number } {
  // tcpdump -nn writes address.port for both families (fd00::1.8080); ICMP lines carry no port.
  const m = /^(.*)\.(\d{1,5})$/.exec(text);
  if (m && m[1] && (v6 ? m[1].includes(':') : m[1].split('.').length === 4)) return { address: m[1], port: Number(m[2]) };
  return { address: text };
}

/**
 * Parse one tcpdump line; null for anything else (headers, stats, continuation lines of -v).
 * Hand-written: no maintained npm package parses tcpdump's text output, and pcap parsers would need
 * the raw capture file (-w), which tcpdump only flushes at exit and which pktmon cannot write.
 */
export function parseTcpdumpLine(line: string): CapturedPacket | null {
  const m = HEAD.exec(line.trim());
  if (!m) return null;
  const [, time = '', iface, dir, ip, srcText = '', dstText = '', rest = ''] = m;
  const p = parsePacketBody(time, ip === 'IP6' ? 6 : 4, srcText, dstText, rest, line);
  if (iface) p.iface = iface;
  if (dir === 'In' || dir === 'Out') p.direction = dir === 'In' ? 'in' : 'out';
  return p;
}

/** The part tcpdump and pktmon print alike: `src.port > dst.port: Flags [S], seq …` or `… ICMP …`. */
export function parsePacketBody(time: string, family: 4 | 6, srcText: string, dstText: string, rest: string, line: string): CapturedPacket {
  const v6 = family === 6;
  const src = splitEndpoint(srcText, v6);
  const dst = splitEndpoint(dstText, v6);
  const p: CapturedPacket = { time, family, src: src.address, dst: dst.address, protocol: 'other', text: line.trim().slice(0, 500) };
  if (src.port !== undefined) p.sport = src.port;
  if (dst.port !== undefined) p.dport = dst.port;
  const flags = /^Flags \[([^\]]*)\](?:, seq (\d+))?/.exec(rest);
  const icmp = /^ICMP6?,? (.*?)(?:, length \d+)?$/.exec(rest);
  if (flags) {
    p.protocol = 'tcp';
    p.flags = flags[1] ?? '';
    if (flags[2]) p.seq = Number(flags[2]);
  } else if (icmp) {
    p.protocol = 'icmp';
    p.icmp = (icmp[1] ?? '').replace(/\s+/g, ' ').trim();
  }
  return p;
}

/** Parse tcpdump's stdout; non-packet lines are skipped. */
export function parseTcpdump(text: string): CapturedPacket[] {
  return text.split('\n').flatMap((l) => {
    const p = parseTcpdumpLine(l);
    return p ? [p] : [];
  });
}

/** True when tcpdump's stderr says it lacked the privilege to capture. */
export function isCapturePermissionError(stderr: string): boolean {
  return /permission|not permitted|operation not permitted|must be root/i.test(stderr);
}
