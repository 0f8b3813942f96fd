import { isWildcard } from '../net/address';
import type { Cause } from '../schemas/common';
import type { CheckReport, Evidence, ProbeReport, WatchPeer, WatchReport } from '../schemas/report';
import { readServerView } from './server-view';
import type { ServerView } from './server-view';

/** What the server saw of the client's SYNs during the capture. */
export type PacketsSeen = 'no-capture' | 'no-syn' | 'answered' | 'reset' | 'rejected' | 'unanswered';

/** Everything one row of the table may look at. */
export interface DecisionContext {
  probe: ProbeReport | null;
  server: ServerView;
  packets: PacketsSeen;
  /** The capture's peer for this client (matched by the client's source address, else all peers summed). */
  peer: WatchPeer | null;
  /** PortDoctor's own stand-in listener answered during the capture (the real service was down). */
  standIn: boolean;
}

/** One row of the decision table: when it applies, the cause it names, and why, in words. */
export interface DecisionRow {
  id: string;
  when: string;
  cause: Cause | 'check';
  test: (c: DecisionContext) => boolean;
  /** The verdict holds but something was not seen (no capture, firewall not judged). */
  partial?: (c: DecisionContext) => boolean;
}

/** The combined verdict: the row that decided, the cause, and the evidence it decided on. */
export interface CombinedDecision {
  rule: string;
  cause: Cause;
  summary: string;
  partial: boolean;
  evidence: Evidence[];
}

const outcome = (c: DecisionContext) => c.probe?.outcome;
// A reject that a client reads as "connection refused": a TCP reset or ICMP port-unreachable (nft's plain `reject`).
const readsAsRefused = (c: DecisionContext) => c.server.firewall === 'reject' && (c.server.rejectWith === null || /reset|port-unreach/i.test(c.server.rejectWith));
// A reject with any other ICMP type (admin/host/net prohibited or unreachable): clients see EHOSTUNREACH/ENETUNREACH/EACCES.
const readsAsUnreachable = (c: DecisionContext) => c.server.firewall === 'reject' && !readsAsRefused(c);
const bindCause = (c: DecisionContext) => c.server.findings.find((f) => f === 'loopback-only' || f === 'bound-other-address' || f === 'address-family-mismatch');
const boundElsewhere = (c: DecisionContext) => {
  const used = c.probe?.remoteAddress;
  const l = c.server.listeners;
  return used !== undefined && l !== null && l.length > 0 && !l.some((a) => isWildcard(a) || a.replace(/^::ffff:/, '') === used);
};
const noWatch = (c: DecisionContext) => c.packets === 'no-capture';

