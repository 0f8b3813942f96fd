import type { RecordedSource } from '../../../shared/bundle/schema';
import { parsePowerShellJson, psNumber } from './parse-powershell-json';
import { WINDOWS_SOURCES } from './sources';

const SOCKET_SOURCES = [WINDOWS_SOURCES.tcpListeners.source, WINDOWS_SOURCES.tcpConnections.source, WINDOWS_SOURCES.udpEndpoints.source];

/** The pids that own a socket in a recording: PowerShell's OwningProcess, and netstat -ano's last column. */
function socketOwners(sources: Readonly<Record<string, RecordedSource>>): Set<number> {
  const owners = new Set<number>();
  for (const id of SOCKET_SOURCES) {
    const out = sources[id]?.stdout;
    if (out?.encoding !== 'utf8') continue;
    const parsed = parsePowerShellJson(out.data);
    if (parsed.kind !== 'ok') continue;
    for (const o of parsed.data) {
      const pid = psNumber(o.OwningProcess);
      if (pid !== undefined) owners.add(pid);
    }
  }
  const netstat = sources[WINDOWS_SOURCES.netstat.source]?.stdout;
  if (netstat?.encoding === 'utf8') for (const m of netstat.data.matchAll(/^\s*(?:TCP|UDP)\s.*\s(\d+)\s*$/gm)) owners.add(Number(m[1]));
  return owners;
}

/**
 * Cut a Windows recording to what a report needs (issue 11): `Win32_Process` keeps every process's id, name and
 * executable path (http.sys, program rules, `--expect`), but the command line only of processes that own a socket
 * (the owners the ports view and the check show). Applied when a bundle is made; live reads are not cut. A
 * processes output not recorded as UTF-8 text (an OEM code page, base64 in the bundle) or not parseable is left as
 * it was.
 */
export function cutWindowsRecording(sources: Record<string, RecordedSource>): void {
  const id = WINDOWS_SOURCES.processes.source;
  const entry = sources[id];
  if (entry?.stdout?.encoding !== 'utf8') return;
  const parsed = parsePowerShellJson(entry.stdout.data);
  if (parsed.kind !== 'ok') return;
  const owners = socketOwners(sources);
  const cut = parsed.data.map((o) => {
    const pid = psNumber(o.ProcessId);
    return pid !== undefined && owners.has(pid) ? o : { ...o, CommandLine: null };
  });
  sources[id] = { ...entry, stdout: { encoding: 'utf8', data: JSON.stringify(cut) } };
}
