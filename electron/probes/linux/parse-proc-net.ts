import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Socket } from '../../../shared/schemas/ports';

/** include/net/tcp_states.h, spelled as `ss` spells them. */
const TCP_STATES: Record<string, string> = {
  '01': 'ESTAB',
  '02': 'SYN-SENT',
  '03': 'SYN-RECV',
  '04': 'FIN-WAIT-1',
  '05': 'FIN-WAIT-2',
  '06': 'TIME-WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE-WAIT',
  '09': 'LAST-ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
  '0C': 'NEW-SYN-RECV',
};

// The kernel prints each 32-bit word of the address with %08X from host byte order; every platform
// PortDoctor runs on (x86-64, arm64) is little-endian, so each word's bytes come reversed.
function hexWordBytes(word: string): number[] {
  return [6, 4, 2, 0].map((i) => parseInt(word.slice(i, i + 2), 16));
}

/** `0100007F` → `127.0.0.1`; 32 hex digits → compressed IPv6 text. */
export function decodeProcAddress(hex: string): string | null {
  if (hex.length === 8) return hexWordBytes(hex).join('.');
  if (hex.length !== 32) return null;
  const bytes = [0, 8, 16, 24].flatMap((i) => hexWordBytes(hex.slice(i, i + 8)));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return compressV6(groups);
}

function compressV6(groups: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best === -1) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const decoded = new Map<string, string | null>();
const decodedV4 = new Map<number, string>();

function decodeCached(hex: string): string | null {
  let v = decoded.get(hex);
  if (v === undefined && !decoded.has(hex)) {
    v = decodeProcAddress(hex);
    if (decoded.size > 100_000) decoded.clear();
    decoded.set(hex, v);
  }
  return v ?? null;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** The hex number at text[at, at+len), or -1 when a character is not a hex digit. */
function hexAt(text: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const d = hexDigit(text.charCodeAt(i));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

function addressAt(text: string, at: number, hexLen: number): string | null {
  if (hexLen === 8) {
    const n = hexAt(text, at, 8);
    if (n < 0) return null;
    let v = decodedV4.get(n);
    if (v === undefined) {
      // Little-endian word: the first byte printed last.
      v = `${n & 255}.${(n >>> 8) & 255}.${(n >>> 16) & 255}.${n >>> 24}`;
      if (decodedV4.size > 100_000) decodedV4.clear();
      decodedV4.set(n, v);
    }
    return v;
  }
  return decodeCached(text.substr(at, hexLen));
}

/** The n-th space-separated field from `at` up to `end` as a decimal number, or -1 when it is missing or not decimal. */
function decimalFieldAt(text: string, at: number, end: number, n: number): number {
  let i = at;
  for (let k = 0; k < n; k++) {
    while (i < end && text.charCodeAt(i) === 32) i++;
    const start = i;
    while (i < end && text.charCodeAt(i) !== 32) i++;
    if (i === start) return -1;
  }
  while (i < end && text.charCodeAt(i) === 32) i++;
  let v = 0;
  const start = i;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) break;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return i === start ? -1 : v;
}

const SLOW =
  /^\s*\d+:\s+([0-9A-Fa-f]+):([0-9A-Fa-f]{4})\s+([0-9A-Fa-f]+):([0-9A-Fa-f]{4})\s+([0-9A-Fa-f]{2})\s+([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8})\s+(?:([0-9A-Fa-f]{2}):([0-9A-Fa-f]{8,16})|\S+)\s+\S+\s+(\d+)\s+\d+\s+(\d+)/;

/**
 * Parse /proc/net/{tcp,tcp6,udp,udp6}. Hand-written: no maintained npm package parses these tables
 * (systeminformation shells out to netstat/ss instead). The kernel prints every row with the same
 * fixed-width fields (net/ipv4/tcp_ipv4.c get_tcp4_sock), so rows are read by offset without splitting
 * 40k lines into strings; a row that does not fit the layout is matched field by field instead.
 * UDP state 07 is an unconnected bound socket (`UNCONN`). `timers`: also read when TIME-WAIT sockets end (`endsInMs`);
 * off for the ports view, whose refreshes compare rows and would see every such row change each time.
 */
export function parseProcNet(text: string, protocol: 'tcp' | 'udp', family: 4 | 6, timers = false): Result<Socket[]> {
  const firstEnd = text.indexOf('\n');
  const header = firstEnd === -1 ? text : text.slice(0, firstEnd);
  if (!/^\s*sl\s+local_address\s+rem(?:ote)?_address\s+st\s+tx_queue\s+rx_queue/.test(header)) {
    return unavailable('unparseable', `unexpected header in /proc/net/${protocol}${family === 6 ? '6' : ''}: ${header.slice(0, 120)}`);
  }
  const L = family === 6 ? 32 : 8;
  const sockets: Socket[] = [];
  let pos = firstEnd === -1 ? text.length : firstEnd + 1;
  let lineNo = 1;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    lineNo++;
    const start = pos;
    pos = end + 1;
    const p = text.indexOf(':', start);
    if (p === -1 || p >= end) {
      if (text.slice(start, end).trim() === '') continue;
      return unavailable('unparseable', `truncated line ${lineNo}: ${text.slice(start, Math.min(end, start + 120))}`);
    }
    // The three ':' of local, remote and tx:rx at their fixed places: then every field is where the kernel puts it.
    const socket =
      (text.charCodeAt(p + 2 + L) === 58 && text.charCodeAt(p + 8 + 2 * L) === 58 && text.charCodeAt(p + 25 + 2 * L) === 58
        ? fixedRow(text, p, end, L, protocol, family, timers)
        : null) ?? slowRow(text.slice(start, end), protocol, family, timers);
    if (!socket)
      return unavailable('unparseable', `truncated or malformed line ${lineNo}: ${text.slice(start, Math.min(end, start + 120))}`);
    sockets.push(socket);
  }
  return { kind: 'ok', data: sockets };
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));
const TCP_BY_NUMBER = HEX2.map((hex) => TCP_STATES[hex] ?? hex);
const UDP_BY_NUMBER = HEX2.map((hex, i) => (i === 7 ? 'UNCONN' : i === 1 ? 'ESTAB' : hex));

