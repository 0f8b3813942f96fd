import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Socket, SocketOwner } from '../../../shared/schemas/ports';
import type { WindowsProcess } from '../../../shared/firewall/windows/readings';
import { parsePowerShellJson, psNumber, psString } from '../../../shared/firewall/windows/parse-powershell-json';

/** MSFT_NetTCPConnection.State as numbers (ConvertTo-Json), in the words `ss` uses so both platforms read alike. */
const TCP_STATES: Record<number, string> = {
  1: 'CLOSED',
  2: 'LISTEN',
  3: 'SYN-SENT',
  4: 'SYN-RECV',
  5: 'ESTAB',
  6: 'FIN-WAIT-1',
  7: 'FIN-WAIT-2',
  8: 'CLOSE-WAIT',
  9: 'CLOSING',
  10: 'LAST-ACK',
  11: 'TIME-WAIT',
  12: 'DELETE-TCB',
  100: 'BOUND',
};
const STATE_NAMES: Record<string, string> = {
  listen: 'LISTEN',
  established: 'ESTAB',
  timewait: 'TIME-WAIT',
  bound: 'BOUND',
  closewait: 'CLOSE-WAIT',
};

/** Link-local IPv6 addresses carry `%zone`; the socket address is the part before it. */
const bare = (a: string): string => a.replace(/%.*$/, '');

function tcpState(value: unknown): string | undefined {
  const n = psNumber(value);
  if (n !== undefined) return TCP_STATES[n];
  const s = psString(value);
  return s === undefined ? undefined : (STATE_NAMES[s.toLowerCase()] ?? s.toUpperCase());
}

/** `Get-NetTCPConnection` / `Get-NetUDPEndpoint` JSON → sockets (owner pid only; names come from the process list). */
export function parseNetSockets(text: string, protocol: 'tcp' | 'udp', stderr = ''): Result<Socket[]> {
  const json = parsePowerShellJson(text, stderr);
  if (json.kind !== 'ok') return json;
  const sockets: Socket[] = [];
  for (const o of json.data) {
    const localAddress = psString(o.LocalAddress);
    const localPort = psNumber(o.LocalPort);
    const state = protocol === 'udp' ? 'UNCONN' : tcpState(o.State);
    if (localAddress === undefined || localPort === undefined || state === undefined || localPort < 0 || localPort > 65535) {
      return unavailable(
        'unparseable',
        `a ${protocol.toUpperCase()} socket without a readable address, port or state: ${JSON.stringify(o).slice(0, 200)}`,
      );
    }
    const address = bare(localAddress);
    const pid = psNumber(o.OwningProcess);
    const socket: Socket = {
      protocol,
      family: address.includes(':') ? 6 : 4,
      state,
      localAddress: address,
      localPort,
      remoteAddress: bare(psString(o.RemoteAddress) ?? (address.includes(':') ? '::' : '0.0.0.0')),
      remotePort: psNumber(o.RemotePort) ?? 0,
    };
    // PID 0 (System Idle Process) owns TIME-WAIT leftovers, never a listener or a bound UDP endpoint: there it
    // means "not reported" (Server 2012 R2), and the owner is looked up in netstat -ano instead.
    const bound = state === 'LISTEN' || protocol === 'udp';
    if (pid !== undefined && (pid > 0 || (pid === 0 && !bound))) socket.owner = { pid };
    sockets.push(socket);
  }
  return { kind: 'ok', data: sockets };
}

/** `Win32_Process` + `Win32_Service` JSON → processes by pid, with the services each hosts (svchost). */
export function parseProcesses(processText: string, serviceText: string | null): Result<Map<number, WindowsProcess>> {
  const procs = parsePowerShellJson(processText);
  if (procs.kind !== 'ok') return procs;
  const byPid = new Map<number, WindowsProcess>();
  for (const o of procs.data) {
    const pid = psNumber(o.ProcessId);
    if (pid === undefined) continue;
    const p: WindowsProcess = { pid, services: [] };
    const name = psString(o.Name);
    const path = psString(o.ExecutablePath);
    const command = psString(o.CommandLine);
    if (name) p.name = name;
    if (path) p.path = path;
    if (command) p.command = command;
    byPid.set(pid, p);
  }
  const services = serviceText === null ? null : parsePowerShellJson(serviceText);
  for (const o of services?.kind === 'ok' ? services.data : []) {
    const pid = psNumber(o.ProcessId);
    const name = psString(o.Name);
    if (pid === undefined || pid === 0 || !name) continue;
    const p = byPid.get(pid) ?? { pid, services: [] };
    p.services.push(name);
    byPid.set(pid, p);
  }
  return { kind: 'ok', data: byPid };
}

/** The owner of a socket: PID 4 is the kernel (`System`): http.sys (IIS, WinRM, URL reservations), SMB, NetBIOS. */
export function ownerOf(pid: number, processes: Map<number, WindowsProcess> | null): SocketOwner {
  if (pid === 4) return { pid, name: 'System', command: 'Windows kernel: http.sys (IIS, WinRM, URL reservations), SMB or NetBIOS' };
  const p = processes?.get(pid);
  const owner: SocketOwner = { pid };
  if (p?.name) owner.name = p.name;
  if (p?.command) owner.command = p.command;
  else if (p?.path) owner.command = p.path;
  if (p?.path) owner.path = p.path;
  if (p && p.services.length > 0) owner.service = p.services.join(',');
  return owner;
}
