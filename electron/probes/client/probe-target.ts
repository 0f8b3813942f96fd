import { isHost } from '../../../shared/net/address';
import type { ProbeReport } from '../../../shared/schemas/report';
import type { Runner } from '../../system/runner';
import { classifyConnectError, HANDSHAKE_MEANING } from './classify-connect-error';
import { connectOnce } from './connect-once';
import { udpOnce } from './udp-once';
import type { UdpAttempt } from './udp-once';
import { udpClassified } from './udp-meaning';
import type { ConnectAttempt } from './connect-once';
import { readHttpStatus, readTlsSummary } from './read-app-summary';
import { readPortUsage } from './read-port-usage';
import { readResolution, systemLookup } from './resolve-host';
import type { LookupAll, Resolution } from './resolve-host';
import { readRoute } from './source-route';
import type { RouteInfo } from './source-route';
import { probeEvidence } from './probe-evidence';
import { readIcmpError } from './icmp-error';
import type { IcmpReading } from './icmp-error';
import { icmpCause } from '../../../shared/diagnose/icmp';

/** What to probe and how. */
export interface ProbeRequest {
  host: string;
  port: number;
  timeoutMs: number;
  tls?: boolean;
  http?: boolean;
  protocol?: 'tcp' | 'udp';
}

/** What the probe may use; tests swap the resolver, batches turn the route lookup off. */
export interface ProbeDeps {
  runner: Runner;
  platform: NodeJS.Platform;
  lookup?: LookupAll;
  /** Ask the kernel for the route (`ip route get`); off for large batches, where it would spawn per target. */
  route?: boolean;
  signal?: AbortSignal;
}

/** At most this many addresses of one name are tried (in parallel, within the same budget). */
const MAX_ATTEMPTS = 8;

/** Step 4: resolve, connect within the budget, classify, and record route, timing and (optionally) TLS/HTTP. */
export async function probeTarget(request: ProbeRequest, deps: ProbeDeps): Promise<ProbeReport> {
  const { host, port, timeoutMs } = request;
  // The contract already refused such hosts; this guard keeps direct callers (batches, tests) honest too.
  if (!isHost(host)) throw new Error(`not a host name or IP address: ${JSON.stringify(host.slice(0, 80))}`);
  const started = performance.now();
  const resolution = await readResolution(deps.runner, host, timeoutMs, deps.lookup ?? systemLookup);
  const remaining = () => Math.max(1, timeoutMs - (performance.now() - started));
  const base = {
    schema: 'portdoctor.probe/1' as const,
    target: { host, port },
    addresses: resolution.addresses.map((a) => a.address),
    resolution: resolutionField(resolution),
  };
  if (resolution.error) {
    const c = classifyConnectError(resolution.error === 'ETIMEDOUT' ? 'EAI_AGAIN' : resolution.error);
    const report: ProbeReport = { ...base, outcome: 'dns-failure', cause: 'dns-failure', elapsedMs: ms(started), error: resolution.error };
    report.evidence = probeEvidence(report, { resolution, meaning: c.meaning });
    return report;
  }
  if (request.protocol === 'udp') return probeUdp(request, deps, resolution, base, started);
  const targets = resolution.addresses.slice(0, MAX_ATTEMPTS);
  const budget = remaining();
  const attemptsP = Promise.all(targets.map((a) => connectOnce(a.address, port, budget, deps.signal ? { signal: deps.signal } : {})));
  const first = targets[0];
  const routeP: Promise<RouteInfo | null> = first
    ? readRoute(deps.runner, first.address, deps.platform, deps.route !== false)
    : Promise.resolve(null);
  const [attempts, route] = await Promise.all([attemptsP, routeP]);
  const chosen = attempts.find((a) => a.outcome === 'ok') ?? (attempts[0] as ConnectAttempt);
  // Only what the client can prove is named; a refusal, silence or ICMP error lists its candidates for the server's view.
  const classified = chosen.outcome === 'ok' ? null : classifyConnectError(chosen.error ?? 'ETIMEDOUT');
  const report: ProbeReport = {
    ...base,
    outcome: chosen.outcome,
    cause: classified ? classified.cause : 'ok',
    ...(classified && classified.cause === 'unknown' ? { candidates: classified.candidates } : {}),
    elapsedMs: ms(started),
    remoteAddress: chosen.address,
    attempts: attempts.map(attemptField),
  };
  if (chosen.error) report.error = chosen.error;
  const local = chosen.localAddress ?? route?.sourceAddress;
  if (local) report.localAddress = local;
  if (route) report.route = routeField(route);
  const usage = chosen.outcome === 'source-exhausted' ? await readPortUsage(deps.runner, deps.platform) : null;
  if (chosen.outcome === 'ok') await addAppSummaries(report, request, chosen.address);
  const icmp = await placeIcmp(report, deps, chosen.address, port, remaining());
  report.evidence = probeEvidence(report, { resolution, meaning: classified ? classified.meaning : HANDSHAKE_MEANING, route, usage, icmp });
  return report;
}

