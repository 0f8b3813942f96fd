import type { CheckFacts, ForwardingFacts, LocalAddress, RouteFacts } from '../../../shared/diagnose/facts';
import type { ConnectedNetwork, InboundPacket } from '../../../shared/firewall/types';
import type { Result } from '../../../shared/schemas/common';
import { ipFamily, isLoopback, isWildcard, normalizeCidr } from '../../../shared/net/address';
import type { Runner } from '../../system/runner';
import { readAddresses, readRouteTo } from './addresses';
import { buildFirewallFacts } from '../../../shared/firewall/judge-linux';
import type { FirewallReadings } from '../../../shared/firewall/judge-linux';
import { iptablesTables, readDockerPs, readFirewalld, readIptablesSave, readNftRuleset, readUfw } from './firewall-sources';
import { buildKernelFacts, readNetstatCounters, readSysctls } from './kernel';
import { readLocalConnect } from './local-connect';
import { countedRecentLists, readRecentLists } from './recent-lists';
import { prepareNetfilterJudge } from '../../../shared/firewall/judge-netfilter';
import { readQueueWindow } from './queue-window';
import { readPendingChanges } from './pending';
import { parseDockerPs, parseIptablesDnat, parseNftDnat } from './parse-dnat';
import { readExpectedProcesses } from './processes';
import { readSockets } from './sockets';
import type { SocketsWithOwners } from './sockets';

/** Documentation addresses (RFC 5737 / RFC 3849) that stand for "a client from another network" in the static evaluation only. */
export const REPRESENTATIVE_CLIENT = { 4: '203.0.113.10', 6: '2001:db8::10' } as const;

/**
 * Read every firewall source of one family (each missing tool or denied read stays a value). firewalld
 * and ufw are asked only when the rulesets show their tables or chains (or could not be read): both are
 * Python programs that cost ~0.3 s each to say "not running", and neither can be in charge without rules.
 */
export async function readFirewallReadings(runner: Runner, family: 4 | 6): Promise<FirewallReadings> {
  const iptablesNftRead = readIptablesSave(runner, 'nft', family);
  // iptables-nft's tables are judged from iptables-save: do not list them again through nft.
  const skip = iptablesNftRead.then((r) => (r.kind === 'ok' ? iptablesTables(r.data, family) : new Set<string>()));
  const [nft, iptablesNft, iptablesLegacy] = await Promise.all([
    readNftRuleset(runner, skip),
    iptablesNftRead,
    readIptablesSave(runner, 'legacy', family),
  ]);
  const texts = [nft, iptablesNft, iptablesLegacy].map((r) => (r.kind === 'ok' ? r.data : r.reason === 'not-installed' ? '' : null));
  const blind = texts.some((t) => t === null);
  const seen = texts.join('\n');
  const firewallsdSeen = blind || /"firewalld"|\bINPUT_ZONES\b|\bIN_[A-Za-z0-9_]+_allow\b/.test(seen);
  const ufwSeen = blind || /:ufw6?-user-input\b/.test(seen);
  // `-m recent` counting rules (`ufw limit`) are judged from the kernel's lists when they can be read.
  const lists = countedRecentLists(texts.filter((t): t is string => t !== null));
  const [firewalld, ufw, recent] = await Promise.all([
    firewallsdSeen
      ? readFirewalld(runner)
      : Promise.resolve<FirewallReadings['firewalld']>({ kind: 'ok', data: { running: false, activeZones: [], zones: [] } }),
    ufwSeen ? readUfw(runner) : Promise.resolve<FirewallReadings['ufw']>({ kind: 'ok', data: { active: false, rules: [] } }),
    lists.length ? readRecentLists(runner, lists) : Promise.resolve(undefined),
  ]);
  return { nft, iptablesNft, iptablesLegacy, firewalld, ufw, ...(recent ? { recent } : {}) };
}

async function readRouteFacts(runner: Runner, client: string): Promise<Result<RouteFacts>> {
  const r = await readRouteTo(runner, client);
  if (r.kind !== 'ok') return r;
  const route: RouteFacts = { client };
  if (r.data.prefsrc) route.localAddress = r.data.prefsrc;
  if (r.data.device) route.interface = r.data.device;
  if (r.data.gateway) route.gateway = r.data.gateway;
  return { kind: 'ok', data: route };
}