function stateOf(protocol: 'tcp' | 'udp', st: number): string {
  return (protocol === 'udp' ? UDP_BY_NUMBER : TCP_BY_NUMBER)[st] ?? String(st);
}

// The kernel prints `tm->when` in clock ticks of USER_HZ (jiffies_delta_to_clock_t), 100 per second on x86-64 and arm64.
const MS_PER_TICK = 10;
/** Timer 3 is the TIME-WAIT timer (net/ipv4/tcp_ipv4.c get_timewait4_sock): when it runs out the socket is gone. */
const TIMEWAIT_TIMER = 3;

function build(
  protocol: 'tcp' | 'udp',
  family: 4 | 6,
  f: {
    local: string | null;
    lPort: number;
    remote: string | null;
    rPort: number;
    st: number;
    tx: number;
    rx: number;
    inode: number;
    tr?: number;
    when?: number;
  },
): Socket | null {
  if (!f.local || !f.remote || f.lPort < 0 || f.rPort < 0 || f.st < 0 || f.tx < 0 || f.rx < 0 || !Number.isInteger(f.inode)) return null;
  const state = stateOf(protocol, f.st);
  // For LISTEN, rx_queue is the accept-queue fill; its maximum is not in /proc (ss reads it over netlink).
  const socket: Socket = {
    protocol,
    family,
    state,
    localAddress: f.local,
    localPort: f.lPort,
    remoteAddress: f.remote,
    remotePort: f.rPort,
    recvQ: f.rx,
    inode: f.inode,
  };
  if (state !== 'LISTEN') socket.sendQ = f.tx;
  if (protocol === 'tcp' && f.tr === TIMEWAIT_TIMER && f.when !== undefined && f.when >= 0) socket.endsInMs = f.when * MS_PER_TICK;
  return socket;
}

function fixedRow(text: string, p: number, end: number, L: number, protocol: 'tcp' | 'udp', family: 4 | 6, timers: boolean): Socket | null {
  // ` %5u %8d %lu`: uid and timeout right-aligned, so the inode starts 16 further on unless one outgrew its width.
  const at = p + 55 + 2 * L;
  const aligned =
    text.charCodeAt(at + 15) === 32 && text.charCodeAt(at + 14) !== 32 && text.charCodeAt(at + 5) !== 32 && text.charCodeAt(at + 6) === 32;
  const inode = aligned ? decimalFieldAt(text, at + 16, end, 0) : decimalFieldAt(text, at, end, 2);
  if (inode < 0) return null;
  return build(protocol, family, {
    local: addressAt(text, p + 2, L),
    lPort: hexAt(text, p + 3 + L, 4),
    remote: addressAt(text, p + 8 + L, L),
    rPort: hexAt(text, p + 9 + 2 * L, 4),
    st: hexAt(text, p + 14 + 2 * L, 2),
    tx: hexAt(text, p + 17 + 2 * L, 8),
    rx: hexAt(text, p + 26 + 2 * L, 8),
    inode,
    ...(timers ? { tr: hexAt(text, p + 35 + 2 * L, 2), when: hexAt(text, p + 38 + 2 * L, 8) } : {}),
  });
}

function slowRow(line: string, protocol: 'tcp' | 'udp', family: 4 | 6, timers: boolean): Socket | null {
  const m = SLOW.exec(line);
  if (!m) return null;
  const hex = (i: number) => parseInt(m[i] ?? '', 16);
  const timer = !timers || m[8] === undefined ? {} : { tr: hex(8), when: hex(9) };
  return build(protocol, family, {
    local: decodeCached(m[1] ?? ''),
    lPort: hex(2),
    remote: decodeCached(m[3] ?? ''),
    rPort: hex(4),
    st: hex(5),
    tx: hex(6),
    rx: hex(7),
    inode: Number(m[11]),
    ...timer,
  });
}
