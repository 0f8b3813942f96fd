import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { parseFirewalldActiveZones, parseFirewalldZone } from '../../../shared/firewall/parse-firewalld';
import type { FirewalldState, FirewalldZone } from '../../../shared/firewall/parse-firewalld';
import { elsewhereItems, nftItems } from '../../../shared/firewall/nft/items';
import { parseUfwStatus } from '../../../shared/firewall/parse-ufw-status';
import type { UfwStatus } from '../../../shared/firewall/parse-ufw-status';
import { textOf } from './sockets';
import { lacksIngressDevices, withIngressDevices } from './nft-devices';

type Json = Record<string, unknown>;

/** The source id of one nft table's listing: `linux.nft.table.<family>.<name>` (names outside [a-z0-9-] get their handle). */
export function nftTableSource(family: string, name: string, handle?: number): `linux.nft.table.${string}` {
  const clean = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `linux.nft.table.${family}.${clean === name || handle === undefined ? clean : `${clean}-${handle}`}`;
}

/**
 * The nftables ruleset as one `nft -j` document, read table by table (`nft -j list tables`, then
 * `nft -j list table F N`): tables in `skip` (iptables-nft's own, already read through iptables-save) are
 * not listed, because their JSON is the costly part on a kube-proxy-sized host (20k xt rules: 1.4 s,
 * 190 MB in nft). Reports recorded before this read `nft -j list ruleset` whole (`linux.nft.ruleset`).
 */
export async function readNftRuleset(
  runner: Runner,
  skipping: ReadonlySet<string> | Promise<ReadonlySet<string>> = new Set(),
): Promise<Result<string>> {
  const tables = await runner.run({ source: 'linux.nft.tables', file: 'nft', args: ['-j', 'list', 'tables'], timeoutMs: 20_000 });
  if (runner.mode === 'replay' && tables.kind === 'error' && tables.error.reason === 'not-recorded') {
    return textOf(
      await runner.run({
        source: 'linux.nft.ruleset',
        file: 'nft',
        args: ['-j', 'list', 'ruleset'],
        timeoutMs: 20_000,
        maxBytes: 128 * 1024 * 1024,
      }),
    );
  }
  const listed = textOf(tables);
  if (listed.kind !== 'ok') return listed;
  const items = nftItems(listed.data);
  if (!items) return unavailable('unparseable', 'nft -j list tables printed no nftables document', 'nft -j list tables');
  const out: Json[] = items.filter((i) => 'metainfo' in i);
  const skip = await skipping;
  // The tables are listed a few at a time (a firewalld or Docker host has several, each an nft start-up); the document
  // keeps nft's own table order, and the first table that cannot be read (in that order) is the answer.
  const listedTables = items.filter((i) => 'table' in i);
  for (let at = 0; at < listedTables.length; at += NFT_TABLES_AT_ONCE) {
    const parts = await Promise.all(listedTables.slice(at, at + NFT_TABLES_AT_ONCE).map((item) => listNftTable(runner, item, skip)));
    for (const part of parts) {
      if (part.kind !== 'ok') return part;
      out.push(...part.data);
    }
  }
  return { kind: 'ok', data: JSON.stringify({ nftables: out }) };
}

const NFT_TABLES_AT_ONCE = 4;

/** One item of `nft -j list tables` as the listing keeps it: a table's own items, its handle only, or nothing. */
async function listNftTable(runner: Runner, item: Json, skip: ReadonlySet<string>): Promise<Result<Json[]>> {
  const t = item.table as Json | undefined;
  if (!t || typeof t.family !== 'string' || typeof t.name !== 'string' || !/^[a-z0-9]+$/.test(t.family)) return { kind: 'ok', data: [] };
  const handle = typeof t.handle === 'number' ? t.handle : undefined;
  if (skip.has(`${t.family} ${t.name}`)) return { kind: 'ok', data: elsewhereItems(t.family, t.name, handle) };
  const r = textOf(
    await runner.run({
      source: nftTableSource(t.family, t.name, handle),
      file: 'nft',
      args: ['-j', 'list', 'table', t.family, t.name],
      timeoutMs: 20_000,
      maxBytes: 128 * 1024 * 1024,
    }),
  );
  if (r.kind !== 'ok') return r;
  const table = nftItems(await withDevices(runner, r.data, t.family, t.name, handle));
  if (!table)
    return unavailable(
      'unparseable',
      `nft -j list table ${t.family} ${t.name} printed no nftables document`,
      `nft -j list table ${t.family} ${t.name}`,
    );
  return { kind: 'ok', data: table.filter((i) => !('metainfo' in i)) };
}

