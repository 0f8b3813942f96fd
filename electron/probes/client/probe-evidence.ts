import { endpoint } from '../../../shared/net/address';
import type { Result } from '../../../shared/schemas/common';
import type { Evidence, ProbeReport } from '../../../shared/schemas/report';
import { say } from '../../../shared/diagnose/say';
import type { PortUsage } from './read-port-usage';
import type { Resolution } from './resolve-host';
import type { RouteInfo } from './source-route';

/** What the evidence list is built from, besides the report itself. */
export interface ProbeEvidenceInput {
  resolution: Resolution;
  meaning: string;
  route?: RouteInfo | null;
  usage?: Result<PortUsage> | null;
}


function resolutionEvidence(report: ProbeReport, r: Resolution): Evidence {
  const host = report.target.host;
  const where = r.fromHostsFile === true ? ' (from the hosts file)' : r.fromHostsFile === false ? '' : ' (hosts file not readable)';
  const text = r.error
    ? `${host} did not resolve: ${r.error} after ${r.elapsedMs} ms${where}`
    : r.elapsedMs === 0 && r.addresses.length === 1 && r.addresses[0]?.address === host
      ? `${host} is an address; nothing to resolve`
      : `${host} resolved to ${r.addresses.map((a) => `${a.address} (IPv${a.family})`).join(', ')} in ${r.elapsedMs} ms${where}`;
  const e: Evidence = { kind: 'dns', text, data: { ...r } };
  // The host passed isHost(): letters, digits, dots, hyphens or an address — safe to show in a command line.
  if (!(r.elapsedMs === 0 && r.addresses[0]?.address === host)) e.command = process.platform === 'win32' ? `Resolve-DnsName ${host}` : `getent ahosts ${host}`;
  return e;
}

function attemptEvidence(report: ProbeReport): Evidence[] {
  return (report.attempts ?? []).map((a) => ({
    kind: 'connect',
    text: `connect to ${endpoint(a.address, report.target.port)}: ${a.outcome}${a.error ? ` (${a.error})` : ''} after ${a.elapsedMs} ms${a.localAddress ? ` from ${endpoint(a.localAddress, a.localPort ?? 0)}` : ''}`,
    data: { ...a },
  }));
}

function routeEvidence(route: RouteInfo): Evidence {
  const parts = [route.sourceAddress ? `source address ${route.sourceAddress}` : '', route.text ? `route: ${route.text}` : '', route.error ? `route lookup: ${route.error}` : ''];
  const e: Evidence = { kind: 'route', text: parts.filter(Boolean).join('; ') || 'route not known', data: { ...route } };
  if (route.text !== undefined || route.command) e.source = 'client.ip.route-get';
  if (route.command) e.command = route.command;
  return e;
}

function usageEvidence(usage: Result<PortUsage>): Evidence {
  if (usage.kind !== 'ok') return { kind: 'ephemeral-ports', text: `ephemeral port usage could not be read (${usage.reason}): ${usage.detail}`, ...(usage.command ? { command: usage.command } : {}) };
  const { range, inUse, size } = usage.data;
  const pct = Math.round((inUse / size) * 100);
  return {
    kind: 'ephemeral-ports',
    text: `ephemeral ports ${range[0]}–${range[1]}: ${inUse} of ${size} in use (${pct}%)`,
    source: 'client.proc.ip-local-port-range',
    command: 'sysctl net.ipv4.ip_local_port_range; ss -tan | wc -l',
    data: { range, inUse, size, percent: pct },
  };
}

/** What the client cannot tell alone, the causes its outcome is consistent with, and the next step: on the server. */
function unprovenEvidence(report: ProbeReport): Evidence[] {
  if (report.cause !== 'unknown') return [];
  const port = report.target.port;
  const candidates = (report.candidates ?? []).join(', ');
  const ev: Evidence[] = [];
  if (report.outcome === 'refused' || report.outcome === 'timeout' || report.outcome === 'unreachable') ev.push({ kind: 'note', ...say(`probe.alone.${report.outcome}`) });
  ev.push({ kind: 'candidates', ...say('probe.candidates', { candidates }), data: { candidates: report.candidates ?? [] } });
  ev.push({ kind: 'next', ...say('probe.next', { port }), command: `portdoctor check ${port}` });
  return ev;
}

/** The evidence of a probe report: resolution, each attempt, the route, port usage, TLS/HTTP, and what it cannot tell alone. */
export function probeEvidence(report: ProbeReport, input: ProbeEvidenceInput): Evidence[] {
  const ev: Evidence[] = [resolutionEvidence(report, input.resolution), ...attemptEvidence(report)];
  ev.push({ kind: 'meaning', text: `${report.outcome}: ${input.meaning}`, data: { outcome: report.outcome, error: report.error ?? null } });
  if (input.route) ev.push(routeEvidence(input.route));
  if (input.usage) ev.push(usageEvidence(input.usage));
  if (report.tls) ev.push({ kind: 'tls', text: report.tls.ok ? `TLS ${report.tls.protocol ?? '?'} ${report.tls.cipher ?? ''}; certificate ${report.tls.subject ?? '?'} issued by ${report.tls.issuer ?? '?'}, valid to ${report.tls.validTo ?? '?'}${report.tls.authorized ? '' : ` (not trusted: ${report.tls.error ?? 'unverified'})`}` : `no TLS: ${report.tls.error ?? 'handshake failed'}`, data: { ...report.tls } });
  if (report.http) ev.push({ kind: 'http', text: report.http.statusLine ? `HTTP status: ${report.http.statusLine}` : `no HTTP status: ${report.http.error ?? '?'}`, data: { ...report.http } });
  return [...ev, ...unprovenEvidence(report)].slice(0, 100);
}
