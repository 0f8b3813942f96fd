import type { ReservationFacts } from '../../../shared/diagnose/facts';
import type { Result } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { runConsole } from './console';
import { parseDynamicPortRange, parseExcludedPortRanges, parsePortproxy } from './parse-netsh';
import type { PortproxyEntry } from './parse-netsh';
import { WINDOWS_SOURCES } from './sources';

/** Excluded ranges, portproxy listeners and the dynamic range; the portproxy entries keep their port ranges. */
export interface WindowsReservations {
  facts: ReservationFacts;
  portproxy: PortproxyEntry[];
  /** Sources that could not be read: the facts are partial. */
  missing: string[];
}

async function readExcluded(runner: Runner, codePage: number | null, key: 'excludedTcp' | 'excludedTcp6' | 'excludedUdp', family: 4 | 6) {
  const r = await runConsole(runner, WINDOWS_SOURCES[key], codePage);
  if (r.kind !== 'ok') return r;
  const parsed = parseExcludedPortRanges(r.data.stdout);
  if (parsed.kind !== 'ok') return parsed;
  return { kind: 'ok' as const, data: parsed.data.map((x) => ({ ...x, family })) };
}

/**
 * Windows port reservations: `netsh … show excludedportrange` (administered `*` vs dynamic,
 * WinNAT/Hyper-V), `show dynamicport`, `portproxy show all`. The IPv4 excluded list is required;
 * the rest are reported as missing when they cannot be read.
 */
export async function readWindowsReservations(runner: Runner, codePage: number | null, protocol: 'tcp' | 'udp'): Promise<Result<WindowsReservations>> {
  const v4 = await readExcluded(runner, codePage, protocol === 'udp' ? 'excludedUdp' : 'excludedTcp', 4);
  if (v4.kind !== 'ok') return v4;
  const missing: string[] = [];
  const excluded = [...v4.data];
  if (protocol === 'tcp') {
    const v6 = await readExcluded(runner, codePage, 'excludedTcp6', 6);
    if (v6.kind === 'ok') excluded.push(...v6.data);
    else missing.push(`${WINDOWS_SOURCES.excludedTcp6.source}: ${v6.detail}`);
  }
  const facts: ReservationFacts = { excluded, portproxy: [] };
  const dyn = await runConsole(runner, WINDOWS_SOURCES.dynamicTcp, codePage);
  const range = dyn.kind === 'ok' ? parseDynamicPortRange(dyn.data.stdout) : dyn;
  if (range.kind === 'ok') facts.dynamicRange = range.data;
  else missing.push(`${WINDOWS_SOURCES.dynamicTcp.source}: ${range.detail}`);
  const pp = await runConsole(runner, WINDOWS_SOURCES.portproxy, codePage);
  const proxies = pp.kind === 'ok' ? parsePortproxy(pp.data.stdout) : pp;
  if (proxies.kind !== 'ok') {
    missing.push(`${WINDOWS_SOURCES.portproxy.source}: ${proxies.detail}`);
    return { kind: 'ok', data: { facts, portproxy: [], missing } };
  }
  facts.portproxy = proxies.data.map((p) => ({ listenAddress: p.listenAddress, listenPort: p.listenPortStart, connectAddress: p.connectAddress, connectPort: p.connectPort }));
  return { kind: 'ok', data: { facts, portproxy: proxies.data, missing } };
}

/** Reservation facts for one port: a portproxy range that covers the port is reported at that port. */
export function reservationsForPort(r: WindowsReservations, port: number): ReservationFacts {
  const portproxy = r.portproxy.map((p) => ({
    listenAddress: p.listenAddress,
    listenPort: p.listenPortStart <= port && port <= p.listenPortEnd ? port : p.listenPortStart,
    connectAddress: p.connectAddress,
    connectPort: p.connectPort,
  }));
  return { ...r.facts, portproxy };
}