/** An ingress chain's device is only in the text listing (nft 1.0.6): read it when the JSON lacks it. */
async function withDevices(runner: Runner, json: string, family: string, name: string, handle: number | undefined): Promise<string> {
  if (!lacksIngressDevices(json)) return json;
  const text = textOf(
    await runner.run({
      source: `${nftTableSource(family, name, handle)}.text`,
      file: 'nft',
      args: ['list', 'table', family, name],
      timeoutMs: 20_000,
    }),
  );
  return text.kind === 'ok' ? withIngressDevices(json, text.data) : json;
}

/** Tables an `iptables-save` text shows (`*filter` → `ip filter`): iptables-nft's own tables in nft. */
export function iptablesTables(text: string, family: 4 | 6): Set<string> {
  const fam = family === 6 ? 'ip6' : 'ip';
  // A table iptables-nft calls incompatible was written by nft itself: only nft lists it whole.
  const foreign = new Set(
    [...text.matchAll(/^# Table `([^']+)' (?:contains incompatible base-chains|is incompatible)/gm)].map((m) => m[1]),
  );
  return new Set(
    text
      .split('\n')
      .filter((l) => l.startsWith('*') && !foreign.has(l.slice(1).trim()))
      .map((l) => `${fam} ${l.slice(1).trim()}`),
  );
}

/** `iptables-save` for one backend and family (`linux.iptables.nft.save`, `linux.ip6tables.legacy.save`, …). */
export async function readIptablesSave(runner: Runner, backend: 'nft' | 'legacy', family: 4 | 6 = 4): Promise<Result<string>> {
  const tool = family === 6 ? 'ip6tables' : 'iptables';
  const r = await runner.run({
    source: `linux.${tool}.${backend}.save`,
    file: `${tool}-${backend}-save`,
    args: [],
    timeoutMs: 20_000,
    maxBytes: 128 * 1024 * 1024,
  });
  return textOf(r);
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
  if (!/^running/.test(state.output.stdout.toString('utf8').trim()))
    return { kind: 'ok', data: { running: false, activeZones: [], zones: [] } };
  const active = textOf(
    await runner.run({ source: 'linux.firewalld.active-zones', file: 'firewall-cmd', args: ['--get-active-zones'], timeoutMs: 10_000 }),
  );
  if (active.kind !== 'ok') return active;
  const zones = parseFirewalldActiveZones(active.data);
  if (zones.kind !== 'ok') return zones;
  const def = textOf(
    await runner.run({ source: 'linux.firewalld.default-zone', file: 'firewall-cmd', args: ['--get-default-zone'], timeoutMs: 10_000 }),
  );
  const defaultZone = def.kind === 'ok' && ZONE_NAME.test(def.data.trim()) ? def.data.trim() : undefined;
  const names = [...new Set([...zones.data.map((z) => z.zone), ...(defaultZone ? [defaultZone] : [])])]
    .filter((z) => ZONE_NAME.test(z))
    .slice(0, 32);
  const details: FirewalldZone[] = [];
  for (const zone of names) {
    const r = textOf(
      await runner.run({
        source: `linux.firewalld.zone.${zone.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`,
        file: 'firewall-cmd',
        args: [`--zone=${zone}`, '--list-all'],
        timeoutMs: 10_000,
      }),
    );
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

/**
 * Running containers' id, names and published ports, one JSON object a line (what `parseDockerPs` reads). Only
 * these three: `{{json .}}` would also record each container's command, labels, mounts and image, which a
 * report does not need (issue 11). Recordings made with `{{json .}}` still replay.
 */
export const DOCKER_PS_FORMAT = '{"ID":{{json .ID}},"Names":{{json .Names}},"Ports":{{json .Ports}}}';

/** `docker ps` with `DOCKER_PS_FORMAT`: running containers and their published ports. */
export async function readDockerPs(runner: Runner): Promise<Result<string>> {
  return textOf(
    await runner.run({
      source: 'linux.docker.ps',
      file: 'docker',
      args: ['ps', '--no-trunc', '--format', DOCKER_PS_FORMAT],
      timeoutMs: 10_000,
    }),
  );
}
