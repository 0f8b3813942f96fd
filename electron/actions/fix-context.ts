import { diagnoseCheck } from '../../shared/diagnose/diagnose-check';
import type { SourceId } from '../../shared/bundle/sources';
import type { CheckFacts } from '../../shared/diagnose/facts';
import type { FixContext } from '../../shared/firewall/plan';
import type { Cause } from '../../shared/schemas/common';
import type { Runner } from '../system/runner';

/**
 * The cause a fix is planned for. A firewall that drops or rejects the client is fixed whatever else is
 * wrong (a stopped service still needs the port open when it comes back); otherwise the diagnosis's cause
 * picks the guided fix.
 */
export function fixCause(facts: CheckFacts): Cause {
  const decision = facts.firewall.kind === 'ok' ? facts.firewall.data.verdict?.decision : undefined;
  if (decision === 'drop') return 'host-firewall-drop';
  if (decision === 'reject') return 'host-firewall-reject';
  return diagnoseCheck(facts).verdict.cause;
}

/** How this distro saves iptables rules: netfilter-persistent (Debian/Ubuntu), `service iptables save` (RHEL), or none. */
export async function readIptablesPersistence(runner: Runner): Promise<FixContext['iptablesPersistence']> {
  const exists = async (source: SourceId, path: string) => {
    const r = await runner.readFile({ source, path, maxBytes: 4 * 1024 * 1024 });
    return r.kind === 'ok' || r.error.reason === 'output-limit';
  };
  if (await exists('linux.fix.netfilter-persistent', '/usr/sbin/netfilter-persistent')) return 'netfilter-persistent';
  if (await exists('linux.fix.iptables-service', '/usr/libexec/iptables/iptables.init')) return 'iptables-service';
  return 'none';
}

/** `firewall-cmd --get-active-zones`: a zone name line, then indented `interfaces:` / `sources:` lines. */
export function parseActiveZones(text: string): { zone: string; interfaces: string[]; sources: string[] }[] {
  const zones: { zone: string; interfaces: string[]; sources: string[] }[] = [];
  for (const line of text.split('\n')) {
    const kv = /^\s+(interfaces|sources):\s*(.*)$/.exec(line);
    const current = zones[zones.length - 1];
    if (kv && current) (kv[1] === 'interfaces' ? current.interfaces : current.sources).push(...(kv[2] ?? '').split(/\s+/).filter(Boolean));
    else if (/^\S/.test(line)) zones.push({ zone: line.trim().split(/\s+/)[0] ?? '', interfaces: [], sources: [] });
  }
  return zones;
}

/** firewalld's active zones (interfaces, sources) and its default zone, so the planner picks the client's zone. */
export async function readFirewalldZones(runner: Runner): Promise<NonNullable<FixContext['firewalldZones']>> {
  const active = await runner.run({
    source: 'linux.firewalld.active-zones',
    file: 'firewall-cmd',
    args: ['--get-active-zones'],
    timeoutMs: 10_000,
  });
  const fallback = await runner.run({
    source: 'linux.firewalld.default-zone',
    file: 'firewall-cmd',
    args: ['--get-default-zone'],
    timeoutMs: 10_000,
  });
  const defaultZone = fallback.kind === 'ok' ? fallback.output.stdout.toString('utf8').trim() : '';
  const parsed = active.kind === 'ok' ? parseActiveZones(active.output.stdout.toString('utf8')) : [];
  const zones = parsed.map((z) => ({ name: z.zone, interfaces: z.interfaces, sources: z.sources, default: z.zone === defaultZone }));
  if (defaultZone && !zones.some((z) => z.name === defaultZone))
    zones.push({ name: defaultZone, interfaces: [], sources: [], default: true });
  return zones;
}

/** Everything the planners need, from the check facts plus the few reads only a fix needs. */
export async function buildFixContext(runner: Runner, facts: CheckFacts, id: string, cause: Cause, now: Date): Promise<FixContext> {
  const fw = facts.firewall.kind === 'ok' ? facts.firewall.data : null;
  const inCharge = fw?.inCharge ?? 'unknown';
  const route = facts.route?.kind === 'ok' ? facts.route.data : undefined;
  const profiles =
    facts.addresses.kind === 'ok'
      ? facts.addresses.data.flatMap((a) => (a.profile && (!route?.interface || a.interface === route.interface) ? [a.profile] : []))
      : [];
  const source = facts.target.source;
  return {
    id,
    cause,
    platform: facts.platform,
    inCharge,
    verdict: fw?.verdict ?? null,
    ...(source !== undefined && !source.includes('/') ? { clientAddress: source } : {}),
    ...(route?.interface ? { clientInterface: route.interface } : {}),
    ...(profiles.length > 0 ? { activeProfiles: [...new Set(profiles)] } : {}),
    ...(inCharge === 'firewalld' ? { firewalldZones: await readFirewalldZones(runner) } : {}),
    ...(inCharge === 'iptables-nft' || inCharge === 'iptables-legacy'
      ? { iptablesPersistence: await readIptablesPersistence(runner) }
      : {}),
    ...(facts.listeners.kind === 'ok' ? { listeners: facts.listeners.data } : {}),
    createdAt: now.toISOString(),
  };
}
