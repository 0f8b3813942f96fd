import { isWildcard } from '../net/address';
import type { Cause } from '../schemas/common';
import type { CheckReport, Evidence, ProbeReport, WatchPeer, WatchReport } from '../schemas/report';
import { readServerView } from './server-view';
import type { ServerView } from './server-view';
import { engineEn } from '../i18n/engine-en';
import type { EngineParams } from '../i18n/engine-text';
import { say } from '../i18n/say';
import type { EngineKey, EngineKeyUnder } from '../i18n/engine-keys';
import { icmpPlace, icmpSaid } from './icmp';
import { natLikelyEvidence, wrongAddress, wrongAddressEvidence } from './address-join';
import type { WrongAddress } from './address-join';
import { overflowing, queueEvidence } from './queue-step';
import type { QueueWindow } from './facts';

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
  /** The port's accept queue read through the capture (Linux), when the capture had it. */
  queue: QueueWindow | null;
  /** Public/NAT addresses of this host the user named (`--public-address`): a client may rightly resolve to them. */
  publicAddresses: readonly string[];
  /** The client's name resolved to an address that is none of this host's (nor a named public one); null when not so or not known. */
  wrongAddress: WrongAddress | null;
}

/** One row of the decision table: when it applies, the cause it names, and why, in words. */
export interface DecisionRow {
  /** The row's id, with its sentences `engine.decided.<id>` and `engine.decidedBy.<id>`. */
  id: EngineKeyUnder<'decided'>;
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
  /** The `engine.decided.<row>` key of `summary`, with the cause as its param. */
  summaryKey?: string;
  summaryParams?: EngineParams;
  partial: boolean;
  evidence: Evidence[];
}

const outcome = (c: DecisionContext) => c.probe?.outcome;
// A reject that a client reads as "connection refused": a TCP reset or ICMP port-unreachable (nft's plain `reject`).
const readsAsRefused = (c: DecisionContext) =>
  c.server.firewall === 'reject' && (c.server.rejectWith === null || /reset|port-unreach/i.test(c.server.rejectWith));
// A reject with any other ICMP type (admin/host/net prohibited or unreachable): clients see EHOSTUNREACH/ENETUNREACH/EACCES.
const readsAsUnreachable = (c: DecisionContext) => c.server.firewall === 'reject' && !readsAsRefused(c);
const bindCause = (c: DecisionContext) =>
  c.server.findings.find((f) => f === 'loopback-only' || f === 'bound-other-address' || f === 'address-family-mismatch');
const boundElsewhere = (c: DecisionContext) => {
  const used = c.probe?.remoteAddress;
  const l = c.server.listeners;
  return used !== undefined && l !== null && l.length > 0 && !l.some((a) => isWildcard(a) || a.replace(/^::ffff:/, '') === used);
};
const noWatch = (c: DecisionContext) => c.packets === 'no-capture';
// Who sent the ICMP error that ended the client's connect (the probe reads it on Linux): the target or a hop.
const icmpAt = (c: DecisionContext) => (c.probe?.icmp && c.probe.remoteAddress ? icmpPlace(c.probe.icmp, c.probe.remoteAddress) : null);

