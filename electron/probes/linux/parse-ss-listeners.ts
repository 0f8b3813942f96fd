import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';

/** A TCP listener as `ss -Hltne` shows it: what /proc/net/tcp lacks (the accept-queue maximum, v6-only). */
export interface SsListener {
  localAddress: string;
  localPort: number;
  /** Accept-queue fill and its maximum (the listen backlog, capped by somaxconn). */
  recvQ: number;
  sendQ: number;
  inode: number | null;
  /** `*` in ss means an IPv6 wildcard socket that also accepts IPv4 (IPV6_V6ONLY off). */
  dualStack: boolean;
  interface?: string;
}

function splitHostPort(text: string): { host: string; port: number; iface?: string } | null {
  const m = /^(.*):(\d+|\*)$/.exec(text);
  if (!m || m[2] === '*') return null;
  let host = m[1] ?? '';
  let iface: string | undefined;
  const pct = host.indexOf('%');
  if (pct !== -1) {
    iface = host.slice(pct + 1).replace(/\]$/, '');
    host = host.slice(0, pct) + (host.endsWith(']') ? ']' : '');
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return iface === undefined ? { host, port: Number(m[2]) } : { host, port: Number(m[2]), iface };
}

/** Parse `ss -Hltne` (no header, TCP listeners, numeric, extended). Hand-written: ss has no JSON output. */
export function parseSsListeners(text: string): Result<SsListener[]> {
  const out: SsListener[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const f = line.split(/\s+/);
    if (f[0] !== 'LISTEN' || f.length < 5) return unavailable('unparseable', `unexpected ss line: ${line.slice(0, 160)}`);
    const local = splitHostPort(f[3] ?? '');
    const recvQ = Number(f[1]);
    const sendQ = Number(f[2]);
    if (!local || !Number.isInteger(recvQ) || !Number.isInteger(sendQ))
      return unavailable('unparseable', `unexpected ss line: ${line.slice(0, 160)}`);
    const ino = /\bino:(\d+)/.exec(line);
    const dualStack = local.host === '*';
    const entry: SsListener = {
      localAddress: dualStack ? '::' : local.host,
      localPort: local.port,
      recvQ,
      sendQ,
      inode: ino ? Number(ino[1]) : null,
      dualStack,
    };
    if (local.iface) entry.interface = local.iface;
    out.push(entry);
  }
  return { kind: 'ok', data: out };
}
