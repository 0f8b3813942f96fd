import type { FirewallReadings, SavedFirewallConfigs } from '../../../shared/firewall/judge-linux';
import { presentFirewalls } from '../../../shared/firewall/judge-linux';
import { parseFirewalldServicePorts, parseFirewalldZone } from '../../../shared/firewall/parse-firewalld';
import type { FirewalldZone } from '../../../shared/firewall/parse-firewalld';
import { NFT_BOOT_FILE } from '../../../shared/firewall/pending-nft-boot';
import { permanentZoneSource, sourceName, zonesAgree } from '../../../shared/firewall/pending-firewalld';
import type { CommandResult, Runner } from '../../system/runner';
import { textOf } from './sockets';

const SERVICE_NAME = /^[A-Za-z0-9_.+-]{1,64}$/;

/** The ports of each service, read with `firewall-cmd [--permanent] --info-service=S` (a service that cannot be read opens nothing known). */
async function readServicePorts(runner: Runner, names: readonly string[], permanent: boolean): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const name of names.filter((n) => SERVICE_NAME.test(n)).slice(0, 16)) {
    const args = [...(permanent ? ['--permanent'] : []), `--info-service=${name}`];
    const r = textOf(
      await runner.run({
        source: `linux.firewalld.${permanent ? 'permanent.' : ''}service.${sourceName(name)}`,
        file: 'firewall-cmd',
        args,
        timeoutMs: 10_000,
      }),
    );
    if (r.kind === 'ok') out.set(name, parseFirewalldServicePorts(r.data));
  }
  return out;
}

/**
 * firewalld's permanent configuration of an active zone (`firewall-cmd --permanent --zone=Z --list-all`), with the
 * ports of the services both sides name when the two differ (read only then). Null when it cannot be read.
 */
async function readFirewalldSaved(runner: Runner, running: FirewalldZone): Promise<SavedFirewallConfigs['firewalld'][number] | null> {
  const r = textOf(
    await runner.run({
      source: permanentZoneSource(running.zone),
      file: 'firewall-cmd',
      args: ['--permanent', `--zone=${running.zone}`, '--list-all'],
      timeoutMs: 10_000,
    }),
  );
  if (r.kind !== 'ok') return null;
  const saved = parseFirewalldZone(r.data);
  if (saved.kind !== 'ok') return null;
  if (zonesAgree(running, saved.data)) return { zone: running.zone, saved: saved.data };
  const services = {
    running: await readServicePorts(runner, running.services, false),
    saved: await readServicePorts(runner, saved.data.services, true),
  };
  return { zone: running.zone, saved: saved.data, services };
}

/** `/etc/ufw/user.rules` (user6.rules for IPv6; root only): ufw's saved rules. */
async function readUfwSaved(runner: Runner, family: 4 | 6): Promise<SavedFirewallConfigs['ufw']> {
  const path = family === 6 ? '/etc/ufw/user6.rules' : '/etc/ufw/user.rules';
  const file = textOf(
    await runner.readFile({ source: family === 6 ? 'linux.ufw.user6-rules' : 'linux.ufw.user-rules', path, maxBytes: 16 * 1024 * 1024 }),
  );
  return file.kind === 'ok' ? { path, text: file.data } : undefined;
}

/**
 * `systemctl is-enabled nftables.service`: whether boot loads the nft file. A check asks it alongside the rulesets
 * (readLinuxCheckStages), not after them: systemctl's ~10 ms would otherwise be the last read on the check's path.
 */
export function readNftBootEnabled(runner: Runner): Promise<CommandResult> {
  return runner.run({ source: 'linux.nft.boot.enabled', file: 'systemctl', args: ['is-enabled', 'nftables.service'], timeoutMs: 10_000 });
}

/**
 * The boot file's ruleset, loaded into a scratch network namespace (`ip netns add`, `nft -f`, `nft -j list ruleset`,
 * `ip netns del`). Loaded, not parsed: nft itself resolves the file's includes, variables and defines, and `nft -c`
 * cannot print JSON. Only when nftables.service is enabled (the file is what boot loads); a file that does not load
 * (an ingress device missing in the scratch namespace, a syntax error) says nothing.
 */
async function readNftBoot(runner: Runner, asked: Promise<CommandResult>): Promise<string | undefined> {
  const enabled = await asked;
  if (enabled.kind !== 'ok' || !/^enabled(-runtime)?$/.test(enabled.output.stdout.toString('utf8').trim())) return undefined;
  const ns = `portdoctor-boot-${process.pid}`;
  const added = await runner.run({ source: 'linux.nft.boot.netns-add', file: 'ip', args: ['netns', 'add', ns], timeoutMs: 10_000 });
  if (added.kind !== 'ok') return undefined;
  try {
    const loaded = await runner.run({
      source: 'linux.nft.boot.load',
      file: 'ip',
      args: ['netns', 'exec', ns, 'nft', '-f', NFT_BOOT_FILE],
      timeoutMs: 20_000,
    });
    if (loaded.kind !== 'ok') return undefined;
    const listed = textOf(
      await runner.run({
        source: 'linux.nft.boot.ruleset',
        file: 'ip',
        args: ['netns', 'exec', ns, 'nft', '-j', 'list', 'ruleset'],
        timeoutMs: 20_000,
        maxBytes: 64 * 1024 * 1024,
      }),
    );
    return listed.kind === 'ok' ? listed.data : undefined;
  } finally {
    await runner.run({ source: 'linux.nft.boot.netns-del', file: 'ip', args: ['netns', 'del', ns], timeoutMs: 10_000 });
  }
}

/**
 * The saved configuration of each firewall front-end (what a reload or reboot loads), read when a ruleset could be
 * read: firewalld's permanent active zones, ufw's rules file, the nftables boot file. The engine compares them with the
 * running rules (shared/firewall/judge-linux.ts judgePending); one that cannot be read adds nothing.
 */
export async function readSavedConfigs(
  runner: Runner,
  readings: FirewallReadings,
  family: 4 | 6,
  nftBootEnabled: Promise<CommandResult>,
): Promise<SavedFirewallConfigs> {
  const { texts } = presentFirewalls(readings);
  if (texts.nft === undefined && texts.iptablesNft === undefined && texts.iptablesLegacy === undefined) return { firewalld: [] };
  const zones = readings.firewalld.kind === 'ok' && readings.firewalld.data.running ? readings.firewalld.data.zones : [];
  const [firewalld, ufw, nftBoot] = await Promise.all([
    Promise.all(zones.map((z) => readFirewalldSaved(runner, z))),
    readUfwSaved(runner, family),
    readings.nft.kind === 'ok' ? readNftBoot(runner, nftBootEnabled) : Promise.resolve(undefined),
  ]);
  const saved: SavedFirewallConfigs = { firewalld: firewalld.filter((z) => z !== null) };
  if (ufw) saved.ufw = ufw;
  if (nftBoot !== undefined) saved.nftBoot = nftBoot;
  return saved;
}