/** The table, first match wins. Documented row by row in docs/decision-table.md (a test keeps them in step). */
export const DECISION_TABLE: readonly DecisionRow[] = [
  {
    id: 'client-dns-failure',
    when: engineEn.decision['client-dns-failure'],
    cause: 'dns-failure',
    test: (c) => outcome(c) === 'dns-failure',
  },
  {
    id: 'client-source-exhausted',
    when: engineEn.decision['client-source-exhausted'],
    cause: 'source-exhausted',
    test: (c) => outcome(c) === 'source-exhausted',
  },
  {
    id: 'client-wrong-address',
    when: engineEn.decision['client-wrong-address'],
    cause: 'dns-failure',
    test: (c) => c.wrongAddress !== null && !c.wrongAddress.natLikely,
    partial: (c) => c.publicAddresses.length === 0,
  },
  {
    id: 'client-ok-stand-in',
    when: engineEn.decision['client-ok-stand-in'],
    cause: 'not-listening',
    test: (c) => outcome(c) === 'ok' && c.standIn && c.server.listening !== true,
  },
  { id: 'client-ok', when: engineEn.decision['client-ok'], cause: 'ok', test: (c) => outcome(c) === 'ok' },
  {
    id: 'icmp-from-target',
    when: engineEn.decision['icmp-from-target'],
    cause: 'host-firewall-reject',
    test: (c) => icmpAt(c) === 'target',
  },
  {
    id: 'icmp-from-hop',
    when: engineEn.decision['icmp-from-hop'],
    cause: 'upstream-filtered',
    test: (c) => icmpAt(c) === 'hop-filter' || icmpAt(c) === 'hop-unreachable',
    partial: (c) => icmpAt(c) === 'hop-unreachable' && c.packets !== 'no-syn',
  },
  {
    id: 'refused-firewall-reject',
    when: engineEn.decision['refused-firewall-reject'],
    cause: 'host-firewall-reject',
    test: (c) => outcome(c) === 'refused' && readsAsRefused(c),
  },
  {
    id: 'refused-icmp-seen',
    when: engineEn.decision['refused-icmp-seen'],
    cause: 'host-firewall-reject',
    test: (c) => outcome(c) === 'refused' && c.packets === 'rejected',
  },
  {
    id: 'refused-no-syn',
    when: engineEn.decision['refused-no-syn'],
    cause: 'upstream-filtered',
    test: (c) => outcome(c) === 'refused' && c.packets === 'no-syn',
  },
  {
    id: 'refused-binding',
    when: engineEn.decision['refused-binding'],
    cause: 'check',
    test: (c) => outcome(c) === 'refused' && bindCause(c) !== undefined,
  },
  {
    id: 'refused-other-address',
    when: engineEn.decision['refused-other-address'],
    cause: 'bound-other-address',
    test: (c) => outcome(c) === 'refused' && c.server.listening !== false && boundElsewhere(c),
  },
  {
    id: 'refused-not-listening',
    when: engineEn.decision['refused-not-listening'],
    cause: 'not-listening',
    test: (c) => outcome(c) === 'refused' && (c.server.listening === false || (c.packets === 'reset' && c.server.listening !== true)),
  },
  {
    id: 'refused-other',
    when: engineEn.decision['refused-other'],
    cause: 'not-listening',
    test: (c) => outcome(c) === 'refused',
    partial: () => true,
  },
  {
    id: 'unreachable-firewall-reject',
    when: engineEn.decision['unreachable-firewall-reject'],
    cause: 'host-firewall-reject',
    test: (c) => outcome(c) === 'unreachable' && (readsAsUnreachable(c) || (c.server.firewall === 'reject' && c.packets === 'rejected')),
  },
  {
    id: 'unreachable-icmp-seen',
    when: engineEn.decision['unreachable-icmp-seen'],
    cause: 'host-firewall-reject',
    test: (c) => outcome(c) === 'unreachable' && c.packets === 'rejected',
  },
  {
    id: 'unreachable-no-route',
    when: engineEn.decision['unreachable-no-route'],
    cause: 'no-route',
    test: (c) => outcome(c) === 'unreachable',
    partial: noWatch,
  },
  {
    id: 'timeout-firewall-drop',
    when: engineEn.decision['timeout-firewall-drop'],
    cause: 'host-firewall-drop',
    test: (c) => outcome(c) === 'timeout' && c.server.firewall === 'drop',
  },
  {
    id: 'timeout-queue-overflowing',
    when: engineEn.decision['timeout-queue-overflowing'],
    cause: 'accept-queue-overflow',
    test: (c) => outcome(c) === 'timeout' && c.packets !== 'no-capture' && c.packets !== 'no-syn' && overflowing(c.queue ?? undefined),
  },
  {
    id: 'timeout-reply-lost',
    when: engineEn.decision['timeout-reply-lost'],
    cause: 'upstream-filtered',
    test: (c) => outcome(c) === 'timeout' && c.packets === 'answered',
  },
  {
    id: 'timeout-queue-full',
    when: engineEn.decision['timeout-queue-full'],
    cause: 'accept-queue-overflow',
    test: (c) => outcome(c) === 'timeout' && c.packets === 'unanswered' && c.server.findings.includes('accept-queue-overflow'),
  },
  {
    id: 'timeout-host-silent',
    when: engineEn.decision['timeout-host-silent'],
    cause: 'host-firewall-drop',
    test: (c) => outcome(c) === 'timeout' && c.packets === 'unanswered',
    partial: (c) => c.server.firewall !== 'drop',
  },
  {
    id: 'timeout-no-syn',
    when: engineEn.decision['timeout-no-syn'],
    cause: 'upstream-filtered',
    test: (c) => outcome(c) === 'timeout' && c.packets === 'no-syn',
    partial: (c) => c.server.firewall === 'unknown',
  },
  {
    id: 'timeout-uncaptured',
    when: engineEn.decision['timeout-uncaptured'],
    cause: 'upstream-filtered',
    test: (c) => outcome(c) === 'timeout',
    partial: () => true,
  },
  {
    id: 'server-only',
    when: engineEn.decision['server-only'],
    cause: 'check',
    test: () => true,
    partial: (c) => c.server.checkCause === null,
  },
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
  const result: WatchPeer['result'] =
    merged.synAck > 0 ? 'answered' : merged.icmp > 0 ? 'rejected' : merged.rst > 0 ? 'reset' : 'unanswered';
  return {
    address: withSyn
      .map((p) => p.address)
      .join(', ')
      .slice(0, 64),
    ...merged,
    result,
  };
}

