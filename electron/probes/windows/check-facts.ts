import type { BindingFacts, CheckFacts, ExpectedProcess, ServiceFacts } from '../../../shared/diagnose/facts';
import type { CheckStages } from '../../../shared/diagnose/judge-facts';
import type { WindowsCheckReadings } from '../../../shared/diagnose/judge-windows-facts';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Socket } from '../../../shared/schemas/ports';
import type { Runner } from '../../system/runner';
import { connectOnce } from '../linux/local-connect';
import { readOemCodePage } from './console';
import { readWindowsFirewall } from './firewall';
import { readWindowsInterfaces } from './interfaces';
import { readWindowsElevation, skippedWithoutElevation } from './privilege';
import { readWindowsReservations, reservationsForPort } from './reservations';
import { describeHttpSys, readHttpSysUrls, readWindowsSockets } from './sockets';
import type { WindowsProcess } from '../../../shared/firewall/windows/readings';
import { WINDOWS_SOURCES } from './sources';
import { readThirdPartyFiltering } from './third-party';

/** Sockets on the target port; for PID 4, name what http.sys serves or reserved there (IIS app pool, URL ACL). */
async function readListeners(runner: Runner, codePage: number | null, target: CheckFacts['target'], skipped: string[]) {
  const all = await readWindowsSockets(runner, codePage, target.protocol);
  if (all.kind !== 'ok')
    return { listeners: all as Result<Socket[]>, processes: null as Map<number, WindowsProcess> | null, ownerFallback: undefined };
  skipped.push(...all.data.notes);
  const onPort = all.data.sockets.filter((s) => s.localPort === target.port && (target.protocol === 'udp' || s.state === 'LISTEN'));
  if (onPort.some((s) => s.owner?.pid === 4)) {
    const http = await readHttpSysUrls(runner, codePage, target.port);
    skipped.push(...http.notes);
    const described = describeHttpSys(http.served, http.reserved, all.data.processes);
    if (described) for (const s of onPort) if (s.owner?.pid === 4) s.owner = { ...s.owner, service: 'http.sys', command: described };
  }
  const fell = (all.data.netstatOwners ?? []).filter((o) => o.localPort === target.port);
  const ownerFallback: CheckFacts['ownerFallback'] = fell.length
    ? { source: WINDOWS_SOURCES.netstat.source, command: 'netstat -ano', sockets: fell.length, found: fell.filter((o) => o.found).length }
    : undefined;
  return { listeners: { kind: 'ok', data: onPort } as Result<Socket[]>, processes: all.data.processes, ownerFallback };
}

/** Processes matching `--expect` (image name without `.exe`, or a hosted service name); Windows has no privileged ports. */
export function expectedProcesses(processes: Map<number, WindowsProcess> | null, expect: string): Result<ExpectedProcess[]> {
  if (!processes) return unavailable('unparseable', 'the process list could not be read', 'Get-CimInstance Win32_Process');
  const want = expect.toLowerCase();
  const found: ExpectedProcess[] = [];
  for (const p of processes.values()) {
    const image = p.name?.toLowerCase().replace(/\.exe$/, '');
    if (image !== want && !p.services.some((s) => s.toLowerCase() === want)) continue;
    const e: ExpectedProcess = { pid: p.pid, name: p.name ?? p.services[0] ?? String(p.pid), uid: null, canBindPrivileged: null };
    if (p.command) e.command = p.command;
    found.push(e);
  }
  return { kind: 'ok', data: found };
}

/**
 * Gather every fact the check engine needs on Windows, live or from a replayed bundle: readings only — the engine
 * (shared/diagnose/judge-windows-facts.ts) judges them. The reads run one after another; the stages resolve as they
 * finish: step 2's facts once the interfaces are read, step 1's after the loopback connect, both before the firewall's
 * rules (the slow PowerShell read) and the Filtering Platform.
 */
