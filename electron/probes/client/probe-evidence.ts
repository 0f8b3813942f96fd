import { endpoint } from '../../../shared/net/address';
import type { Result } from '../../../shared/schemas/common';
import type { Evidence, ProbeReport } from '../../../shared/schemas/report';
import { say } from '../../../shared/i18n/say';
import type { Said } from '../../../shared/i18n/say';
import { icmpSaid } from '../../../shared/diagnose/icmp';
import type { IcmpReading } from './icmp-error';
import type { PortUsage } from './read-port-usage';
import type { Resolution } from './resolve-host';
import type { RouteInfo } from './source-route';

/** What the evidence list is built from, besides the report itself. */
export interface ProbeEvidenceInput {
  resolution: Resolution;
  meaning: Said;
  route?: RouteInfo | null;
  usage?: Result<PortUsage> | null;
  /** The second connect's reading of the kernel's error queue (Linux, after a refusal or ICMP error). */
  icmp?: IcmpReading | null;
}

function resolutionEvidence(report: ProbeReport, r: Resolution): Evidence {
  const host = report.target.host;
  const where = r.fromHostsFile === true ? 'Hosts' : r.fromHostsFile === false ? '' : 'NoHosts';
  const addresses = r.addresses.map((a) => `${a.address} (IPv${a.family})`).join(', ');
  const said = r.error
    ? say(`probe.resolve.failed${where}`, { host, error: r.error, ms: r.elapsedMs })
    : r.elapsedMs === 0 && r.addresses.length === 1 && r.addresses[0]?.address === host
      ? say('probe.resolve.address', { host })
      : say(`probe.resolve.resolved${where}`, { host, addresses, ms: r.elapsedMs });
  const e: Evidence = { kind: 'dns', ...said, data: { ...r } };
  // The host passed isHost(): letters, digits, dots, hyphens or an address — safe to show in a command line.
  if (!(r.elapsedMs === 0 && r.addresses[0]?.address === host))
    e.command = process.platform === 'win32' ? `Resolve-DnsName ${host}` : `getent ahosts ${host}`;
  return e;
}

function attemptEvidence(report: ProbeReport): Evidence[] {
  // A UDP "connect" sends nothing: each address's exchange is said as what came back.
  if (report.udp)
    return (report.attempts ?? []).map((a) => ({
      kind: 'connect',
      ...say('probe.udpAttempt', { endpoint: endpoint(a.address, report.target.port), outcome: a.outcome, ms: a.elapsedMs }),
      data: { ...a },
    }));
  return (report.attempts ?? []).map((a) => {
    const params = {
      endpoint: endpoint(a.address, report.target.port),
      outcome: a.outcome,
      ms: a.elapsedMs,
      ...(a.error ? { error: a.error } : {}),
      ...(a.localAddress ? { local: endpoint(a.localAddress, a.localPort ?? 0) } : {}),
    };
    return { kind: 'connect', ...say(`probe.connect${a.error ? 'Error' : ''}${a.localAddress ? 'From' : ''}`, params), data: { ...a } };
  });
}

function routeEvidence(route: RouteInfo): Evidence {
  const { sourceAddress: address, error } = route;
  const text = route.text?.trim();
  const said =
    address && text !== undefined
      ? say('probe.route.sourceRoute', { address, route: text })
      : address && error
        ? say('probe.route.sourceLookup', { address, error })
        : address
          ? say('probe.route.source', { address })
          : text !== undefined
            ? say('probe.route.route', { route: text })
            : error
              ? say('probe.route.lookup', { error })
              : say('probe.route.unknown');
  const e: Evidence = { kind: 'route', ...said, data: { ...route } };
  if (route.text !== undefined || route.command) e.source = 'client.ip.route-get';
  if (route.command) e.command = route.command;
  return e;
}

