import type { BindingFacts, CheckFacts, ForwardingFacts, RouteFacts, ServiceFacts } from '../../../shared/diagnose/facts';
import type { CheckStages } from '../../../shared/diagnose/judge-facts';
import { evaluatedClient } from '../../../shared/diagnose/judge-linux-facts';
import type { LinuxCheckReadings } from '../../../shared/diagnose/judge-linux-facts';
import type { Result } from '../../../shared/schemas/common';
import { normalizeCidr } from '../../../shared/net/address';
import type { Runner } from '../../system/runner';
import { readAddresses, readRouteTo } from './addresses';
import type { FirewallReadings } from '../../../shared/firewall/judge-linux';
import { iptablesTables, readDockerPs, readFirewalld, readIptablesSave, readNftRuleset, readUfw } from './firewall-sources';
import { buildKernelFacts, readNetstatCounters, readSysctls } from './kernel';
import { readLocalConnect } from './local-connect';
import { countedRecentLists, readRecentLists } from './recent-lists';
import { readQueueWindow } from './queue-window';
import { readNftBootEnabled, readSavedConfigs } from './pending';
import { parseDockerPs, parseIptablesDnat, parseNftDnat } from './parse-dnat';
import { readExpectedProcesses } from './processes';
import { readSockets } from './sockets';
import type { SocketsWithOwners } from './sockets';

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

/**
 * Gather every fact the check engine needs on Linux: readings only — the engine (shared/diagnose/judge-facts.ts) judges
 * them. Each probe failing stays a value in its own fact. The stages resolve as their reads finish: what step 2
 * (binding) is judged from first, then step 1's (service), then the whole (step 3 needs the saved configurations too).
 */
export function readLinuxCheckStages(runner: Runner, given: CheckFacts['target']): CheckStages<LinuxCheckReadings> {
  // An IPv4-mapped source is an IPv4 SYN on the wire: judged as one, whichever route the address came by.
  const target = given.source === undefined ? given : { ...given, source: normalizeCidr(given.source) };
  const { port, protocol } = target;
  const { family, client } = evaluatedClient(target);
  // The accept queue over a short window, started first and alongside every other read (it mostly waits between its
  // readings): its second reading is taken once the other reads and the loopback connect are done, and a quiet queue
  // (nothing waiting, no counter moved) ends the window there, so a healthy port adds no wait to the check.
  let readsDone: () => void = () => undefined;
  const windowRead =
    protocol === 'tcp' ? readQueueWindow(runner, port, { readsDone: new Promise<void>((r) => (readsDone = r)) }) : Promise.resolve(null);
  const before = readNetstatCounters(runner, 'before');
  // Every read is independent and runs at once (after the first counters); Docker only once the rulesets show its
  // chains, the saved configurations once the rulesets are read (except systemctl's answer, asked at once).
  const after = <T>(read: () => Promise<T>): Promise<T> => before.then(read);
  const readingsRead = after(() => readFirewallReadings(runner, family));
  const firstSocketsRead = after(() => readSockets(runner, { owners: true, port, timers: true }));
  const addressesRead = after(() => readAddresses(runner));
  const sysctlsRead = after(() => readSysctls(runner));
  const routeRead = after(() => readRouteFacts(runner, client));
  const dockerRead = readingsRead.then((r) => (dockerRulesSeen(r) ? readDockerPs(runner) : null));
  const expectedRead = after(() => (target.expect ? readExpectedProcesses(runner, target.expect) : Promise.resolve(undefined)));
  // Whether boot loads nftables' file is asked now, with the rulesets: read after them it was the check's last wait.
  const nftBootEnabled = after(() => readNftBootEnabled(runner));
  const savedRead = readingsRead.then((r) => readSavedConfigs(runner, r, family, nftBootEnabled));
  const socketsRead = firstSocketsRead.then(async (firstSockets) => {
    const localConnect = await readLocalConnect(runner, port, protocol);
    // A loopback connect that succeeded proves a listener: one that came up during the reads. Read the table again
    // once (the recording keeps this later reading, so a replay judges the same table).
    const answered = localConnect.kind === 'ok' && localConnect.data.some((c) => c.outcome === 'ok');
    const firstListeners = listenersOf(firstSockets, port, protocol);
    const sockets =
      answered && firstListeners.kind === 'ok' && firstListeners.data.length === 0
        ? await readSockets(runner, { owners: true, port, timers: true })
        : firstSockets;
    const listeners = sockets === firstSockets ? firstListeners : listenersOf(sockets, port, protocol);
    return { localConnect, sockets, listeners };
  });
  const binding = Promise.all([socketsRead, addressesRead, routeRead]).then(([{ listeners }, addresses, route]): BindingFacts => ({
    platform: 'linux',
    target,
    listeners,
    addresses,
    route,
  }));
  const service = Promise.all([socketsRead, sysctlsRead, readingsRead, dockerRead, expectedRead, addressesRead, routeRead]).then(
    async ([{ localConnect, sockets, listeners }, sysctls, readings, docker, expected]) => {
      const counted = await readNetstatCounters(runner, 'after');
      readsDone();
      const ownSockets = sockets.kind === 'ok' ? sockets.data.sockets : null;
      const kernel = buildKernelFacts({ port, sockets: ownSockets, before: await before, after: counted, sysctls });
      const window = await windowRead;
      if (window?.kind === 'ok' && window.data) kernel.queueWindow = window.data;
      const facts: ServiceFacts = {
        platform: 'linux',
        target,
        listeners,
        localConnect,
        kernel: { kind: 'ok', data: kernel },
        forwarding: forwardingFacts(port, protocol, readings, docker, kernel.ipForward),
      };
      if (expected) facts.expected = expected;
      return facts;
    },
  );
  const all = Promise.all([binding, service, socketsRead, readingsRead, savedRead]).then(
    ([b, s, { sockets }, readings, saved]): LinuxCheckReadings => {
      const facts: LinuxCheckReadings = {
        platform: 'linux',
        target,
        listeners: b.listeners,
        addresses: b.addresses,
        ...(s.localConnect ? { localConnect: s.localConnect } : {}),
        firewall: { ...readings, saved },
        ...(s.kernel ? { kernel: s.kernel } : {}),
        ...(s.forwarding ? { forwarding: s.forwarding } : {}),
        ...(b.route ? { route: b.route } : {}),
      };
      if (s.expected) facts.expected = s.expected;
      if (sockets.kind === 'ok' && sockets.data.owners.kind !== 'ok')
        facts.privilege = { elevated: null, skipped: [`socket owners: ${sockets.data.owners.detail}`] };
      return facts;
    },
  );
  // A caller that waits for the whole only still sees a failed stage through it.
  binding.catch(() => undefined);
  service.catch(() => undefined);
  return { binding, service, all };
}

/** Every Linux reading for one check, at once (the collectors and tests; a check streams the stages instead). */
export function readLinuxCheckFacts(runner: Runner, target: CheckFacts['target']): Promise<LinuxCheckReadings> {
  return readLinuxCheckStages(runner, target).all;
}
