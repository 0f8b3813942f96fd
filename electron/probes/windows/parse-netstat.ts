import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Socket } from '../../../shared/schemas/ports';
import type { WindowsProcess } from '../../../shared/firewall/windows/readings';

// `netstat -ano` and `tasklist` translate their headers and state words (`ABHÖREN`, `侦听`), so rows are
// read by shape: protocol, two `address:port` columns, an optional state, a PID. A listening TCP row
// is one whose foreign address is `0.0.0.0:0` or `[::]:0`, whatever its state word says.

const ROW = /^\s*(TCP|UDP)\s+(\S+):(\d{1,5})\s+(\S+)\s+(?:(\S.*?)\s+)?(\d+)\s*$/i;

/** `[fe80::1%7]` → `fe80::1`; IPv4 unchanged. */
const bareAddress = (a: string): string => a.replace(/^\[/, '').replace(/\]$/, '').replace(/%.*$/, '');

/** `netstat -ano` (the fallback when PowerShell cannot run) → listening TCP sockets or UDP endpoints with PIDs. */
export function parseNetstatAno(text: string, protocol: 'tcp' | 'udp'): Result<Socket[]> {
  const lines = text.split(/\r?\n/);
  const sockets: Socket[] = [];
  let rows = 0;
  for (const line of lines) {
    const m = ROW.exec(line);
    if (!m) continue;
    rows++;
    const [, proto, local = '', port = '0', foreign = '', , pid = '0'] = m;
    if (proto?.toLowerCase() !== protocol) continue;
    const listening = protocol === 'udp' || foreign === '0.0.0.0:0' || foreign === '[::]:0';
    if (!listening) continue;
    const localAddress = bareAddress(local);
    sockets.push({
      protocol,
      family: localAddress.includes(':') ? 6 : 4,
      state: protocol === 'udp' ? 'UNCONN' : 'LISTEN',
      localAddress,
      localPort: Number(port),
      remoteAddress: localAddress.includes(':') ? '::' : '0.0.0.0',
      remotePort: 0,
      owner: { pid: Number(pid) },
    });
  }
  // The PID column header is not translated; without rows or that header this is not a netstat table.
  if (rows === 0 && !lines.some((l) => /\sPID\s*$/.test(l)))
    return unavailable('unparseable', `not a netstat -ano table: ${JSON.stringify(text.trim().slice(0, 160))}`);
  return { kind: 'ok', data: sockets };
}

/** One `tasklist /svc /fo csv /nh` line → its image name, PID and services cell; undefined for any other line. */
export function tasklistRow(line: string): { name: string; pid: number; services: string } | undefined {
  const cells = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? '').replace(/""/g, '"'));
  const [name, pidText, services = ''] = cells;
  return name && pidText && /^\d+$/.test(pidText) ? { name, pid: Number(pidText), services } : undefined;
}

/** `tasklist /svc /fo csv /nh` → image name and hosted services per PID (no paths: tasklist does not print them). */
export function parseTasklistSvc(text: string): Map<number, WindowsProcess> {
  const out = new Map<number, WindowsProcess>();
  for (const line of text.split(/\r?\n/)) {
    const row = tasklistRow(line);
    if (!row) continue;
    const { name, pid, services } = row;
    // "N/A" (or its translation) when a process hosts no service; service names are ASCII identifiers.
    const names = /^[A-Za-z0-9_.$@-]+(,\s*[A-Za-z0-9_.$@-]+)*$/.test(services) && services !== 'N/A' ? services.split(/,\s*/) : [];
    out.set(pid, { pid, name, services: names });
  }
  return out;
}