/** The local address a client reaches: the route's source address, else the listener's own, else an interface address. */
export function destinationFor(
  family: 4 | 6,
  route: Result<RouteFacts> | undefined,
  listeners: CheckFacts['listeners'],
  addresses: Result<LocalAddress[]>,
): string {
  if (route?.kind === 'ok' && route.data.localAddress) return route.data.localAddress;
  if (listeners.kind === 'ok') {
    const own = listeners.data.find(
      (s) => ipFamily(s.localAddress) === family && !isWildcard(s.localAddress) && !isLoopback(s.localAddress),
    );
    if (own) return own.localAddress;
  }
  const addr =
    addresses.kind === 'ok'
      ? addresses.data.find((a) => a.family === family && !isLoopback(a.address) && !a.address.startsWith('fe80'))
      : undefined;
  return addr?.address ?? (family === 4 ? '0.0.0.0' : '::');
}

/**
 * Whether Docker may be publishing ports here: its chains (DOCKER, DOCKER-USER, DOCKER-FORWARD…, or the
 * `docker-bridges` table of its nftables backend) are in a ruleset, or a ruleset could not be read. `docker ps`
 * costs ~140 ms of a Go program's start-up even with no daemon, so a host without those rules does not pay it.
 */
export function dockerRulesSeen(r: Pick<FirewallReadings, 'nft' | 'iptablesNft' | 'iptablesLegacy'>): boolean {
  const texts = [r.nft, r.iptablesNft, r.iptablesLegacy].map((x) => (x.kind === 'ok' ? x.data : x.reason === 'not-installed' ? '' : null));
  return texts.some((t) => t === null) || /\bDOCKER(?:-[A-Z0-9-]+)?\b|\bdocker-bridges\b/.test(texts.join('\n'));
}

/** docker: `docker ps` output, or null when it was not asked (dockerRulesSeen). */
function forwardingFacts(
  port: number,
  protocol: 'tcp' | 'udp',
  r: FirewallReadings,
  docker: Result<string> | null,
  ipForward: boolean | undefined,
): Result<ForwardingFacts> {
  const published: ForwardingFacts['published'] = [];
  if (r.nft.kind === 'ok') published.push(...parseNftDnat(r.nft.data, port, 'linux.nft.tables'));
  if (r.iptablesNft.kind === 'ok') published.push(...parseIptablesDnat(r.iptablesNft.data, port, 'linux.iptables.nft.save'));
  if (r.iptablesLegacy.kind === 'ok') published.push(...parseIptablesDnat(r.iptablesLegacy.data, port, 'linux.iptables.legacy.save'));
  if (docker?.kind === 'ok') published.push(...parseDockerPs(docker.data, port, protocol));
  // iptables-nft rules also appear in the nft ruleset: keep one entry per target.
  const seen = new Set<string>();
  const unique = published.filter((p) => {
    const key = `${p.internalAddress}:${p.internalPort}`;
    if (seen.has(key) && !p.internalAddress.startsWith('container')) return false;
    seen.add(key);
    return true;
  });
  return { kind: 'ok', data: { ipForward: ipForward ?? null, published: unique } };
}

/** The sockets bound to the port (LISTEN for TCP, bound for UDP). */
function listenersOf(sockets: Result<SocketsWithOwners>, port: number, protocol: 'tcp' | 'udp'): CheckFacts['listeners'] {
  if (sockets.kind !== 'ok') return sockets;
  return {
    kind: 'ok',
    data: sockets.data.sockets.filter(
      (s) => s.protocol === protocol && s.localPort === port && (s.state === 'LISTEN' || s.state === 'UNCONN'),
    ),
  };
}

/** A connected network as the firewall evaluators read it (with the interface's link type and group: `meta iiftype`). */
function linkOf(a: LocalAddress, prefixLength: number): ConnectedNetwork {
  return {
    iface: a.interface,
    address: a.address,
    prefixLength,
    ...(a.linkType ? { linkType: a.linkType } : {}),
    ...(a.group ? { group: a.group } : {}),
  };
}

