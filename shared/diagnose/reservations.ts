import type { CheckFacts, ReservationFacts } from './facts';
import type { Evidence, Finding, Fix } from '../schemas/report';
import type { EngineParams } from '../i18n/engine-text';
import { say } from './say';

/** What the Windows port reservations say about the target port: evidence for step 1 and, when they stop the service, `port-excluded`. */
export interface ReservationJudgement {
  evidence: Evidence[];
  findings: Finding[];
}

const SHOW_EXCLUDED = 'netsh interface ipv4 show excludedportrange protocol=tcp';
const SHOW_PROXY = 'netsh interface portproxy show all';
// The IP Helper service runs portproxy listeners inside svchost.
const PROXY_HOLDERS = ['iphlpsvc', 'svchost'];

function rangesFor(r: ReservationFacts, port: number): ReservationFacts['excluded'] {
  const seen = new Set<string>();
  return r.excluded.filter((x) => {
    const key = `${x.start}-${x.end}-${x.administered}`;
    if (x.start > port || port > x.end || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function proxiesFor(r: ReservationFacts, port: number): ReservationFacts['portproxy'] {
  return r.portproxy.filter((p) => p.listenPort === port);
}

/** True when a process other than the portproxy holder listens on the port (the service got its port anyway). */
function serviceListens(facts: CheckFacts): boolean {
  if (facts.listeners.kind !== 'ok') return false;
  return facts.listeners.data.some(
    (s) => !PROXY_HOLDERS.some((h) => [s.owner?.name, s.owner?.service].some((v) => v?.toLowerCase().includes(h))),
  );
}

function dynamicNote(r: ReservationFacts, port: number): Evidence[] {
  const d = r.dynamicRange;
  const inside = d !== undefined && d.start <= port && port <= d.end;
  if (!d || (!inside && d.start >= 49152)) return [];
  const key = `reservation.${inside ? 'dynamicInside' : 'dynamicRange'}${d.start < 49152 ? 'Low' : ''}`;
  return [
    {
      kind: 'reservation',
      ...say(key, { port, start: d.start, end: d.end }),
      source: 'windows.netsh.dynamicport.tcp',
      command: 'netsh int ipv4 show dynamicport tcp',
      data: { ...d },
    },
  ];
}

function rangeEvidence(port: number, ranges: ReservationFacts['excluded']): Evidence[] {
  return ranges.map((x) => ({
    kind: 'reservation',
    ...say(x.administered ? 'reservation.rangeAdministered' : 'reservation.rangeDynamic', {
      port,
      start: x.start,
      end: x.end,
      family: x.family,
    }),
    source: x.family === 6 ? 'windows.netsh.excludedportrange.tcp6' : 'windows.netsh.excludedportrange.tcp',
    command: SHOW_EXCLUDED,
    data: { ...x },
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

/**
 * Judge Windows excluded port ranges and portproxy listeners for the target port (issue #5): a port inside an
 * excluded range that nothing could bind, or a port a portproxy listener holds, is `port-excluded`.
 */
export function judgeReservations(facts: CheckFacts): ReservationJudgement {
  const read = facts.reservations;
  if (!read) return { evidence: [], findings: [] };
  if (read.kind !== 'ok') {
    const e: Evidence = {
      kind: 'reservation',
      ...say('reservation.unreadable', { reason: read.reason, detail: read.detail }),
      command: SHOW_EXCLUDED,
      data: { reason: read.reason },
    };
    return { evidence: [e], findings: [] };
  }
  const { port } = facts.target;
  const ranges = rangesFor(read.data, port);
  const proxies = proxiesFor(read.data, port);
  const evidence = [...rangeEvidence(port, ranges), ...proxyEvidence(proxies)];
  if (evidence.length === 0) return { evidence: [], findings: [] };
  evidence.push(...dynamicNote(read.data, port));
  const expectsProxy = facts.target.expect !== undefined && PROXY_HOLDERS.some((h) => facts.target.expect?.toLowerCase().includes(h));
  const blocked = (proxies.length > 0 && !expectsProxy) || (ranges.length > 0 && !serviceListens(facts));
  return { evidence, findings: [{ cause: 'port-excluded', severity: blocked ? 'error' : 'info', evidence }] };
}

function title(key: string, params: EngineParams): Pick<Fix, 'title' | 'titleKey' | 'titleParams'> {
  const t = say(`reservation.${key}`, params);
  return { title: t.text, titleKey: t.key, titleParams: params };
}

/** Guided fixes for `port-excluded`: release dynamic reservations, reserve the port for the service, or remove the portproxy. */
export function reservationFixes(facts: CheckFacts): Fix[] {
  const r = facts.reservations?.kind === 'ok' ? facts.reservations.data : null;
  const { port } = facts.target;
  if (!r) return [];
  const ranges = rangesFor(r, port);
  const fixes: Fix[] = [];
  for (const p of proxiesFor(r, port)) {
    fixes.push({
      id: 'remove-portproxy',
      kind: 'guided',
      ...title('fixRemovePortproxy', { listen: `${p.listenAddress}:${port}` }),
      commands: [`netsh interface portproxy delete v4tov4 listenport=${port} listenaddress=${p.listenAddress}`],
    });
  }
  if (ranges.some((x) => !x.administered)) {
    const detail = say('reservation.fixReleaseWinnatDetail');
    fixes.push({
      id: 'release-winnat',
      kind: 'guided',
      ...title('fixReleaseWinnat', { port }),
      detail: detail.text,
      detailKey: detail.key,
      commands: [
        'net stop winnat',
        `netsh int ipv4 add excludedportrange protocol=tcp startport=${port} numberofports=1`,
        'net start winnat',
      ],
    });
  }
  for (const x of ranges.filter((y) => y.administered)) {
    fixes.push({
      id: 'remove-exclusion',
      kind: 'guided',
      ...title('fixRemoveExclusion', { start: x.start, end: x.end }),
      commands: [`netsh int ipv4 delete excludedportrange protocol=tcp startport=${x.start} numberofports=${x.end - x.start + 1}`],
    });
  }
  if (r.dynamicRange && r.dynamicRange.start < 49152) {
    fixes.push({
      id: 'move-dynamic-range',
      kind: 'guided',
      ...title('fixMoveDynamic', { start: r.dynamicRange.start }),
      commands: ['netsh int ipv4 set dynamic tcp start=49152 num=16384', 'netsh int ipv6 set dynamic tcp start=49152 num=16384'],
    });
  }
  return fixes;
}