/**
 * A refusal or ICMP error on Linux: who sent it (see icmp-error.ts). From the target itself it is its firewall, from a
 * hop a filter there (or a hop that cannot go on): the cause the client can then prove replaces the errno's candidates.
 */
async function placeIcmp(report: ProbeReport, deps: ProbeDeps, address: string, port: number, budget: number): Promise<IcmpReading | null> {
  if (deps.platform !== 'linux' || deps.route === false || (report.outcome !== 'refused' && report.outcome !== 'unreachable')) return null;
  const reading = await readIcmpError(deps.runner, address, port, Math.max(1000, budget));
  if (reading.kind !== 'icmp') return reading;
  report.icmp = reading.icmp;
  const placed = icmpCause(reading.icmp, address);
  if (!placed) return reading;
  report.cause = placed.cause;
  if (placed.cause === 'unknown') report.candidates = placed.candidates;
  else delete report.candidates;
  return reading;
}

async function addAppSummaries(report: ProbeReport, request: ProbeRequest, address: string): Promise<void> {
  const budget = request.timeoutMs;
  if (request.tls) report.tls = await readTlsSummary(address, request.port, request.host, budget);
  if (request.http)
    report.http = await readHttpStatus(address, request.port, request.host, request.tls === true && report.tls?.ok === true, budget);
}

function ms(started: number): number {
  return Math.round(performance.now() - started);
}

function resolutionField(r: Resolution): NonNullable<ProbeReport['resolution']> {
  return { elapsedMs: r.elapsedMs, addresses: r.addresses, fromHostsFile: r.fromHostsFile, ...(r.error ? { error: r.error } : {}) };
}

function attemptField(a: ConnectAttempt): NonNullable<ProbeReport['attempts']>[number] {
  return {
    address: a.address,
    outcome: a.outcome,
    elapsedMs: a.elapsedMs,
    ...(a.error ? { error: a.error } : {}),
    ...(a.localAddress ? { localAddress: a.localAddress } : {}),
    ...(a.localPort ? { localPort: a.localPort } : {}),
  };
}

function routeField(r: RouteInfo): NonNullable<ProbeReport['route']> {
  return {
    ...(r.sourceAddress ? { sourceAddress: r.sourceAddress } : {}),
    ...(r.text ? { text: r.text } : {}),
    ...(r.error ? { error: r.error.slice(0, 200) } : {}),
  };
}

/** Step 4 over UDP: one exchange per address (a DNS/NTP-aware datagram, one retry); nmap's open / closed / open|filtered. */
async function probeUdp(
  request: ProbeRequest,
  deps: ProbeDeps,
  resolution: Resolution,
  base: Pick<ProbeReport, 'schema' | 'target' | 'addresses' | 'resolution'>,
  started: number,
): Promise<ProbeReport> {
  const targets = resolution.addresses.slice(0, MAX_ATTEMPTS);
  const first = targets[0];
  const [attempts, route] = await Promise.all([
    Promise.all(targets.map((a) => udpOnce(a.address, request.port, request.timeoutMs, deps.signal))),
    first ? readRoute(deps.runner, first.address, deps.platform, deps.route !== false) : Promise.resolve(null),
  ]);
  const chosen = attempts.find((a) => a.state === 'open') ?? attempts.find((a) => a.state === 'closed') ?? (attempts[0] as UdpAttempt);
  const c = udpClassified(chosen);
  const report: ProbeReport = {
    ...base,
    target: { ...base.target, protocol: 'udp' },
    outcome: chosen.outcome,
    cause: c.cause,
    ...(c.cause === 'unknown' ? { candidates: c.candidates } : {}),
    elapsedMs: ms(started),
    remoteAddress: chosen.address,
    attempts: attempts.map(attemptField),
    udp: {
      state: chosen.state,
      payload: chosen.payload,
      sent: chosen.sent,
      ...(chosen.replyBytes !== undefined ? { replyBytes: chosen.replyBytes } : {}),
    },
  };
  if (chosen.error && chosen.state !== 'open|filtered') report.error = chosen.error;
  const local = chosen.localAddress ?? route?.sourceAddress;
  if (local) report.localAddress = local;
  if (route) report.route = routeField(route);
  report.evidence = probeEvidence(report, { resolution, meaning: c.meaning, route });
  return report;
}
