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
  for (let i = 0; i < 8; ) {
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

function decodeCached(hex: string): string | null {
  let v = decoded.get(hex);
  if (v === undefined && !decoded.has(hex)) {
    v = decodeProcAddress(hex);
    if (decoded.size > 100_000) decoded.clear();
    decoded.set(hex, v);
  }
  return v ?? null;
}

interface Row {
  local: string;
  lPort: string;
  remote: string;
  rPort: string;
  st: string;
  tx: string;
  rx: string;
  inode: string;
}

// The kernel prints every row with the same fixed-width fields (net/ipv4/tcp_ipv4.c get_tcp4_sock); reading
// them by offset is several times faster than splitting 40k lines, and any row that does not fit is split.
function fixedRow(line: string, hexLen: number): Row | null {
  const p = line.indexOf(':');
  const L = hexLen;
  if (p < 0 || line.charCodeAt(p + 2 + L) !== 58 || line.charCodeAt(p + 7 + 2 * L) !== 58 || line.charCodeAt(p + 25 + 2 * L) !== 58) return null;
  let i = p + 55 + 2 * L;
  const fields: string[] = [];
  while (fields.length < 3 && i < line.length) {
    while (line.charCodeAt(i) === 32) i++;
    const start = i;
    while (i < line.length && line.charCodeAt(i) !== 32) i++;
    if (i > start) fields.push(line.slice(start, i));
  }
  const inode = fields[2];
  if (inode === undefined) return null;
  return {
    local: line.substr(p + 2, L),
    lPort: line.substr(p + 3 + L, 4),
    remote: line.substr(p + 8 + L, L),
    rPort: line.substr(p + 9 + 2 * L, 4),
    st: line.substr(p + 14 + 2 * L, 2),
    tx: line.substr(p + 17 + 2 * L, 8),
    rx: line.substr(p + 26 + 2 * L, 8),
    inode,
  };
}

function splitRow(line: string): Row | null {
  const f = line.trim().split(/\s+/);
  const [local, remote, st, queues, inode] = [f[1], f[2], f[3], f[4], f[9]];
  if (!local || !remote || !st || !queues || !inode || f[7] === undefined) return null;
  const [lAddr, lPort] = local.split(':');
  const [rAddr, rPort] = remote.split(':');
  const [tx, rx] = queues.split(':');
  if (!lAddr || !lPort || !rAddr || !rPort || !tx || !rx) return null;
  return { local: lAddr, lPort, remote: rAddr, rPort, st, tx, rx, inode };
}

/**
 * Parse /proc/net/{tcp,tcp6,udp,udp6}. Hand-written: no maintained npm package parses these tables
 * (systeminformation shells out to netstat/ss instead). UDP state 07 is an unconnected bound socket (`UNCONN`).
 */
export function parseProcNet(text: string, protocol: 'tcp' | 'udp', family: 4 | 6): Result<Socket[]> {
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  if (!/^\s*sl\s+local_address\s+rem(?:ote)?_address\s+st\s+tx_queue\s+rx_queue/.test(header)) {
    return unavailable('unparseable', `unexpected header in /proc/net/${protocol}${family === 6 ? '6' : ''}: ${header.slice(0, 120)}`);
  }
  const hexLen = family === 6 ? 32 : 8;
  const sockets: Socket[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length === 0 || line.trim() === '') continue;
    const row = fixedRow(line, hexLen) ?? splitRow(line);
    if (!row) return unavailable('unparseable', `truncated line ${i + 1}: ${line.slice(0, 120)}`);
    const localAddress = decodeCached(row.local);
    const remoteAddress = decodeCached(row.remote);
    const inode = Number(row.inode);
    const localPort = parseInt(row.lPort, 16);
    const remotePort = parseInt(row.rPort, 16);
    if (!localAddress || !remoteAddress || Number.isNaN(localPort) || Number.isNaN(remotePort) || !Number.isInteger(inode)) {
      return unavailable('unparseable', `bad address on line ${i + 1}: ${line.slice(0, 120)}`);
    }
    const state = protocol === 'udp' ? (row.st === '07' ? 'UNCONN' : row.st === '01' ? 'ESTAB' : row.st) : (TCP_STATES[row.st] ?? row.st);
    // For LISTEN, rx_queue is the accept-queue fill; its maximum is not in /proc (ss reads it over netlink).
    const socket: Socket = { protocol, family, state, localAddress, localPort, remoteAddress, remotePort, recvQ: parseInt(row.rx, 16), inode };
    if (state !== 'LISTEN') socket.sendQ = parseInt(row.tx, 16);
    sockets.push(socket);
  }
  return { kind: 'ok', data: sockets };
}
