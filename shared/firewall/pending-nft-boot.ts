import type { FirewallVerdict, InboundPacket, PendingChange } from './types';
import { nftItems } from './nft/items';
import { prepareNetfilterJudge } from './judge-netfilter';

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
    source: 'linux.nft.boot.ruleset' as const,
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
