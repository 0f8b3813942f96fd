import type { PortproxyKind, ReservationFacts } from '../../../shared/diagnose/facts';
import type { Result } from '../../../shared/schemas/common';
import type { CommandSpec, Runner } from '../../system/runner';
import { runConsole } from './console';
import { parseDynamicPortRange, parseExcludedPortRanges, parsePortproxy } from './parse-netsh';
import type { PortproxyEntry } from './parse-netsh';
import { WINDOWS_SOURCES, windowsCommandLine } from './sources';

/** Excluded ranges, portproxy listeners and the dynamic range; the portproxy entries keep their port ranges. */
export interface WindowsReservations {
  facts: ReservationFacts;
  portproxy: PortproxyEntry[];
  /** Sources that could not be read: the facts are partial. */
  missing: string[];
}

type Unreadable = NonNullable<ReservationFacts['unreadable']>[number];

async function readExcluded(runner: Runner, codePage: number | null, spec: CommandSpec, family: 4 | 6, protocol: 'tcp' | 'udp') {
  const r = await runConsole(runner, spec, codePage);
  if (r.kind !== 'ok') return r;
  const parsed = parseExcludedPortRanges(r.data.stdout);
  if (parsed.kind !== 'ok') return parsed;
  return { kind: 'ok' as const, data: parsed.data.map((x) => ({ ...x, family, protocol })) };
}

/** Both families named by the section header → netsh's table name (`v4tov6`…), else unknown. */
export function portproxyKind(p: Pick<PortproxyEntry, 'listenFamily' | 'connectFamily'>): PortproxyKind | undefined {
  if (!p.listenFamily || !p.connectFamily) return undefined;
  return `v${p.listenFamily}tov${p.connectFamily}` as PortproxyKind;
}

function unreadable(spec: CommandSpec, r: { reason: Unreadable['reason']; detail: string }): Unreadable {
  return { source: spec.source, command: windowsCommandLine(spec), reason: r.reason, detail: r.detail };
}

/**
 * Windows port reservations of the target's protocol: `netsh … show excludedportrange` (administered `*`
 * vs dynamic, WinNAT/Hyper-V), `show dynamicport`, `portproxy show all` (TCP only). The IPv4 excluded
 * list is required; each other source that cannot be read is named in `facts.unreadable` with its reason.
 */
export async function readWindowsReservations(
  runner: Runner,
  codePage: number | null,
  protocol: 'tcp' | 'udp',
): Promise<Result<WindowsReservations>> {
  const udp = protocol === 'udp';
  const v4 = await readExcluded(runner, codePage, udp ? WINDOWS_SOURCES.excludedUdp : WINDOWS_SOURCES.excludedTcp, 4, protocol);
  if (v4.kind !== 'ok') return v4;
  const lost: Unreadable[] = [];
  const excluded = [...v4.data];
  if (!udp) {
    const v6 = await readExcluded(runner, codePage, WINDOWS_SOURCES.excludedTcp6, 6, protocol);
    if (v6.kind === 'ok') excluded.push(...v6.data);
    else lost.push(unreadable(WINDOWS_SOURCES.excludedTcp6, v6));
  }
  const facts: ReservationFacts = { excluded, portproxy: [] };
  const dynSpec = udp ? WINDOWS_SOURCES.dynamicUdp : WINDOWS_SOURCES.dynamicTcp;
  const dyn = await runConsole(runner, dynSpec, codePage);
  const range = dyn.kind === 'ok' ? parseDynamicPortRange(dyn.data.stdout) : dyn;
  if (range.kind === 'ok') facts.dynamicRange = range.data;
  else lost.push(unreadable(dynSpec, range));
  // portproxy forwards TCP only (netsh interface portproxy documents no UDP).
  let proxies: PortproxyEntry[] = [];
  if (!udp) {
    const pp = await runConsole(runner, WINDOWS_SOURCES.portproxy, codePage);
    const parsed = pp.kind === 'ok' ? parsePortproxy(pp.data.stdout) : pp;
    if (parsed.kind === 'ok') proxies = parsed.data;
    else lost.push(unreadable(WINDOWS_SOURCES.portproxy, parsed));
  }
  if (lost.length > 0) facts.unreadable = lost;
  facts.portproxy = proxies.map((p) => proxyFact(p, p.listenPortStart));
  return { kind: 'ok', data: { facts, portproxy: proxies, missing: lost.map((u) => `${u.source}: ${u.detail}`) } };
}

function proxyFact(p: PortproxyEntry, port: number): ReservationFacts['portproxy'][number] {
  const kind = portproxyKind(p);
  const listenPortText = p.listenPortEnd === p.listenPortStart ? String(p.listenPortStart) : `${p.listenPortStart}-${p.listenPortEnd}`;
  return {
    listenAddress: p.listenAddress,
    listenPort: port,
    connectAddress: p.connectAddress,
    connectPort: p.connectPort,
    ...(kind ? { kind } : {}),
    listenPortText,
  };
}

/** Reservation facts for one port: a portproxy range that covers the port is reported at that port. */
export function reservationsForPort(r: WindowsReservations, port: number): ReservationFacts {
  const portproxy = r.portproxy.map((p) => proxyFact(p, p.listenPortStart <= port && port <= p.listenPortEnd ? port : p.listenPortStart));
  return { ...r.facts, portproxy };
}
