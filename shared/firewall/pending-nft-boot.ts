import type { PendingChange } from '../diagnose/facts';
import type { FirewallVerdict, InboundPacket } from './types';
import type { Runner } from '../../electron/system/runner';
import { nftItems } from '../../electron/probes/linux/firewall-sources';
import { prepareNetfilterJudge } from './judge-netfilter';
import { textOf } from '../../electron/probes/linux/sockets';

/** The file Debian's and Fedora's nftables.service load at boot (`ExecStart=/usr/sbin/nft -f /etc/nftables.conf` on Debian). */
export const NFT_BOOT_FILE = '/etc/nftables.conf';

type Json = Record<string, unknown>;

/** `family name` of every table an `nft -j list ruleset` document defines. */
export function nftTableKeys(json: string): Set<string> {
  const keys = new Set<string>();
  for (const i of nftItems(json) ?? []) {
    const t = i.table as Json | undefined;
    if (t && typeof t.family === 'string' && typeof t.name === 'string') keys.add(`${t.family} ${t.name}`);
  }
  return keys;
}

/** The items of `json` that belong to the given tables (tables, chains, rules, sets, maps…), as an `nft -j` document. */
export function nftOnlyTables(json: string, keys: ReadonlySet<string>): string {
  const kept = (nftItems(json) ?? []).filter((i) => {
    const [kind, value] = Object.entries(i)[0] ?? [];
    const o = value as Json | undefined;
    if (kind === undefined || typeof o !== 'object' || o === null || typeof o.family !== 'string') return false;
    // A table item names itself; chains, rules, sets, maps… name their table.
    return keys.has(`${o.family} ${String(kind === 'table' ? o.name : o.table)}`);
  });
  return JSON.stringify({ nftables: kept });
}

/** What decided, as a person reads it: the rule as nft prints it, or the chain policy. */
function decidedBy(v: FirewallVerdict): string {
  if (v.rule) return v.rule.text.replace(/\s+packets \d+ bytes \d+/g, '');
  if (v.policy?.chain) return `chain ${v.policy.table ? `${v.policy.table} ` : ''}${v.policy.chain} policy ${v.policy.policy}`;
  return 'no rule matches';
}

/**
 * Compare the boot file's ruleset with the running one, table by table: only the tables the file defines (others are
 * written by other programs — firewalld, Docker, iptables-nft — or by hand, and the file does not say what they hold
 * at boot). `verdict` is the whole running verdict: whether the difference decides the port now.
 */
export function nftBootPending(bootJson: string, runningJson: string, verdict: FirewallVerdict, packet: InboundPacket): PendingChange[] {
  const keys = nftTableKeys(bootJson);
  const boot = prepareNetfilterJudge({ nft: bootJson });
  const running = prepareNetfilterJudge({ nft: nftOnlyTables(runningJson, keys) });
  if (boot.kind !== 'ok' || running.kind !== 'ok') return [];
  const b = boot.data(packet);
  const r = running.data(packet);
  if (b.decision === 'unknown' || r.decision === 'unknown' || (b.decision === 'accept') === (r.decision === 'accept')) return [];
  const base = {
    system: 'nftables' as const,
    where: NFT_BOOT_FILE,
    entries: [decidedBy(b)],
    apply: `nft -f ${NFT_BOOT_FILE}`,
    show: `cat ${NFT_BOOT_FILE}`,
    source: 'linux.nft.boot.ruleset',
  };
  const decidingTable = verdict.rule?.table ?? verdict.policy?.table;
  if (b.decision === 'accept')
    return [
      {
        ...base,
        state: 'saved-only',
        effect: verdict.decision !== 'accept' && decidingTable !== undefined && keys.has(decidingTable) ? 'allows' : 'mentions',
      },
    ];
  return [{ ...base, state: 'running-only', effect: verdict.decision === 'accept' ? 'blocks' : 'mentions' }];
}

/**
 * The boot file's ruleset, loaded into a scratch network namespace (`ip netns add`, `nft -f`, `nft -j list ruleset`,
 * `ip netns del`) and judged by the same evaluator as the running one. Loaded, not parsed: nft itself resolves the
 * file's includes, variables and defines, and `nft -c` cannot print JSON. Only when nftables.service is enabled (the
 * file is what boot loads); a file that does not load (an ingress device missing in the scratch namespace, a syntax
 * error) says nothing.
 */
export async function readNftBootPending(
  runner: Runner,
  running: string,
  verdict: FirewallVerdict,
  packet: InboundPacket,
): Promise<PendingChange[]> {
  const enabled = await runner.run({
    source: 'linux.nft.boot.enabled',
    file: 'systemctl',
    args: ['is-enabled', 'nftables.service'],
    timeoutMs: 10_000,
  });
  if (enabled.kind !== 'ok' || !/^enabled(-runtime)?$/.test(enabled.output.stdout.toString('utf8').trim())) return [];
  const ns = `portdoctor-boot-${process.pid}`;
  const added = await runner.run({ source: 'linux.nft.boot.netns-add', file: 'ip', args: ['netns', 'add', ns], timeoutMs: 10_000 });
  if (added.kind !== 'ok') return [];
  try {
    const loaded = await runner.run({
      source: 'linux.nft.boot.load',
      file: 'ip',
      args: ['netns', 'exec', ns, 'nft', '-f', NFT_BOOT_FILE],
      timeoutMs: 20_000,
    });
    if (loaded.kind !== 'ok') return [];
    const listed = textOf(
      await runner.run({
        source: 'linux.nft.boot.ruleset',
        file: 'ip',
        args: ['netns', 'exec', ns, 'nft', '-j', 'list', 'ruleset'],
        timeoutMs: 20_000,
        maxBytes: 64 * 1024 * 1024,
      }),
    );
    return listed.kind === 'ok' ? nftBootPending(listed.data, running, verdict, packet) : [];
  } finally {
    await runner.run({ source: 'linux.nft.boot.netns-del', file: 'ip', args: ['netns', 'del', ns], timeoutMs: 10_000 });
  }
}
