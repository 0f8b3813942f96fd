import type { CheckFacts } from './facts';
import type { Socket } from '../schemas/ports';
import type { Evidence } from '../schemas/report';
import type { Unavailable } from '../schemas/common';
import { say } from '../i18n/say';
import type { EngineKey } from '../i18n/engine-keys';
import { endpoint } from '../net/address';

/** Per-platform commands a user can run to see a fact by hand (evidence never needs a shell to be believed). */
export function commandsFor(facts: Pick<CheckFacts, 'platform' | 'target'>): {
  sockets: string;
  addresses: string;
  firewall: string;
  sockSource: string;
} {
  const { port, protocol } = facts.target;
  if (facts.platform === 'win32') {
    return {
      sockets: `netstat -ano -p ${protocol.toUpperCase()} | findstr :${port}`,
      addresses: 'ipconfig',
      firewall: 'Get-NetFirewallRule -Enabled True',
      sockSource: 'windows.sockets',
    };
  }
  const flag = protocol === 'tcp' ? '-ltnp' : '-lunp';
  return {
    sockets: `ss ${flag} sport = :${port}`,
    addresses: 'ip addr',
    firewall: 'nft list ruleset',
    sockSource: protocol === 'tcp' ? 'linux.proc.net.tcp' : 'linux.proc.net.udp',
  };
}

/** Who owns a socket, in one line. */
export function ownerText(s: Socket): string {
  const o = s.owner;
  if (!o) return say('evidence.ownerHidden').text;
  const parts = [
    `pid ${o.pid}`,
    o.name ? `${o.name}` : '',
    o.user ? `user ${o.user}` : '',
    o.unit ? `unit ${o.unit}` : '',
    o.service ? `service ${o.service}` : '',
    o.container ? `container ${o.container}` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** Evidence for one listening/bound socket. */
export function socketEvidence(s: Socket, facts: Pick<CheckFacts, 'platform' | 'target'>): Evidence {
  const queued = s.state === 'LISTEN' && s.recvQ !== undefined;
  const stack = s.v6Only === false ? 'Dual' : s.v6Only === true ? 'V6' : '';
  const c = commandsFor(facts);
  // A hidden owner is a sentence of its own (…Hidden templates), not an English param inside a translated line.
  const params = {
    state: s.state,
    endpoint: endpoint(s.localAddress, s.localPort),
    ...(s.owner ? { owner: ownerText(s) } : {}),
    ...(queued ? { recvQ: s.recvQ ?? 0, sendQ: s.sendQ ?? '?' } : {}),
  };
  return {
    kind: 'socket',
    // Windows has no root or PID namespaces: an owner it did not report is said in its own words.
    ...say(
      !s.owner && facts.platform === 'win32'
        ? 'evidence.socketHiddenWin'
        : `evidence.socket${stack}${queued ? 'Queue' : ''}${s.owner ? '' : 'Hidden'}`,
      params,
    ),
    source: s.family === 6 ? `${c.sockSource}6` : c.sockSource,
    command: c.sockets,
    data: { ...s },
  };
}

const UNAVAILABLE_KEYS: Record<string, EngineKey> = {
  'The socket table': 'evidence.unavailableSockets',
  'The local addresses': 'evidence.unavailableAddresses',
  'The firewall ruleset': 'evidence.unavailableFirewall',
};

/** Evidence that a fact could not be gathered: the reason and the command that would tell. */
export function unavailableEvidence(what: string, u: Unavailable): Evidence {
  const key = UNAVAILABLE_KEYS[what];
  if (key === 'evidence.unavailableFirewall' && u.reason === 'needs-admin') {
    return {
      kind: 'unavailable',
      ...say('evidence.firewallNeedsRoot'),
      data: { reason: u.reason },
      ...(u.command ? { command: u.command } : {}),
    };
  }
  const params = { reason: u.reason, detail: u.detail };
  const e: Evidence = {
    kind: 'unavailable',
    ...(key ? say(key, params) : say('evidence.unavailable', { what, ...params })),
    data: { reason: u.reason },
  };
  if (u.command) e.command = u.command;
  return e;
}

/** net.ipv4.ip_forward = 0, as evidence: the kernel drops DNATed packets (a published port's) before any rule. */
export function ipForwardOffEvidence(): Evidence {
  return {
    kind: 'sysctl',
    ...say('service.ipForwardOff'),
    source: 'linux.sysctl.net.ipv4.ip-forward',
    command: 'sysctl net.ipv4.ip_forward',
  };
}
