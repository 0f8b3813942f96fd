import type { FirewallVerdict, InboundPacket, PendingChange } from './types';
import type { FirewalldZone } from './parse-firewalld';

/** Whether a firewalld port entry (`8080/tcp`, `8000-8100/tcp`) covers the port and protocol. */
export function portEntryCovers(entry: string, port: number, protocol: string): boolean {
  const m = /^(\d+)(?:-(\d+))?\/([a-z]+)$/.exec(entry);
  if (!m) return false;
  return m[3] === protocol && port >= Number(m[1]) && port <= Number(m[2] ?? m[1]);
}

/** Whether a rich rule names the port (`port port="8080" protocol="tcp"`, a range, or a service whose ports are known). */
export function richRuleNames(rule: string, port: number, protocol: string, servicePorts: ReadonlyMap<string, string[]>): boolean {
  const p = /\bport port="(\d+(?:-\d+)?)" protocol="([a-z]+)"/.exec(rule);
  if (p) return portEntryCovers(`${p[1]}/${p[2]}`, port, protocol);
  const s = /\bservice name="([^"]+)"/.exec(rule);
  return s?.[1] !== undefined && (servicePorts.get(s[1]) ?? []).some((e) => portEntryCovers(e, port, protocol));
}

/** The entries of a zone that let the port in whatever the source: the target ACCEPT, a port entry, a service whose definition has the port. */
export function zoneOpening(zone: FirewalldZone, servicePorts: ReadonlyMap<string, string[]>, port: number, protocol: string): string[] {
  return [
    ...(zone.target === 'ACCEPT' ? ['target ACCEPT'] : []),
    ...zone.ports.filter((e) => portEntryCovers(e, port, protocol)),
    ...zone.services.filter((s) => (servicePorts.get(s) ?? []).some((e) => portEntryCovers(e, port, protocol))).map((s) => `service ${s}`),
  ];
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** True when the running and the permanent zone hold the same target, ports, services and rich rules. */
export function zonesAgree(running: FirewalldZone, saved: FirewalldZone): boolean {
  return (
    running.target === saved.target &&
    same(running.ports, saved.ports) &&
    same(running.services, saved.services) &&
    same(running.richRules, saved.richRules)
  );
}

/**
 * Compare a zone's running and permanent configuration for the packet's port. `decidedHere`: the running verdict is
 * firewalld's own (its rule or policy decided), so opening the port in the zone changes it.
 */
export function firewalldPending(
  running: FirewalldZone,
  saved: FirewalldZone,
  services: { running: ReadonlyMap<string, string[]>; saved: ReadonlyMap<string, string[]> },
  packet: Pick<InboundPacket, 'dport' | 'protocol'>,
  decision: FirewallVerdict['decision'],
  decidedHere: boolean,
): PendingChange[] {
  const { dport: port, protocol } = packet;
  const zone = running.zone;
  const base = {
    system: 'firewalld' as const,
    where: zone,
    apply: 'firewall-cmd --reload',
    show: `firewall-cmd --permanent --zone=${zone} --list-all`,
    source: permanentZoneSource(zone),
  };
  const runOpen = zoneOpening(running, services.running, port, protocol);
  const savedOpen = zoneOpening(saved, services.saved, port, protocol);
  const out: PendingChange[] = [];
  if (runOpen.length === 0 && savedOpen.length > 0) {
    out.push({
      ...base,
      state: 'saved-only',
      entries: savedOpen,
      effect: decidedHere && (decision === 'drop' || decision === 'reject') ? 'allows' : 'mentions',
    });
  } else if (savedOpen.length === 0 && runOpen.length > 0) {
    out.push({
      ...base,
      state: 'running-only',
      entries: runOpen,
      effect: decision === 'accept' ? 'allows' : 'mentions',
      keep: 'firewall-cmd --runtime-to-permanent',
    });
  }
  const rich = (z: FirewalldZone, m: ReadonlyMap<string, string[]>) => z.richRules.filter((r) => richRuleNames(r, port, protocol, m));
  const richSaved = rich(saved, services.saved).filter((r) => !running.richRules.includes(r));
  const richRunning = rich(running, services.running).filter((r) => !saved.richRules.includes(r));
  if (richSaved.length) out.push({ ...base, state: 'saved-only', entries: richSaved, effect: 'mentions' });
  if (richRunning.length)
    out.push({ ...base, state: 'running-only', entries: richRunning, effect: 'mentions', keep: 'firewall-cmd --runtime-to-permanent' });
  return out;
}

/** A name as it appears in a source id (`[a-z0-9-]`). */
export const sourceName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9-]/g, '-');

/** The source id of `firewall-cmd --permanent --zone=Z --list-all`. */
export function permanentZoneSource(zone: string): `linux.firewalld.permanent.zone.${string}` {
  return `linux.firewalld.permanent.zone.${sourceName(zone)}`;
}