function usageEvidence(usage: Result<PortUsage>): Evidence {
  if (usage.kind !== 'ok')
    return {
      kind: 'ephemeral-ports',
      ...say('probe.usageUnreadable', { reason: usage.reason, detail: usage.detail }),
      ...(usage.command ? { command: usage.command } : {}),
    };
  const { range, inUse, size } = usage.data;
  const percent = Math.round((inUse / size) * 100);
  return {
    kind: 'ephemeral-ports',
    ...say('probe.usage', { start: range[0], end: range[1], inUse, size, percent }),
    source: 'client.proc.ip-local-port-range',
    command: 'sysctl net.ipv4.ip_local_port_range; ss -tan | wc -l',
    data: { range, inUse, size, percent },
  };
}

function tlsEvidence(tls: NonNullable<ProbeReport['tls']>): Evidence {
  const params = {
    protocol: tls.protocol ?? '?',
    cipher: tls.cipher ?? '',
    subject: tls.subject ?? '?',
    issuer: tls.issuer ?? '?',
    validTo: tls.validTo ?? '?',
  };
  const said = !tls.ok
    ? say('probe.noTls', { error: tls.error ?? 'handshake failed' })
    : tls.authorized
      ? say('probe.tls', params)
      : say('probe.tlsUntrusted', { ...params, error: tls.error ?? 'unverified' });
  return { kind: 'tls', ...said, data: { ...tls } };
}

/** Who sent the ICMP error and what that places; or that none came (a reset), or why it could not be read. */
function icmpEvidence(report: ProbeReport, reading: IcmpReading): Evidence {
  const base = {
    source: 'client.icmp-error',
    command: `python3 (IP_RECVERR connect to ${endpoint(report.remoteAddress ?? report.target.host, report.target.port)})`,
  };
  if (reading.kind === 'unread') return { kind: 'icmp', ...say('icmp.unread', { why: reading.why }), ...base };
  if (reading.kind === 'none') return { kind: 'icmp', ...say(report.outcome === 'refused' ? 'icmp.noneRefused' : 'icmp.none'), ...base };
  return { kind: 'icmp', ...icmpSaid(reading.icmp, report.remoteAddress ?? report.target.host), ...base, data: { ...reading.icmp } };
}

/** What the client cannot tell alone, the causes its outcome is consistent with, and the next step: on the server. */
function unprovenEvidence(report: ProbeReport): Evidence[] {
  if (report.cause !== 'unknown') return [];
  const port = report.target.port;
  const candidates = (report.candidates ?? []).join(', ');
  const ev: Evidence[] = [];
  if (report.outcome === 'refused' || report.outcome === 'timeout' || report.outcome === 'unreachable')
    ev.push({ kind: 'note', ...say(`probe.alone.${report.outcome}`) });
  ev.push({ kind: 'candidates', ...say('probe.candidates', { candidates }), data: { candidates: report.candidates ?? [] } });
  // A UDP probe's server-side check is a UDP check.
  const udp = report.target.protocol === 'udp';
  ev.push({
    kind: 'next',
    ...(udp ? say('probe.nextUdp', { port }) : say('probe.next', { port })),
    command: `portdoctor check ${port}${udp ? ' --protocol udp' : ''}`,
  });
  return ev;
}

/** The evidence of a probe report: resolution, each attempt, the route, port usage, TLS/HTTP, and what it cannot tell alone. */
export function probeEvidence(report: ProbeReport, input: ProbeEvidenceInput): Evidence[] {
  const ev: Evidence[] = [resolutionEvidence(report, input.resolution), ...attemptEvidence(report)];
  ev.push({ kind: 'meaning', ...input.meaning, data: { outcome: report.outcome, error: report.error ?? null } });
  if (input.route) ev.push(routeEvidence(input.route));
  if (input.icmp) ev.push(icmpEvidence(report, input.icmp));
  if (input.usage) ev.push(usageEvidence(input.usage));
  if (report.tls) ev.push(tlsEvidence(report.tls));
  if (report.http)
    ev.push({
      kind: 'http',
      ...(report.http.statusLine
        ? say('probe.http', { status: report.http.statusLine })
        : say('probe.noHttp', { error: report.http.error ?? '?' })),
      data: { ...report.http },
    });
  return [...ev, ...unprovenEvidence(report)].slice(0, 100);
}
