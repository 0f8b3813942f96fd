import type { Rng } from './random';
import type { PairNet } from './rig';
import { PORTS } from './rig';

/**
 * Random ufw and firewalld configurations, made by the real front-ends from the commands an admin types: the kernel
 * ruleset they write (ufw's iptables-nft chains with conntrack, addrtype, limit/LOG and recent rules; firewalld's
 * `inet firewalld` table with zone dispatch, sources, services and rich-rule priorities) is what gets judged.
 */
export interface FrontendCase {
  kind: 'ufw' | 'firewalld';
  /** Each entry is one command's arguments after `ufw` / `firewall-cmd`, applied in order. */
  commands: string[][];
}

const SERVICES: { name: string; port: number }[] = [
  { name: 'ssh', port: 22 },
  { name: 'http', port: 80 },
  { name: 'https', port: 443 },
  { name: 'mysql', port: 3306 },
  { name: 'postgresql', port: 5432 },
];

/** A source as admins write them: one client, its subnet, the far network, or a wider block. */
function source(r: Rng, net: PairNet): string {
  const b = net.srvAddrs[0].split('.').slice(0, 2).join('.');
  return r.pick([...net.cliAddrs, `${b}.1.0/24`, net.farNet, `${b}.0.0/16`, '192.168.0.0/16', '198.51.100.7']);
}

function ufwPort(r: Rng): string {
  return r.chance(0.15) ? r.pick(['8000:9000', '1:1023', '3000:6000']) : String(r.pick(PORTS));
}

/** One ufw rule command (action first), in the shapes `ufw help` documents. */
function ufwRule(r: Rng, net: PairNet, action: string): string[] {
  switch (r.int(0, 7)) {
    case 0:
    case 1:
      return [action, `${ufwPort(r)}/tcp`];
    case 2:
      return [action, 'proto', 'tcp', 'from', source(r, net), 'to', 'any', 'port', ufwPort(r)];
    case 3:
      return [action, 'from', source(r, net)];
    case 4:
      return [action, 'proto', 'tcp', 'from', 'any', 'to', r.pick(net.srvAddrs), 'port', ufwPort(r)];
    case 5:
      return [action, 'in', 'on', net.srvIf, 'to', 'any', 'port', ufwPort(r), 'proto', 'tcp'];
    case 6:
      return [action, 'proto', 'tcp', 'to', 'any', 'port', r.some(PORTS, 2, 3).join(',')];
    default:
      return [action, 'OpenSSH'];
  }
}

/** `ufw default …`, 1–6 rules (some inserted at the top), then the front-end is enabled by the runner. */
export function genUfw(r: Rng, net: PairNet): FrontendCase {
  const commands: string[][] = [['default', r.pick(['deny', 'deny', 'deny', 'reject', 'allow']), 'incoming']];
  const n = r.int(1, 6);
  for (let i = 0; i < n; i++) {
    // `limit` keeps per-source history (xt_recent): its first SYNs pass, so it is drawn rarely.
    const action = r.chance(0.05) ? 'limit' : r.pick(['allow', 'allow', 'deny', 'reject']);
    const rule = ufwRule(r, net, action);
    commands.push(i > 0 && action !== 'limit' && r.chance(0.25) ? ['insert', '1', ...rule] : rule);
  }
  return { kind: 'ufw', commands };
}

const ZONES = ['public', 'public', 'drop', 'block', 'trusted', 'work', 'internal', 'dmz', 'external', 'home'];

function richRule(r: Rng, net: PairNet): string {
  const prio = r.chance(0.3) ? `priority="${r.pick([-10, -1, 1, 5])}" ` : '';
  const verdict = r.pick(['accept', 'drop', 'reject', 'reject type="icmp-port-unreachable"', 'reject type="icmp-host-prohibited"']);
  const src = `source address="${source(r, net)}"`;
  return r.chance(0.6)
    ? `rule ${prio}family="ipv4" ${src} port port="${r.pick(PORTS)}" protocol="tcp" ${verdict}`
    : r.chance(0.5)
      ? `rule ${prio}family="ipv4" ${src} ${verdict}`
      : `rule ${prio}family="ipv4" ${src} service name="${r.pick(SERVICES).name}" ${verdict}`;
}

/** Runtime-only firewalld changes (the runner reloads between cases): zones for eth0 and sources, ports, services, rich rules. */
export function genFirewalld(r: Rng, net: PairNet): FrontendCase {
  const commands: string[][] = [];
  if (r.chance(0.4)) commands.push([`--zone=${r.pick(ZONES)}`, `--change-interface=${net.srvIf}`]);
  const n = r.int(1, 5);
  for (let i = 0; i < n; i++) {
    const zone = `--zone=${r.pick(ZONES)}`;
    switch (r.int(0, 5)) {
      case 0:
        commands.push([zone, `--add-port=${r.chance(0.2) ? '8000-9000' : r.pick(PORTS)}/tcp`]);
        break;
      case 1:
        commands.push([zone, `--add-service=${r.pick(SERVICES).name}`]);
        break;
      case 2:
        commands.push([zone, `--add-source=${source(r, net)}`]);
        break;
      default:
        commands.push([zone, `--add-rich-rule=${richRule(r, net)}`]);
    }
  }
  return { kind: 'firewalld', commands };
}
