import { isIp } from '../net/address';
import type { ActionCommand, Connection } from '../schemas/port-actions';

/** An address as ss's filter takes it: IPv6 in brackets (a bare `::1` is read as host:port), IPv4 as is. */
function ssAddress(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * `ss -K` with an exact filter: both addresses and both ports, TCP only, so it can match one connection and nothing
 * else. It needs CAP_NET_ADMIN and a kernel with CONFIG_INET_DIAG_DESTROY; without that option ss prints no socket
 * and still exits 0, which is why the caller checks afterwards. ss matches an IPv4 address against the IPv4-mapped
 * form of a tcp6 socket, so a mapped connection is closed by its IPv4 addresses.
 */
export function closeConnectionLinux(c: Connection): ActionCommand {
  for (const a of [c.localAddress, c.remoteAddress]) if (!isIp(a)) throw new Error(`not an IP address: ${a}`);
  return {
    argv: [
      'ss',
      '-K',
      '-t',
      '-n',
      'src',
      ssAddress(c.localAddress),
      'sport',
      '=',
      `:${c.localPort}`,
      'dst',
      ssAddress(c.remoteAddress),
      'dport',
      '=',
      `:${c.remotePort}`,
    ],
  };
}

/** The socket list `ss -K` printed: its lines after the header, i.e. the sockets it closed. */
export function parseSsKilled(stdout: string): string[] {
  return stdout
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** An IPv4 address as MIB_TCPROW holds it: the four bytes in network order, read as a little-endian DWORD. */
export function mibAddress(ipv4: string): number {
  const parts = ipv4.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ipv4}`);
  const [a = 0, b = 0, c = 0, d = 0] = parts;
  return ((d << 24) >>> 0) + (c << 16) + (b << 8) + a;
}

/** A port as MIB_TCPROW holds it: network byte order in the low 16 bits of a DWORD. */
export function mibPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${port}`);
  return ((port & 0xff) << 8) | (port >> 8);
}

/** MIB_TCP_STATE_DELETE_TCB: the only state SetTcpEntry accepts; it resets the connection. */
const DELETE_TCB = 12;

// C# for Add-Type: SetTcpEntry from iphlpapi.dll with the MIB_TCPROW layout (five DWORDs).
const TCP_TYPE =
  'using System; using System.Runtime.InteropServices; namespace PortDoctor { ' +
  '[StructLayout(LayoutKind.Sequential)] public struct MibTcpRow { public uint State; public uint LocalAddr; public uint LocalPort; public uint RemoteAddr; public uint RemotePort; } ' +
  'public static class Tcp { [DllImport("iphlpapi.dll")] public static extern uint SetTcpEntry(ref MibTcpRow row); } }';

/** UTF-16LE, base64: what `powershell.exe -EncodedCommand` takes, so no quoting layer can change the script. */
export function encodePowerShell(script: string): string {
  let binary = '';
  for (let i = 0; i < script.length; i++) {
    const code = script.charCodeAt(i);
    binary += String.fromCharCode(code & 0xff, code >> 8);
  }
  return btoa(binary);
}

/** The script `closeConnectionWindows` runs, made only of integers (the endpoints as MIB_TCPROW numbers). */
export function setTcpEntryScript(c: Connection): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    `Add-Type -TypeDefinition '${TCP_TYPE}'`,
    '$row = New-Object PortDoctor.MibTcpRow',
    `$row.State = ${DELETE_TCB}`,
    `$row.LocalAddr = ${mibAddress(c.localAddress)}`,
    `$row.LocalPort = ${mibPort(c.localPort)}`,
    `$row.RemoteAddr = ${mibAddress(c.remoteAddress)}`,
    `$row.RemotePort = ${mibPort(c.remotePort)}`,
    "Write-Output ('SetTcpEntry=' + [PortDoctor.Tcp]::SetTcpEntry([ref]$row))",
  ].join('\n');
}

/**
 * Windows: SetTcpEntry with MIB_TCP_STATE_DELETE_TCB through PowerShell (IPv4 only: the API has no IPv6 form),
 * as an encoded command. Needs an elevated token. Null for an IPv6 connection.
 */
export function closeConnectionWindows(c: Connection): ActionCommand | null {
  if (c.localAddress.includes(':') || c.remoteAddress.includes(':')) return null;
  const script = setTcpEntryScript(c);
  return { argv: ['powershell.exe', '-NoProfile', '-NonInteractive', '-EncodedCommand', encodePowerShell(script)], script };
}

/** SetTcpEntry's return code from the script's output (`SetTcpEntry=0`), or null when it did not print one. */
export function parseSetTcpEntry(stdout: string): number | null {
  const m = /^SetTcpEntry=(\d+)\s*$/m.exec(stdout);
  return m?.[1] ? Number(m[1]) : null;
}

/** What SetTcpEntry's return codes mean: 0 done; 5 and 317 (ERROR_MR_MID_NOT_FOUND) are what it returns without an elevated token. */
export function setTcpEntryOutcome(code: number): 'closed' | 'needs-admin' | 'failed' {
  if (code === 0) return 'closed';
  return code === 5 || code === 317 ? 'needs-admin' : 'failed';
}

/** Linux: the signal to send to a process (`kill -TERM <pid>`, then `kill -KILL <pid>` if asked and it still runs). */
export function signalProcessLinux(pid: number, signal: 'TERM' | 'KILL'): ActionCommand {
  if (!Number.isInteger(pid) || pid < 1) throw new Error(`not a process id: ${pid}`);
  return { argv: ['kill', `-${signal}`, String(pid)] };
}

/** Windows: Stop-Process for one PID (`-Force` when asked: also processes of other users without a prompt). */
export function stopProcessWindows(pid: number, force: boolean): ActionCommand {
  if (!Number.isInteger(pid) || pid < 1) throw new Error(`not a process id: ${pid}`);
  const script = `Stop-Process -Id ${pid}${force ? ' -Force' : ''} -ErrorAction Stop`;
  return { argv: ['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', script] };
}