/** Join the check (steps 1–3), the client's probe (4) and the capture (5) into one cause through the table. */
export function decideCombined(input: {
  check: CheckReport | null;
  probe: ProbeReport | null;
  watch: WatchReport | null;
  publicAddresses?: readonly string[];
}): CombinedDecision {
  const server = readServerView(input.check);
  const peer = input.watch ? peerFor(input.watch, input.probe) : null;
  const packets: PacketsSeen = !input.watch ? 'no-capture' : !peer ? 'no-syn' : peer.result;
  const publicAddresses = input.publicAddresses ?? [];
  const synSeen = packets !== 'no-capture' && packets !== 'no-syn';
  const wrong = wrongAddress(input.probe, server, publicAddresses, synSeen);
  const ctx: DecisionContext = {
    probe: input.probe,
    server,
    packets,
    peer,
    standIn: (input.watch?.standIn?.connections ?? 0) > 0,
    queue: input.watch?.queue ?? null,
    publicAddresses,
    wrongAddress: wrong,
  };
  const row = DECISION_TABLE.find((r) => r.test(ctx)) ?? (DECISION_TABLE[DECISION_TABLE.length - 1] as DecisionRow);
  const cause: Cause =
    row.cause === 'check'
      ? row.id === 'refused-binding'
        ? (bindCause(ctx) ?? 'bound-other-address')
        : (server.checkCause ?? 'ok')
      : row.cause;
  const partial = (row.partial?.(ctx) ?? false) || (row.id === 'server-only' && input.check?.verdict.partial === true);
  const said = say(`decided.${row.id}`, { cause });
  return {
    rule: row.id,
    cause,
    partial,
    summary: said.text,
    summaryKey: said.key,
    summaryParams: { cause },
    evidence: decisionEvidence(ctx, row),
  };
}

function decisionEvidence(c: DecisionContext, row: DecisionRow): Evidence[] {
  const ev: Evidence[] = [{ kind: 'decision', ...say(`decidedBy.${row.id}`), data: { rule: row.id } }];
  const p = c.probe;
  if (p)
    ev.push({
      kind: 'client',
      ...clientLine(p),
      data: { outcome: p.outcome, error: p.error ?? null, localAddress: p.localAddress ?? null, remoteAddress: p.remoteAddress ?? null },
    });
  else ev.push({ kind: 'client', ...say('combined.noClient') });
  if (p?.icmp && p.remoteAddress)
    ev.push({ kind: 'icmp', ...icmpSaid(p.icmp, p.remoteAddress), source: 'client.icmp-error', data: { ...p.icmp } });
  if (row.id === 'client-wrong-address' && c.wrongAddress) ev.push(...wrongAddressEvidence(c.wrongAddress));
  else if (c.wrongAddress?.natLikely) ev.push(natLikelyEvidence(c.wrongAddress));
  const pk = c.packets;
  const peerText = c.peer
    ? `${c.peer.address}: SYN ${c.peer.syn}, SYN-ACK ${c.peer.synAck}, RST ${c.peer.rst}, ICMP ${c.peer.icmp ?? 0}${c.peer.icmpTypes?.length ? ` (${c.peer.icmpTypes.join('; ')})` : ''}`
    : '';
  ev.push({
    kind: 'packets',
    ...(pk === 'no-capture'
      ? say('combined.noCapture')
      : pk === 'no-syn'
        ? say('combined.noSyn')
        : say('combined.captureSaw', { peers: peerText, result: pk })),
    data: { packets: pk },
  });
  if (c.queue) ev.push(queueEvidence(c.queue));
  const fw = c.server.firewall;
  ev.push({ kind: 'firewall', ...firewallLine(c), data: { decision: fw, rejectWith: c.server.rejectWith } });
  const l = c.server.listeners;
  ev.push({
    kind: 'service',
    ...(c.server.listening === false
      ? say('combined.serviceNone')
      : l?.length
        ? say('combined.serviceOn', { listeners: l.join(', ') })
        : say(c.server.listening ? 'combined.serviceListening' : 'combined.serviceUnknown')),
    data: { listening: c.server.listening, listeners: l },
  });
  return ev;
}

function clientLine(p: ProbeReport): Pick<Evidence, 'text' | 'key' | 'params'> {
  const base = { target: `${p.target.host}:${p.target.port}`, outcome: p.outcome, ms: p.elapsedMs, ...(p.error ? { error: p.error } : {}) };
  if (p.localAddress && p.remoteAddress)
    return say(p.error ? 'combined.clientErrorPath' : 'combined.clientPath', { ...base, local: p.localAddress, remote: p.remoteAddress });
  if (!p.localAddress && !p.remoteAddress) return say(p.error ? 'combined.clientError' : 'combined.client', base);
  // Only one end known (rare): the English line as before, without a key.
  return {
    text: `client: ${base.target} → ${p.outcome}${p.error ? ` (${p.error})` : ''} after ${p.elapsedMs} ms${p.localAddress ? ` from ${p.localAddress}` : ''}${p.remoteAddress ? ` to ${p.remoteAddress}` : ''}`,
  };
}

function firewallLine(c: DecisionContext): Pick<Evidence, 'text' | 'key' | 'params'> {
  const fw = c.server.firewall;
  if (fw === 'unknown') return say('combined.firewallUnknown');
  const rejectWith = c.server.rejectWith;
  const evidence = c.server.firewallEvidence?.text;
  const key: EngineKey = `combined.firewall${rejectWith ? 'With' : ''}${evidence ? 'Rule' : ''}`;
  return say(key, { decision: fw, ...(rejectWith ? { rejectWith } : {}), ...(evidence ? { evidence } : {}) });
}
