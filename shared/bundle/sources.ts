/**
 * Every report-bundle source id (docs/sources.md): the name under which one program's output or one file is
 * recorded, replayed, and cited by evidence (`source`). Source ids are part of the report contract: they may be
 * added, never renamed. Producers (runner specs, evidence, facts) take a `SourceId`, so a typo fails typecheck.
 */
export const SOURCE_IDS = [
  // The client probe (docs/client-probe.md).
  'client.hosts-file',
  'client.icmp-error',
  'client.ip.route-get',
  'client.netsh.dynamicport.tcp',
  'client.netstat.ano.tcp',
  'client.proc.ip-local-port-range',
  'client.proc.net.tcp',
  'client.proc.net.tcp6',
  // Fixes: the commands of a plan that name none, the undo, and the checks of a fix that exists.
  'fix.apply',
  'fix.check',
  'fix.list.check',
  'fix.persist',
  'fix.undo',
  'fix.undo.check',
  'fix.verify.counter',
  // Linux.
  'linux.dmi.bios-vendor',
  'linux.dmi.bios-version',
  'linux.dmi.chassis-asset-tag',
  'linux.dmi.product-name',
  'linux.dmi.product-version',
  'linux.dmi.sys-vendor',
  'linux.docker.ps',
  'linux.etc.passwd',
  'linux.firewalld.active-zones',
  'linux.firewalld.default-zone',
  'linux.firewalld.state',
  'linux.fix.firewalld',
  'linux.fix.iptables-legacy',
  'linux.fix.iptables-nft',
  'linux.fix.iptables-service',
  'linux.fix.netfilter-persistent',
  'linux.fix.nft',
  'linux.fix.nft.identity',
  'linux.fix.persist',
  'linux.fix.ufw',
  'linux.ip.addr',
  'linux.ip.route-get',
  'linux.ip6tables.legacy.save',
  'linux.ip6tables.nft.save',
  'linux.iptables.legacy.save',
  'linux.iptables.nft.save',
  'linux.nft.boot.enabled',
  'linux.nft.boot.load',
  'linux.nft.boot.netns-add',
  'linux.nft.boot.netns-del',
  'linux.nft.boot.ruleset',
  'linux.nft.ruleset',
  'linux.nft.tables',
  'linux.proc.exe',
  'linux.proc.net.tcp',
  'linux.proc.net.tcp6',
  'linux.proc.net.udp',
  'linux.proc.net.udp6',
  'linux.proc.netstat.after',
  'linux.proc.netstat.before',
  'linux.proc.netstat.window',
  'linux.proc.processes',
  'linux.proc.socket-owners',
  'linux.proc.timer-list.clock',
  'linux.ss.listeners',
  'linux.sysctl.net.core.somaxconn',
  'linux.sysctl.net.ipv4.ip-forward',
  'linux.sysctl.net.ipv4.ip-local-port-range',
  'linux.sysctl.net.ipv4.ip-unprivileged-port-start',
  'linux.sysctl.net.ipv4.tcp-tw-reuse',
  'linux.tcpdump.capture',
  'linux.ufw.status',
  'linux.ufw.user-rules',
  'linux.ufw.user6-rules',
  // The Ports view's actions (docs/ports-actions.md).
  'ports.close',
  'ports.close.check',
  'ports.end.kill',
  'ports.end.stop',
  'ports.end.term',
  // Every platform.
  'system.services',
  // Windows (docs/windows.md).
  'windows.auditpol.wfp',
  'windows.fix.disable-rule',
  'windows.fix.rule',
  'windows.netsh.advfirewall.allprofiles',
  'windows.netsh.advfirewall.rules',
  'windows.netsh.dynamicport.tcp',
  'windows.netsh.dynamicport.udp',
  'windows.netsh.excludedportrange.tcp',
  'windows.netsh.excludedportrange.tcp6',
  'windows.netsh.excludedportrange.udp',
  'windows.netsh.excludedportrange.udp6',
  'windows.netsh.http.servicestate',
  'windows.netsh.http.urlacl',
  'windows.netsh.portproxy',
  'windows.netstat.ano',
  'windows.pktmon.capture',
  'windows.pktmon.filter-add',
  'windows.pktmon.filter-remove',
  'windows.pktmon.filter-remove-after',
  'windows.pktmon.stop',
  'windows.ps.adapters',
  'windows.ps.connection-profiles',
  'windows.ps.firewall-profiles',
  'windows.ps.firewall-rules',
  'windows.ps.ip-addresses',
  'windows.ps.processes',
  'windows.ps.security-products',
  'windows.ps.services',
  'windows.ps.tcp-connections',
  'windows.ps.tcp-listeners',
  'windows.ps.udp-endpoints',
  'windows.ps.wfp-drops',
  'windows.ps.wfp-filters',
  'windows.reg.oemcp',
  'windows.sockets',
  'windows.tasklist.svc',
  'windows.whoami.groups',
] as const;

/** A source id with a fixed name. */
export type FixedSourceId = (typeof SOURCE_IDS)[number];

/**
 * The families of source ids with a part known only at run time: a table, zone, service or recent list by its name
 * (lower-cased, other characters `-`), a reading of the accept-queue window, a step of a command a fix records.
 */
export type PatternSourceId =
  | `linux.nft.table.${string}`
  | `linux.firewalld.zone.${string}`
  | `linux.firewalld.permanent.zone.${string}`
  | `linux.firewalld.service.${string}`
  | `linux.firewalld.permanent.service.${string}`
  | `linux.xt-recent.${string}`
  | `linux.proc.netstat.window.${number}`
  | `linux.ss.listeners.window.${number}`
  | `linux.fix.${string}.check`
  | `windows.fix.${string}.check`
  | `windows.auditpol.wfp-enable.${number}`
  | `windows.auditpol.wfp-disable.${number}`;

// The families of PatternSourceId as patterns over a recorded bundle's keys (kept next to the type they mirror).
const PATTERNS: readonly RegExp[] = [
  /^linux\.nft\.table\./,
  /^linux\.firewalld\.(permanent\.)?(zone|service)\./,
  /^linux\.xt-recent\./,
  /^linux\.(proc\.netstat|ss\.listeners)\.window\.\d+$/,
  /^(linux|windows)\.fix\..+\.check$/,
  /^windows\.auditpol\.wfp-(enable|disable)\.\d+$/,
];

/** Whether a recorded source id (a bundle's key) is one this version names: in `SOURCE_IDS` or a `PatternSourceId`. */
export function isKnownSourceId(id: string): boolean {
  return (SOURCE_IDS as readonly string[]).includes(id) || PATTERNS.some((p) => p.test(id));
}

declare const carried: unique symbol;
/**
 * A source id read back from a contract value rather than written here: a fix plan's command carries the id the
 * engine planned it under (`PlannedCommand.source`, a string in the JSON contract). Made only by `carriedSourceId`.
 */
export type CarriedSourceId = string & { readonly [carried]: true };

/** A report-bundle source id: one of `SOURCE_IDS`, of the families in `PatternSourceId`, or carried by a fix plan. */
export type SourceId = FixedSourceId | PatternSourceId | CarriedSourceId;

/**
 * The source id a fix plan's command runs under, as the plan says (the plans are made by shared/firewall/plan with
 * ids of `SOURCE_IDS`, e.g. `linux.fix.nft`), else `fallback`. Only for ids that come back inside a plan.
 */
export function carriedSourceId(source: string | undefined, fallback: FixedSourceId): SourceId {
  return source === undefined ? fallback : (source as CarriedSourceId);
}
