import type { Cause, Protocol } from '../../../shared/schemas/common';
import type { Fix, Step, StepId } from '../../../shared/schemas/report';
import { bashOneLiner, cliProbeCommand, cliUdpProbeCommand, powershellOneLiner } from '../../../shared/probe/one-liner';
import probeSh from '../../../scripts/probe/portdoctor-probe.sh?raw';
import probePs1 from '../../../scripts/probe/portdoctor-probe.ps1?raw';
import type { ShownStatus } from '../../components/status-badge';
import type { StepRow } from './diagnose-selectors';

/** The hops of the path diagram, from the client to the process. */
export const HOPS = ['client', 'network', 'firewall', 'socket', 'process'] as const;
export type Hop = (typeof HOPS)[number];

// Which step proves which hop: the client connects (4), packets arrive through the network (5), the host firewall (3),
// the socket's binding (2), the process answering (1).
const HOP_STEP: Record<Hop, StepId> = { client: 'client', network: 'packets', firewall: 'firewall', socket: 'binding', process: 'service' };

/** The hop each cause blames; `ok` blames none. */
export const CAUSE_HOP: Record<Cause, Hop | null> = {
  ok: null,
  unknown: null,
  'not-listening': 'process',
  'port-in-use': 'process',
  'port-excluded': 'process',
  'privileged-port': 'process',
  'accept-queue-overflow': 'process',
  'loopback-only': 'socket',
  'bound-other-address': 'socket',
  'address-family-mismatch': 'socket',
  'host-firewall-drop': 'firewall',
  'host-firewall-reject': 'firewall',
  'forwarding-disabled': 'firewall',
  'upstream-filtered': 'network',
  'no-route': 'client',
  'dns-failure': 'client',
  'source-exhausted': 'client',
};

/** One hop of the path diagram: its status (from the step that proves it) and whether the verdict blames it. */
export interface HopView {
  hop: Hop;
  status: ShownStatus;
  failing: boolean;
}

/** The path diagram's hops for the current rows and verdict cause (null while no verdict). */
export function selectPathHops(rows: readonly StepRow[], cause: Cause | null): HopView[] {
  const blamed = cause ? CAUSE_HOP[cause] : null;
  return HOPS.map((hop) => ({ hop, status: rows.find((r) => r.id === HOP_STEP[hop])?.status ?? 'pending', failing: hop === blamed }));
}

/** The distinct commands behind a step's evidence, for copying. */
export function stepCommands(step: Step | null): string[] {
  return step ? [...new Set(step.evidence.map((e) => e.command).filter((c): c is string => Boolean(c)))] : [];
}

/** Whether a verdict's fix is the firewall change PortDoctor plans and applies itself (preview, confirm, undo). */
export function isOneClickFix(fix: Fix): boolean {
  return fix.kind === 'one-click' || fix.id === 'allow-port';
}

/**
 * What to run on the client, with the server's name or address (a placeholder until the user gives one). For UDP only
 * PortDoctor's own probe (the scripts with nothing to install test TCP).
 */
export function clientOneLiners(host: string, port: number, protocol: Protocol = 'tcp'): { id: string; command: string }[] {
  if (protocol === 'udp') return [{ id: 'cli', command: cliUdpProbeCommand(host, port) }];
  return [
    // Nothing to install: the scripts in scripts/probe/, exactly as the lab and the Windows workflow run them.
    { id: 'bash', command: bashOneLiner(probeSh, host, port) },
    { id: 'powershell', command: powershellOneLiner(probePs1, host, port) },
    { id: 'cli', command: cliProbeCommand(host, port) },
  ];
}

/** Packets seen for one peer during a live capture. */
export interface PeerCount {
  peer: string;
  syn: number;
  synAck: number;
  rst: number;
  icmp: number;
  last: string;
}

/** Add one captured packet to the per-peer counts (tcpdump flags: `S` SYN, `S.` SYN-ACK, `R`/`R.` reset, `icmp`). */
export function countPacket(peers: readonly PeerCount[], event: { peer: string; flags: string; time: string }): PeerCount[] {
  const found = peers.find((p) => p.peer === event.peer);
  const row: PeerCount = found ? { ...found } : { peer: event.peer, syn: 0, synAck: 0, rst: 0, icmp: 0, last: '' };
  if (event.flags === 'S') row.syn += 1;
  else if (event.flags === 'S.') row.synAck += 1;
  else if (event.flags.startsWith('R')) row.rst += 1;
  else if (event.flags === 'icmp') row.icmp += 1;
  row.last = event.time;
  return found ? peers.map((p) => (p.peer === event.peer ? row : p)) : [...peers, row];
}