export function readWindowsCheckStages(runner: Runner, target: CheckFacts['target']): CheckStages<WindowsCheckReadings> {
  let bound: (f: BindingFacts) => void = () => undefined;
  let served: (f: ServiceFacts) => void = () => undefined;
  const binding = new Promise<BindingFacts>((r) => (bound = r));
  const service = new Promise<ServiceFacts>((r) => (served = r));
  const all = (async (): Promise<WindowsCheckReadings> => {
    const codePage = await readOemCodePage(runner);
    const elevated = await readWindowsElevation(runner, codePage);
    const skipped = skippedWithoutElevation(elevated);
    const reservationsRead = await readWindowsReservations(runner, codePage, target.protocol);
    if (reservationsRead.kind === 'ok') skipped.push(...reservationsRead.data.missing);
    const { listeners, processes, ownerFallback } = await readListeners(runner, codePage, target, skipped);
    const interfaces = await readWindowsInterfaces(runner, codePage);
    if (interfaces.kind === 'ok') skipped.push(...interfaces.data.notes);
    const addresses: CheckFacts['addresses'] =
      interfaces.kind === 'ok'
        ? {
            kind: 'ok',
            data: interfaces.data.addresses.map(({ interface: i, address, family, profile }) =>
              profile ? { interface: i, address, family, profile } : { interface: i, address, family },
            ),
          }
        : interfaces;
    bound({ platform: 'win32', target, listeners, addresses });
    const reservations: CheckFacts['reservations'] =
      reservationsRead.kind === 'ok' ? { kind: 'ok', data: reservationsForPort(reservationsRead.data, target.port) } : reservationsRead;
    const expected = target.expect ? expectedProcesses(processes, target.expect) : undefined;
    // A connect cannot be recorded: live only, so a replay shows what was recorded and nothing invented.
    const localConnect: CheckFacts['localConnect'] =
      runner.mode === 'live' && target.protocol === 'tcp' && listeners.kind === 'ok' && listeners.data.length > 0
        ? { kind: 'ok', data: await Promise.all(['127.0.0.1', '::1'].map((a) => connectOnce(a, target.port, 1000))) }
        : undefined;
    served({
      platform: 'win32',
      target,
      listeners,
      reservations,
      ...(ownerFallback ? { ownerFallback } : {}),
      ...(expected ? { expected } : {}),
      ...(localConnect ? { localConnect } : {}),
    });
    const localSubnets = interfaces.kind === 'ok' ? interfaces.data.localSubnets : [];
    const fw = await readWindowsFirewall(runner, codePage, localSubnets);
    // Without interfaces the profile is unknown: the evaluator then needs all three profiles to agree.
    const ifs = interfaces.kind === 'ok' ? interfaces.data : { addresses: [], profiles: [], localSubnets: [], notes: [] };
    if (interfaces.kind !== 'ok') skipped.push(`interfaces and their firewall profiles: ${interfaces.detail}`);
    // Security software that drops what Windows Firewall lets in (issue 16 item 12).
    const thirdParty = fw.kind === 'ok' ? await readThirdPartyFiltering(runner, codePage, target, elevated) : undefined;
    const facts: WindowsCheckReadings = {
      platform: 'win32',
      target,
      listeners,
      addresses,
      firewall: fw,
      interfaces: ifs,
      processes,
      reservations,
      privilege: { elevated, skipped },
    };
    if (thirdParty) facts.thirdParty = thirdParty;
    if (ownerFallback) facts.ownerFallback = ownerFallback;
    if (expected) facts.expected = expected;
    if (localConnect) facts.localConnect = localConnect;
    return facts;
  })();
  // A read that throws fails the whole; the stages then follow it (a caller that waits for the whole only sees it there).
  all.catch(() => undefined);
  const settled = <T>(stage: Promise<T>): Promise<T> => Promise.race([stage, all.then(() => stage)]);
  const b = settled(binding);
  const s = settled(service);
  b.catch(() => undefined);
  s.catch(() => undefined);
  return { binding: b, service: s, all };
}

/** Every Windows reading for one check, at once (the collectors, the fixes' proof and tests; a check streams the stages). */
export function readWindowsCheckFacts(runner: Runner, target: CheckFacts['target']): Promise<WindowsCheckReadings> {
  return readWindowsCheckStages(runner, target).all;
}
