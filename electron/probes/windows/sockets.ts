import type { Result, Unavailable } from '../../../shared/schemas/common';
import type { Socket } from '../../../shared/schemas/ports';
import type { Runner } from '../../system/runner';
import { runConsole } from './console';
import { parseHttpSysUrls, type HttpSysUrl } from './parse-netsh';
import { parseNetstatAno, parseTasklistSvc } from './parse-netstat';
import { ownerOf, parseNetSockets, parseProcesses } from './parse-sockets';
import type { WindowsProcess } from '../../../shared/firewall/windows/readings';
import { WINDOWS_SOURCES } from './sources';

/** Listening sockets with owners, the processes behind them, and what could not be read. */
export interface WindowsSockets {
  sockets: Socket[];
  processes: Map<number, WindowsProcess> | null;
  /** Why owners are missing or partial (not elevated, a source failed). */
  notes: string[];
  /** Sockets whose owner the PowerShell source did not report, filled from `netstat -ano` (how many, how many found). */
  netstatOwners?: { localAddress: string; localPort: number; found: boolean }[];
}

/** Listening TCP sockets or bound UDP endpoints, owners joined from Win32_Process and Win32_Service. */
export async function readWindowsSockets(
  runner: Runner,
  codePage: number | null,
  protocol: 'tcp' | 'udp',
): Promise<Result<WindowsSockets>> {
  const spec = protocol === 'tcp' ? WINDOWS_SOURCES.tcpListeners : WINDOWS_SOURCES.udpEndpoints;
  const raw = await runConsole(runner, spec, codePage);
  const parsed = raw.kind === 'ok' ? parseNetSockets(raw.data.stdout, protocol, raw.data.stderr) : raw;
  if (parsed.kind !== 'ok') return readWithNetstat(runner, codePage, protocol, parsed);
  const notes: string[] = [];
  const procText = await runConsole(runner, WINDOWS_SOURCES.processes, codePage);
  const svcText = await runConsole(runner, WINDOWS_SOURCES.services, codePage);
  if (svcText.kind !== 'ok') notes.push(`service names unknown: ${svcText.detail}`);
  const procs =
    procText.kind === 'ok' ? parseProcesses(procText.data.stdout, svcText.kind === 'ok' ? svcText.data.stdout : null) : procText;
  if (procs.kind !== 'ok') notes.push(`process names unknown: ${procs.detail}`);
  const processes = procs.kind === 'ok' ? procs.data : null;
  const filled = await ownersFromNetstat(runner, codePage, protocol, parsed.data);
  const sockets = filled.sockets.map((s) => (s.owner ? { ...s, owner: ownerOf(s.owner.pid, processes) } : s));
  return { kind: 'ok', data: { sockets, processes, notes, ...(filled.counts ? { netstatOwners: filled.counts } : {}) } };
}

const sameEndpoint = (a: Socket, b: Socket): boolean =>
  a.protocol === b.protocol && a.localPort === b.localPort && a.localAddress === b.localAddress;

/** OwningProcess null/0 (reported on Server 2012 R2): take the PID netstat -ano prints for the same local endpoint. */
async function ownersFromNetstat(
  runner: Runner,
  codePage: number | null,
  protocol: 'tcp' | 'udp',
  sockets: Socket[],
): Promise<{ sockets: Socket[]; counts?: WindowsSockets['netstatOwners'] }> {
  const ownerless = sockets.filter((s) => !s.owner && (protocol === 'udp' || s.state === 'LISTEN'));
  if (ownerless.length === 0) return { sockets };
  const text = await runConsole(runner, WINDOWS_SOURCES.netstat, codePage);
  const parsed = text.kind === 'ok' ? parseNetstatAno(text.data.stdout, protocol) : text;
  const rows = parsed.kind === 'ok' ? parsed.data.filter((r) => r.owner && r.owner.pid > 0) : [];
  const counts: NonNullable<WindowsSockets['netstatOwners']> = [];
  const out = sockets.map((s) => {
    if (s.owner || !ownerless.includes(s)) return s;
    const row = rows.find((r) => sameEndpoint(r, s));
    counts.push({ localAddress: s.localAddress, localPort: s.localPort, found: row?.owner !== undefined });
    return row?.owner ? { ...s, owner: { pid: row.owner.pid } } : s;
  });
  return { sockets: out, counts };
}

/** Without PowerShell: sockets from `netstat -ano`, owners from `tasklist /svc` (names and services, no paths). */
async function readWithNetstat(
  runner: Runner,
  codePage: number | null,
  protocol: 'tcp' | 'udp',
  why: Unavailable,
): Promise<Result<WindowsSockets>> {
  const text = await runConsole(runner, WINDOWS_SOURCES.netstat, codePage);
  const parsed = text.kind === 'ok' ? parseNetstatAno(text.data.stdout, protocol) : text;
  if (parsed.kind !== 'ok') return why;
  const notes = [`sockets read with netstat -ano because PowerShell could not (${why.detail}); program paths are unknown`];
  const tasks = await runConsole(runner, WINDOWS_SOURCES.tasklist, codePage);
  const processes = tasks.kind === 'ok' ? parseTasklistSvc(tasks.data.stdout) : null;
  if (tasks.kind !== 'ok') notes.push(`process names unknown: ${tasks.detail}`);
  const sockets = parsed.data.map((s) => (s.owner ? { ...s, owner: ownerOf(s.owner.pid, processes) } : s));
  return { kind: 'ok', data: { sockets, processes, notes } };
}

/** Who holds a port inside http.sys (PID 4): registered URLs by request queue, then URL reservations. */
export async function readHttpSysUrls(
  runner: Runner,
  codePage: number | null,
  port: number,
): Promise<{ served: HttpSysUrl[]; reserved: HttpSysUrl[]; notes: string[] }> {
  const notes: string[] = [];
  const read = async (spec: typeof WINDOWS_SOURCES.httpServiceState): Promise<HttpSysUrl[]> => {
    const r = await runConsole(runner, spec, codePage);
    if (r.kind !== 'ok') {
      notes.push(`${spec.source}: ${r.detail}`);
      return [];
    }
    return parseHttpSysUrls(r.data.stdout).filter((u) => u.port === port);
  };
  return { served: await read(WINDOWS_SOURCES.httpServiceState), reserved: await read(WINDOWS_SOURCES.httpUrlAcl), notes };
}

/** Describe an http.sys holder for the owner's command field: the request queue (IIS app pool), its workers, the URL. */
export function describeHttpSys(
  served: HttpSysUrl[],
  reserved: HttpSysUrl[],
  processes: Map<number, WindowsProcess> | null,
): string | undefined {
  const first = served[0] ?? reserved[0];
  if (!first) return undefined;
  const kind = served.length > 0 ? 'request queue' : 'URL reservation for';
  const workers = (first.pids ?? []).map((pid) => `${processes?.get(pid)?.name ?? 'pid'} ${pid}`);
  return `http.sys ${kind} ${first.owner ?? '(unnamed)'}${workers.length ? ` (workers: ${workers.join(', ')})` : ''}: ${first.url}`;
}