/** Gather every fact the check engine needs on Linux. Each probe failing stays a value in its own fact. */
export async function readLinuxCheckFacts(runner: Runner, given: CheckFacts['target']): Promise<CheckFacts> {
  // An IPv4-mapped source is an IPv4 SYN on the wire: judged as one, whichever route the address came by.
  const target = given.source === undefined ? given : { ...given, source: normalizeCidr(given.source) };
  const { port, protocol } = target;
  const family: 4 | 6 = target.source ? (ipFamily(target.source.split('/')[0] ?? '') ?? 4) : 4;
  const client = target.source?.split('/')[0] ?? REPRESENTATIVE_CLIENT[family];
  // The accept queue over a short window, started first and alongside every other read (it mostly waits between its
  // readings): its second reading is taken once the other reads and the loopback connect are done, and a quiet queue
  // (nothing waiting, no counter moved) ends the window there, so a healthy port adds no wait to the check.
  let readsDone: () => void = () => undefined;
  const windowRead =
    protocol === 'tcp' ? readQueueWindow(runner, port, { readsDone: new Promise<void>((r) => (readsDone = r)) }) : Promise.resolve(null);
  const before = await readNetstatCounters(runner, 'before');
  // Every read is independent and runs at once; Docker only once the rulesets show its chains.
  const readingsRead = readFirewallReadings(runner, family);
  const [firstSockets, addresses, sysctls, route, readings, docker, expected] = await Promise.all([
    readSockets(runner, { owners: true, port, timers: true }),
    readAddresses(runner),
    readSysctls(runner),
    readRouteFacts(runner, client),
    readingsRead,
    readingsRead.then((r) => (dockerRulesSeen(r) ? readDockerPs(runner) : null)),
    target.expect ? readExpectedProcesses(runner, target.expect) : Promise.resolve(undefined),
  ]);
  const localConnect = await readLocalConnect(runner, port, protocol);
  // A loopback connect that succeeded proves a listener: one that came up during the reads. Read the table again
  // once (the recording keeps this later reading, so a replay judges the same table).
  const answered = localConnect.kind === 'ok' && localConnect.data.some((c) => c.outcome === 'ok');
  const firstListeners = listenersOf(firstSockets, port, protocol);
  const sockets =
    answered && firstListeners.kind === 'ok' && firstListeners.data.length === 0
      ? await readSockets(runner, { owners: true, port, timers: true })
      : firstSockets;
  const after = await readNetstatCounters(runner, 'after');
  readsDone();
  const listeners = sockets === firstSockets ? firstListeners : listenersOf(sockets, port, protocol);
  const kernel = buildKernelFacts({ port, sockets: sockets.kind === 'ok' ? sockets.data.sockets : null, before, after, sysctls });
  const window = await windowRead;
  if (window?.kind === 'ok' && window.data) kernel.queueWindow = window.data;
  const packet: InboundPacket = {
    family,
    protocol,
    source: client,
    destination: destinationFor(family, route, listeners, addresses),
    dport: port,
  };
  if (route.kind === 'ok' && route.data.interface) packet.iif = route.data.interface;
  if (readings.recent?.kind === 'ok') packet.recent = readings.recent.data;
  // Where a DNAT (a Docker published port) would send the packet on: FORWARD rules match its output interface.
  if (addresses.kind === 'ok')
    packet.links = addresses.data.flatMap((a) => (a.prefixLength === undefined ? [] : [linkOf(a, a.prefixLength)]));
  const firewall = buildFirewallFacts(readings, prepareNetfilterJudge, packet, !target.source);
  const pending = await readPendingChanges(runner, readings, firewall, packet);
  if (firewall.kind === 'ok' && pending.length > 0) firewall.data.pending = pending;
  const facts: CheckFacts = {
    platform: 'linux',
    target,
    listeners,
    addresses,
    localConnect,
    firewall,
    kernel: { kind: 'ok', data: kernel },
    forwarding: forwardingFacts(port, protocol, readings, docker, kernel.ipForward),
    route,
  };
  if (expected) facts.expected = expected;
  if (sockets.kind === 'ok' && sockets.data.owners.kind !== 'ok')
    facts.privilege = { elevated: null, skipped: [`socket owners: ${sockets.data.owners.detail}`] };
  return facts;
}