/** The table, first match wins. Documented row by row in docs/decision-table.md (a test keeps them in step). */
export const DECISION_TABLE: readonly DecisionRow[] = [
  { id: 'client-dns-failure', when: 'the client could not resolve the name', cause: 'dns-failure', test: (c) => outcome(c) === 'dns-failure' },
  { id: 'client-source-exhausted', when: 'the client had no free ephemeral port (EADDRNOTAVAIL)', cause: 'source-exhausted', test: (c) => outcome(c) === 'source-exhausted' },
  { id: 'client-ok-stand-in', when: 'the client connected to PortDoctor’s stand-in listener: the path works, but nothing else listens on the port', cause: 'not-listening', test: (c) => outcome(c) === 'ok' && c.standIn && c.server.listening !== true },
  { id: 'client-ok', when: 'the client connected', cause: 'ok', test: (c) => outcome(c) === 'ok' },
  { id: 'refused-firewall-reject', when: 'client refused + the host firewall rejects with a reset or ICMP port-unreachable', cause: 'host-firewall-reject', test: (c) => outcome(c) === 'refused' && readsAsRefused(c) },
  { id: 'refused-icmp-seen', when: 'client refused + the capture shows the host answering with ICMP', cause: 'host-firewall-reject', test: (c) => outcome(c) === 'refused' && c.packets === 'rejected' },
  { id: 'refused-no-syn', when: 'client refused + no SYN reached the host during the capture', cause: 'upstream-filtered', test: (c) => outcome(c) === 'refused' && c.packets === 'no-syn' },
  { id: 'refused-binding', when: 'client refused + the service listens, but not where the client connects (loopback, another address, other family)', cause: 'check', test: (c) => outcome(c) === 'refused' && bindCause(c) !== undefined },
  { id: 'refused-other-address', when: 'client refused + every listener is bound to an address other than the one the client used', cause: 'bound-other-address', test: (c) => outcome(c) === 'refused' && c.server.listening !== false && boundElsewhere(c) },
  { id: 'refused-not-listening', when: 'client refused + nothing listens on the port (the host sent RST)', cause: 'not-listening', test: (c) => outcome(c) === 'refused' && (c.server.listening === false || (c.packets === 'reset' && c.server.listening !== true)) },
  { id: 'refused-other', when: 'client refused, and the server side shows no reason', cause: 'not-listening', test: (c) => outcome(c) === 'refused', partial: () => true },
  { id: 'unreachable-firewall-reject', when: 'client unreachable + the host firewall rejects with an ICMP type (not a routing problem)', cause: 'host-firewall-reject', test: (c) => outcome(c) === 'unreachable' && (readsAsUnreachable(c) || (c.server.firewall === 'reject' && c.packets === 'rejected')) },
  { id: 'unreachable-icmp-seen', when: 'client unreachable + the capture shows this host answering the SYN with ICMP', cause: 'host-firewall-reject', test: (c) => outcome(c) === 'unreachable' && c.packets === 'rejected' },
  { id: 'unreachable-no-route', when: 'client unreachable, and the host neither rejects nor saw the SYN', cause: 'no-route', test: (c) => outcome(c) === 'unreachable', partial: noWatch },
  { id: 'timeout-firewall-drop', when: 'client timeout + the host firewall drops the SYN', cause: 'host-firewall-drop', test: (c) => outcome(c) === 'timeout' && c.server.firewall === 'drop' },
  { id: 'timeout-reply-lost', when: 'client timeout + the host answered SYN-ACK (the answer is lost on the way back)', cause: 'upstream-filtered', test: (c) => outcome(c) === 'timeout' && c.packets === 'answered' },
  { id: 'timeout-queue-full', when: 'client timeout + SYN seen unanswered + the accept queue is full', cause: 'accept-queue-overflow', test: (c) => outcome(c) === 'timeout' && c.packets === 'unanswered' && c.server.findings.includes('accept-queue-overflow') },
  { id: 'timeout-host-silent', when: 'client timeout + the SYN reached the host and got no answer', cause: 'host-firewall-drop', test: (c) => outcome(c) === 'timeout' && c.packets === 'unanswered', partial: (c) => c.server.firewall !== 'drop' },
  { id: 'timeout-no-syn', when: 'client timeout + no SYN reached the host + the host firewall does not drop it', cause: 'upstream-filtered', test: (c) => outcome(c) === 'timeout' && c.packets === 'no-syn', partial: (c) => c.server.firewall === 'unknown' },
  { id: 'timeout-uncaptured', when: 'client timeout + the host would let it in, but no capture confirms where it stops', cause: 'upstream-filtered', test: (c) => outcome(c) === 'timeout', partial: () => true },
  { id: 'server-only', when: 'no client report: the server-side verdict (steps 1–3, with the capture as evidence)', cause: 'check', test: () => true, partial: (c) => c.server.checkCause === null },
];

/** The capture's peer for this client: its source address if seen, else every peer summed (the client may be NATed). */
export function peerFor(watch: WatchReport, probe: ProbeReport | null): WatchPeer | null {
  const src = probe?.localAddress?.replace(/^::ffff:/, '');
  const exact = src ? watch.peers.find((p) => p.address.replace(/^::ffff:/, '') === src) : undefined;
  if (exact) return exact;
  const withSyn = watch.peers.filter((p) => p.syn > 0);
  if (withSyn.length === 0) return null;
  const sum = (k: 'syn' | 'synAck' | 'rst' | 'icmp') => withSyn.reduce((n, p) => n + (p[k] ?? 0), 0);
  const merged = { syn: sum('syn'), synAck: sum('synAck'), rst: sum('rst'), icmp: sum('icmp') };
  const result: WatchPeer['result'] = merged.synAck > 0 ? 'answered' : merged.icmp > 0 ? 'rejected' : merged.rst > 0 ? 'reset' : 'unanswered';
  return { address: withSyn.map((p) => p.address).join(', ').slice(0, 64), ...merged, result };
}

