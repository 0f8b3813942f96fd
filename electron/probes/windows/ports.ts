import type { Result } from '../../../shared/schemas/common';
import type { Socket } from '../../../shared/schemas/ports';
import type { Runner } from '../../system/runner';
import { readOemCodePage, runConsole } from './console';
import { ownerOf, parseNetSockets, parseProcesses } from './parse-sockets';
import { WINDOWS_SOURCES } from './sources';

/** Every TCP connection (all states) and UDP endpoint, with owners when asked, for the ports view. */
export async function readWindowsPortsList(
  runner: Runner,
  options: { owners: boolean },
): Promise<Result<{ sockets: Socket[]; ownersHidden: number }>> {
  const codePage = await readOemCodePage(runner);
  const tcpText = await runConsole(runner, WINDOWS_SOURCES.tcpConnections, codePage);
  const tcp = tcpText.kind === 'ok' ? parseNetSockets(tcpText.data.stdout, 'tcp', tcpText.data.stderr) : tcpText;
  if (tcp.kind !== 'ok') return tcp;
  const udpText = await runConsole(runner, WINDOWS_SOURCES.udpEndpoints, codePage);
  const udp = udpText.kind === 'ok' ? parseNetSockets(udpText.data.stdout, 'udp', udpText.data.stderr) : udpText;
  const sockets = [...tcp.data, ...(udp.kind === 'ok' ? udp.data : [])];
  if (!options.owners) return { kind: 'ok', data: { sockets: sockets.map(({ owner: _owner, ...s }) => s), ownersHidden: 0 } };
  const procText = await runConsole(runner, WINDOWS_SOURCES.processes, codePage);
  const svcText = await runConsole(runner, WINDOWS_SOURCES.services, codePage);
  const procs = procText.kind === 'ok' ? parseProcesses(procText.data.stdout, svcText.kind === 'ok' ? svcText.data.stdout : null) : null;
  const processes = procs?.kind === 'ok' ? procs.data : null;
  // PIDs are always visible on Windows; an owner is hidden when its process was not in the list (exited, or no rights).
  let ownersHidden = 0;
  const owned = sockets.map((s) => {
    if (!s.owner) return s;
    if (s.owner.pid !== 4 && s.owner.pid !== 0 && !processes?.has(s.owner.pid)) ownersHidden++;
    return { ...s, owner: ownerOf(s.owner.pid, processes) };
  });
  return { kind: 'ok', data: { sockets: owned, ownersHidden } };
}
