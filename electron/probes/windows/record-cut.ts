import type { RecordedSource } from '../../../shared/bundle/schema';
import { decodeOutput } from '../../system/decode';
import { decodeBytes, encodeBytes } from '../../system/recording';
import { decodeConsole, looksUtf16 } from './console';
import { parseHttpSysUrls } from './parse-netsh';
import { parseOemCodePage } from './parse-identity';
import { tasklistRow } from './parse-netstat';
import { parsePowerShellJson, psNumber } from '../../../shared/firewall/windows/parse-powershell-json';
import { WINDOWS_SOURCES } from './sources';

const SOCKET_SOURCES = [WINDOWS_SOURCES.tcpListeners.source, WINDOWS_SOURCES.tcpConnections.source, WINDOWS_SOURCES.udpEndpoints.source];

/** A recorded stdout as the Windows parsers read it: bytes decoded with the recorded OEM code page (console.ts). */
function recordedText(entry: RecordedSource | undefined, codePage: number | null): string | undefined {
  return entry?.stdout ? decodeConsole(decodeBytes(entry.stdout), codePage) : undefined;
}

/**
 * The pids a report shows as owners: PowerShell's OwningProcess, netstat -ano's last column, and the worker
 * processes of http.sys request queues (named in the owner of a port PID 4 holds).
 */
function socketOwners(sources: Readonly<Record<string, RecordedSource>>, codePage: number | null): Set<number> {
  const owners = new Set<number>();
  for (const id of SOCKET_SOURCES) {
    const parsed = parsePowerShellJson(recordedText(sources[id], codePage) ?? '');
    if (parsed.kind !== 'ok') continue;
    for (const o of parsed.data) {
      const pid = psNumber(o.OwningProcess);
      if (pid !== undefined) owners.add(pid);
    }
  }
  const netstat = recordedText(sources[WINDOWS_SOURCES.netstat.source], codePage) ?? '';
  for (const m of netstat.matchAll(/^\s*(?:TCP|UDP)\s.*\s(\d+)\s*$/gim)) owners.add(Number(m[1]));
  for (const id of [WINDOWS_SOURCES.httpServiceState.source, WINDOWS_SOURCES.httpUrlAcl.source])
    for (const url of parseHttpSysUrls(recordedText(sources[id], codePage) ?? '')) for (const pid of url.pids ?? []) owners.add(pid);
  return owners;
}

/**
 * `Win32_Process` keeps every process's id, name and path, the command line only of owners. The cut is written as
 * JSON with every non-ASCII character escaped: ASCII bytes read the same in UTF-8 and every OEM code page, so an
 * output PowerShell wrote in an OEM code page (base64 in the bundle) replays to the same objects.
 */
function cutProcesses(entry: RecordedSource, owners: Set<number>, codePage: number | null): RecordedSource {
  const parsed = parsePowerShellJson(recordedText(entry, codePage) ?? '');
  if (parsed.kind !== 'ok') return entry;
  const cut = parsed.data.map((o) => {
    const pid = psNumber(o.ProcessId);
    return pid !== undefined && owners.has(pid) ? o : { ...o, CommandLine: null };
  });
  const ascii = JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { ...entry, stdout: encodeBytes(Buffer.from(ascii, 'ascii')) };
}

/**
 * `tasklist /svc` keeps the rows of owners and every line that is no process row; kept lines are the recorded
 * bytes unchanged (a line break is one 0x0A byte in every OEM code page, and no double-byte character holds one).
 */
function cutTasklist(entry: RecordedSource, owners: Set<number>, codePage: number | null): RecordedSource {
  if (!entry.stdout) return entry;
  const keep = (line: string): boolean => {
    const row = tasklistRow(line);
    return row === undefined || owners.has(row.pid);
  };
  const bytes = decodeBytes(entry.stdout);
  if (looksUtf16(bytes)) {
    const lines = decodeOutput(bytes, 'utf16le').split(/(?<=\n)/);
    return { ...entry, stdout: encodeBytes(Buffer.from(lines.filter(keep).join(''), 'utf16le')) };
  }
  const kept: Buffer[] = [];
  for (let start = 0; start < bytes.length;) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl === -1 ? bytes.length : nl + 1;
    const line = bytes.subarray(start, end);
    if (keep(decodeConsole(line, codePage))) kept.push(line);
    start = end;
  }
  return { ...entry, stdout: encodeBytes(Buffer.concat(kept)) };
}

/**
 * Cut a Windows recording to what a report needs (issue 11): `windows.ps.processes` keeps the command line, and
 * `windows.tasklist.svc` the row, only of processes a report shows as owners (socket owners, http.sys workers).
 * Outputs are read with the recorded OEM code page as the parsers read them. Applied when a bundle is made; live
 * reads are not cut. An output that does not parse is left as it was.
 */
export function cutWindowsRecording(sources: Record<string, RecordedSource>): void {
  const oem = sources[WINDOWS_SOURCES.oemCodePage.source];
  const codePage = oem && !oem.error ? parseOemCodePage(decodeBytes(oem.stdout).toString('latin1')) : null;
  const owners = socketOwners(sources, codePage);
  const processes = sources[WINDOWS_SOURCES.processes.source];
  if (processes) sources[WINDOWS_SOURCES.processes.source] = cutProcesses(processes, owners, codePage);
  const tasklist = sources[WINDOWS_SOURCES.tasklist.source];
  if (tasklist) sources[WINDOWS_SOURCES.tasklist.source] = cutTasklist(tasklist, owners, codePage);
}
