import type { ServiceFacts, ReservationFacts } from './facts';
import type { Evidence, Finding } from '../schemas/report';
import { say } from '../i18n/say';
import type { EngineKey } from '../i18n/engine-keys';

/** What the Windows port reservations say about the target port: evidence for step 1 and, when they stop the service, `port-excluded`. */
export interface ReservationJudgement {
  evidence: Evidence[];
  findings: Finding[];
}

type Range = ReservationFacts['excluded'][number];

export const showExcluded = (protocol: 'tcp' | 'udp'): string => `netsh interface ipv4 show excludedportrange protocol=${protocol}`;
const SHOW_PROXY = 'netsh interface portproxy show all';
// The IP Helper service runs portproxy listeners inside svchost.
const PROXY_HOLDERS = ['iphlpsvc', 'svchost'];
/** The administered block Hyper-V adds on its hosts (seen in every public Hyper-V capture; docs/windows.md). */
const HYPERV_BLOCK = { start: 50000, end: 50059 };

/** The excluded ranges that hold the port, each once per family. */
export function rangesFor(r: ReservationFacts, port: number): Range[] {
  const seen = new Set<string>();
  return r.excluded.filter((x) => {
    const key = `${x.start}-${x.end}-${x.administered}-${x.family}`;
    if (x.start > port || port > x.end || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function proxiesFor(r: ReservationFacts, port: number): ReservationFacts['portproxy'] {
  return r.portproxy.filter((p) => p.listenPort === port);
}

/** True when a process other than the portproxy holder listens on the port (the service got its port anyway). */
function serviceListens(facts: ServiceFacts): boolean {
  if (facts.listeners.kind !== 'ok') return false;
  return facts.listeners.data.some(
    (s) => !PROXY_HOLDERS.some((h) => [s.owner?.name, s.owner?.service].some((v) => v?.toLowerCase().includes(h))),
  );
}

function dynamicNote(r: ReservationFacts, port: number, protocol: 'tcp' | 'udp'): Evidence[] {
  const d = r.dynamicRange;
  const inside = d !== undefined && d.start <= port && port <= d.end;
  if (!d || (!inside && d.start >= 49152)) return [];
  const key: EngineKey = `reservation.${inside ? 'dynamicInside' : 'dynamicRange'}${d.start < 49152 ? 'Low' : ''}`;
  return [
    {
      kind: 'reservation',
      ...say(key, { port, start: d.start, end: d.end, protocol: protocol.toUpperCase() }),
      source: `windows.netsh.dynamicport.${protocol}`,
      command: `netsh int ipv4 show dynamicport ${protocol}`,
      data: { ...d },
    },
  ];
}

/** Who most likely added an administered exclusion: Hyper-V's block, one port reserved for one service, or an administrator. */
function administeredKey(x: Range): EngineKey {
  if (x.start === HYPERV_BLOCK.start && x.end === HYPERV_BLOCK.end) return 'reservation.rangeAdministeredHyperV';
  if (x.start === x.end) return 'reservation.rangeAdministeredSingle';
  return 'reservation.rangeAdministered';
}

function rangeEvidence(port: number, protocol: 'tcp' | 'udp', ranges: Range[]): Evidence[] {
  return ranges.map((x) => ({
    kind: 'reservation',
    ...say(x.administered ? administeredKey(x) : 'reservation.rangeDynamic', {
      port,
      start: x.start,
      end: x.end,
      family: x.family,
      protocol: protocol.toUpperCase(),
    }),
    source: x.family === 6 ? `windows.netsh.excludedportrange.${protocol}6` : `windows.netsh.excludedportrange.${protocol}`,
    command: x.family === 6 ? showExcluded(protocol).replace('ipv4', 'ipv6') : showExcluded(protocol),
    data: { ...x, protocol, blocksBind: !x.administered },
  }));
}

function proxyEvidence(proxies: ReservationFacts['portproxy']): Evidence[] {
  return proxies.map((p) => ({
    kind: 'reservation',
    ...say('reservation.portproxy', { listen: `${p.listenAddress}:${p.listenPort}`, connect: `${p.connectAddress}:${p.connectPort}` }),
    source: 'windows.netsh.portproxy',
    command: SHOW_PROXY,
    data: { ...p },
  }));
}

/** Each reservation source that could not be read, said as unknown with its reason (what depends on it is not known). */
function unreadableEvidence(r: ReservationFacts, protocol: 'tcp' | 'udp'): Evidence[] {
  return (r.unreadable ?? []).map((u) => {
    const what = u.source.includes('dynamicport') ? 'Dynamic' : u.source.includes('portproxy') ? 'Portproxy' : 'Excluded6';
    return {
      kind: 'reservation',
      ...say(`reservation.unreadable${what}`, { reason: u.reason, detail: u.detail, protocol: protocol.toUpperCase() }),
      source: u.source,
      command: u.command,
      data: { status: 'unknown', reason: u.reason },
    };
  });
}

/**
 * Judge Windows excluded port ranges and portproxy listeners for the target port. A dynamic exclusion
 * (WinNAT / Hyper-V, no `*`) refuses another program's bind (WSAEACCES 10013) and a portproxy listener holds
 * the port: both are `port-excluded` when the service did not get the port. An administered exclusion (`*`)
 * only keeps the port out of the dynamic range — an explicit bind still succeeds — so it is evidence, never
 * the cause (docs/windows.md cites Microsoft's documentation and the public reports).
 */
export function judgeReservations(facts: ServiceFacts): ReservationJudgement {
  const read = facts.reservations;
  if (!read) return { evidence: [], findings: [] };
  const { port, protocol } = facts.target;
  if (read.kind !== 'ok') {
    const e: Evidence = {
      kind: 'reservation',
      ...say('reservation.unreadable', { reason: read.reason, detail: read.detail }),
      command: showExcluded(protocol),
      data: { status: 'unknown', reason: read.reason },
    };
    return { evidence: [e], findings: [] };
  }
  const ranges = rangesFor(read.data, port);
  const proxies = protocol === 'tcp' ? proxiesFor(read.data, port) : [];
  const listens = serviceListens(facts);
  const evidence = [...rangeEvidence(port, protocol, ranges), ...proxyEvidence(proxies)];
  // What could not be read matters when something holds the port or the service did not get it.
  const lost = evidence.length > 0 || !listens ? unreadableEvidence(read.data, protocol) : [];
  if (evidence.length === 0) return { evidence: lost, findings: [] };
  evidence.push(...dynamicNote(read.data, port, protocol), ...lost);
  const expectsProxy = facts.target.expect !== undefined && PROXY_HOLDERS.some((h) => facts.target.expect?.toLowerCase().includes(h));
  const refused = ranges.some((x) => !x.administered);
  const blocked = (proxies.length > 0 && !expectsProxy) || (refused && !listens);
  return { evidence, findings: [{ cause: 'port-excluded', severity: blocked ? 'error' : 'info', evidence }] };
}
