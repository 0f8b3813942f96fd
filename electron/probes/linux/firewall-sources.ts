import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { parseFirewalldActiveZones, parseFirewalldZone } from './parse-firewalld';
import type { FirewalldActiveZone, FirewalldZone } from './parse-firewalld';
import { parseUfwStatus } from './parse-ufw-status';
import type { UfwStatus } from './parse-ufw-status';
import { textOf } from './sockets';

/** `nft -j list ruleset` (source `linux.nft.ruleset`): the raw JSON, parsed by parseNftRuleset. */
export async function readNftRuleset(runner: Runner): Promise<Result<string>> {
  return textOf(await runner.run({ source: 'linux.nft.ruleset', file: 'nft', args: ['-j', 'list', 'ruleset'], timeoutMs: 20_000, maxBytes: 128 * 1024 * 1024 }));
}

/** `iptables-save` for one backend and family (`linux.iptables.nft.save`, `linux.ip6tables.legacy.save`, …). */
export async function readIptablesSave(runner: Runner, backend: 'nft' | 'legacy', family: 4 | 6 = 4): Promise<Result<string>> {
  const tool = family === 6 ? 'ip6tables' : 'iptables';
  const r = await runner.run({ source: `linux.${tool}.${backend}.save`, file: `${tool}-${backend}-save`, args: [], timeoutMs: 20_000, maxBytes: 128 * 1024 * 1024 });
  return textOf(r);
}

/** firewalld's state: whether it runs, its active zones, and each active zone's settings. */
export interface FirewalldState {
  running: boolean;
  /** The zone of interfaces no zone names (firewalld's fallback). */
  defaultZone?: string;
  activeZones: FirewalldActiveZone[];
  zones: FirewalldZone[];
}

const ZONE_NAME = /^[A-Za-z0-9_+-]{1,64}$/;

/** firewall-cmd --state, --get-active-zones and --zone=Z --list-all for each active zone. */
export async function readFirewalld(runner: Runner): Promise<Result<FirewalldState>> {
  const state = await runner.run({ source: 'linux.firewalld.state', file: 'firewall-cmd', args: ['--state'], timeoutMs: 10_000 });
  if (state.kind === 'error') {
    // firewall-cmd exits 252 and prints "not running" when the daemon is stopped: a fact, not an unknown.
    const printed = `${state.error.output?.stdout.toString('utf8') ?? ''}${state.error.output?.stderr.toString('utf8') ?? ''}`;
    if (/not running/.test(printed)) return { kind: 'ok', data: { running: false, activeZones: [], zones: [] } };
    return unavailable(state.error.reason, state.error.detail, 'firewall-cmd --state');
  }
  if (!/^running/.test(state.output.stdout.toString('utf8').trim())) return { kind: 'ok', data: { running: false, activeZones: [], zones: [] } };
  const active = textOf(await runner.run({ source: 'linux.firewalld.active-zones', file: 'firewall-cmd', args: ['--get-active-zones'], timeoutMs: 10_000 }));
  if (active.kind !== 'ok') return active;
  const zones = parseFirewalldActiveZones(active.data);
  if (zones.kind !== 'ok') return zones;
  const def = textOf(await runner.run({ source: 'linux.firewalld.default-zone', file: 'firewall-cmd', args: ['--get-default-zone'], timeoutMs: 10_000 }));
  const defaultZone = def.kind === 'ok' && ZONE_NAME.test(def.data.trim()) ? def.data.trim() : undefined;
  const names = [...new Set([...zones.data.map((z) => z.zone), ...(defaultZone ? [defaultZone] : [])])].filter((z) => ZONE_NAME.test(z)).slice(0, 32);
  const details: FirewalldZone[] = [];
  for (const zone of names) {
    const r = textOf(await runner.run({ source: `linux.firewalld.zone.${zone.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`, file: 'firewall-cmd', args: [`--zone=${zone}`, '--list-all'], timeoutMs: 10_000 }));
    if (r.kind !== 'ok') return r;
    const parsed = parseFirewalldZone(r.data);
    if (parsed.kind !== 'ok') return { ...parsed, command: `firewall-cmd --zone=${zone} --list-all` };
    details.push(parsed.data);
  }
  const result: FirewalldState = { running: true, activeZones: zones.data, zones: details };
  if (defaultZone) result.defaultZone = defaultZone;
  return { kind: 'ok', data: result };
}

/** `ufw status verbose` (needs root). */
export async function readUfw(runner: Runner): Promise<Result<UfwStatus>> {
  const r = await runner.run({ source: 'linux.ufw.status', file: 'ufw', args: ['status', 'verbose'], timeoutMs: 10_000 });
  const text = textOf(r, 'sudo ufw status verbose');
  if (text.kind !== 'ok') return text;
  return parseUfwStatus(text.data);
}

/** `docker ps --format '{{json .}}'`: running containers and their published ports. */
export async function readDockerPs(runner: Runner): Promise<Result<string>> {
  return textOf(await runner.run({ source: 'linux.docker.ps', file: 'docker', args: ['ps', '--no-trunc', '--format', '{{json .}}'], timeoutMs: 10_000 }));
}
