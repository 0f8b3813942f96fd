/** The ephemeral range from /proc/sys/net/ipv4/ip_local_port_range (`32768\t60999`), or null. */
export function parseLocalPortRange(text: string): [number, number] | null {
  const m = /^\s*(\d{1,5})\s+(\d{1,5})\s*$/.exec(text);
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  return lo >= 1 && hi <= 65535 && lo <= hi ? [lo, hi] : null;
}

/**
 * Distinct local ports inside `range` among the sockets of /proc/net/tcp or tcp6 (`sl local rem st …`, hex ports).
 * Hand-written: the format is the kernel's fixed column layout and no library reads it without spawning netstat.
 */
export function localPortsInRange(procNetTcp: string, range: [number, number]): Set<number> {
  const ports = new Set<number>();
  for (const line of procNetTcp.split('\n').slice(1)) {
    const local = line.trim().split(/\s+/)[1];
    const hex = local?.slice(local.lastIndexOf(':') + 1);
    if (!hex || !/^[0-9A-Fa-f]{4}$/.test(hex)) continue;
    const port = parseInt(hex, 16);
    if (port >= range[0] && port <= range[1]) ports.add(port);
  }
  return ports;
}

// `  TCP    127.0.0.1:8411    127.0.0.1:58296    TIME_WAIT    0` — read by shape, since netstat translates its headers.
const NETSTAT_TCP_ROW = /^\s*TCP\s+(\S+):(\d{1,5})\s+\S+/i;

/** Distinct local TCP ports inside `range` among the rows of Windows `netstat -ano -p TCP` (any state, any language). */
export function localPortsInNetstat(text: string, range: [number, number]): Set<number> {
  const ports = new Set<number>();
  for (const line of text.split(/\r?\n/)) {
    const m = NETSTAT_TCP_ROW.exec(line);
    const port = m ? Number(m[2]) : NaN;
    if (port >= range[0] && port <= range[1]) ports.add(port);
  }
  return ports;
}