/** Join the check (steps 1–3), the client's probe (4) and the capture (5) into one cause through the table. */
export function decideCombined(input: { check: CheckReport | null; probe: ProbeReport | null; watch: WatchReport | null }): CombinedDecision {
  const server = readServerView(input.check);
  const peer = input.watch ? peerFor(input.watch, input.probe) : null;
  const packets: PacketsSeen = !input.watch ? 'no-capture' : !peer ? 'no-syn' : peer.result;
  const ctx: DecisionContext = { probe: input.probe, server, packets, peer, standIn: (input.watch?.standIn?.connections ?? 0) > 0 };
  const row = DECISION_TABLE.find((r) => r.test(ctx)) ?? (DECISION_TABLE[DECISION_TABLE.length - 1] as DecisionRow);
  const cause: Cause = row.cause === 'check' ? (row.id === 'refused-binding' ? (bindCause(ctx) ?? 'bound-other-address') : (server.checkCause ?? 'ok')) : row.cause;
  const partial = (row.partial?.(ctx) ?? false) || (row.id === 'server-only' && input.check?.verdict.partial === true);
  return { rule: row.id, cause, partial, summary: `${row.when} → ${cause}`, evidence: decisionEvidence(ctx, row) };
}

function decisionEvidence(c: DecisionContext, row: DecisionRow): Evidence[] {
  const ev: Evidence[] = [{ kind: 'decision', text: `decided by rule ${row.id}: ${row.when}`, data: { rule: row.id } }];
  const p = c.probe;
  if (p) ev.push({ kind: 'client', text: `client: ${p.target.host}:${p.target.port} → ${p.outcome}${p.error ? ` (${p.error})` : ''} after ${p.elapsedMs} ms${p.localAddress ? ` from ${p.localAddress}` : ''}${p.remoteAddress ? ` to ${p.remoteAddress}` : ''}`, data: { outcome: p.outcome, error: p.error ?? null, localAddress: p.localAddress ?? null, remoteAddress: p.remoteAddress ?? null } });
  else ev.push({ kind: 'client', text: 'no client report: the client side was not seen (run `portdoctor probe <host>:<port> --json` on the client)' });
  const pk = c.packets;
  const peerText = c.peer ? `${c.peer.address}: SYN ${c.peer.syn}, SYN-ACK ${c.peer.synAck}, RST ${c.peer.rst}, ICMP ${c.peer.icmp ?? 0}${c.peer.icmpTypes?.length ? ` (${c.peer.icmpTypes.join('; ')})` : ''}` : '';
  ev.push({ kind: 'packets', text: pk === 'no-capture' ? 'no capture on the server' : pk === 'no-syn' ? 'the capture saw no SYN from the client' : `the capture saw ${peerText} → ${pk}`, data: { packets: pk } });
  const fw = c.server.firewall;
  const fwText = fw === 'unknown' ? 'host firewall: not judged' : `host firewall: ${fw}${c.server.rejectWith ? ` with ${c.server.rejectWith}` : ''}${c.server.firewallEvidence ? ` — ${c.server.firewallEvidence.text}` : ''}`;
  ev.push({ kind: 'firewall', text: fwText, data: { decision: fw, rejectWith: c.server.rejectWith } });
  const l = c.server.listeners;
  ev.push({ kind: 'service', text: c.server.listening === false ? 'service: nothing listens on the port' : l?.length ? `service: listening on ${l.join(', ')}` : c.server.listening ? 'service: listening' : 'service: not known', data: { listening: c.server.listening, listeners: l } });
  return ev;
}
