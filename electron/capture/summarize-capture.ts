import type { WatchPeer } from '../../shared/schemas/report';
import type { CapturedPacket } from './parse-tcpdump';

interface PeerAcc {
  peer: WatchPeer;
  synSeqs: Set<string>;
}

function acc(map: Map<string, PeerAcc>, address: string, time: string): PeerAcc {
  let a = map.get(address);
  if (!a) {
    a = {
      peer: { address, syn: 0, synAck: 0, rst: 0, icmp: 0, retransmissions: 0, result: 'unanswered', firstSeen: time },
      synSeqs: new Set(),
    };
    map.set(address, a);
  }
  a.peer.lastSeen = time;
  return a;
}

/** How one packet bears on the handshake with a peer: an inbound SYN, our SYN-ACK/RST, or our ICMP error. */
export function classifyPacket(p: CapturedPacket, port: number): { peer: string; kind: 'syn' | 'syn-ack' | 'rst' | 'icmp' } | null {
  if (p.protocol === 'icmp') return p.direction === 'in' ? null : { peer: p.dst, kind: 'icmp' };
  if (p.protocol !== 'tcp' || !p.flags) return null;
  const f = p.flags;
  // An outbound SYN to some other host's port P is this host acting as a client: not what we watch.
  if (p.dport === port && p.direction !== 'out' && f.includes('S') && !f.includes('.')) return { peer: p.src, kind: 'syn' };
  // Our answers leave the host; an inbound packet from some server's port P is an answer to us as a client.
  // Linux shows loopback packets as `lo In` only, so on lo the direction tells nothing.
  const outbound = p.direction !== 'in' || p.iface === 'lo';
  if (p.sport === port && outbound && f.includes('S') && f.includes('.')) return { peer: p.dst, kind: 'syn-ack' };
  if (p.sport === port && outbound && f.includes('R')) return { peer: p.dst, kind: 'rst' };
  return null;
}

/** Per-peer handshake counts and a result: answered (SYN-ACK), rejected (ICMP), reset (RST), unanswered. */
export function summarizeCapture(packets: readonly CapturedPacket[], port: number): WatchPeer[] {
  const peers = new Map<string, PeerAcc>();
  for (const p of packets) {
    const c = classifyPacket(p, port);
    if (!c) continue;
    const a = acc(peers, c.peer, p.time);
    if (c.kind === 'syn') {
      a.peer.syn += 1;
      // The same source port and sequence number again is the client's retransmission: no answer reached it.
      const key = `${p.sport ?? '?'}/${p.seq ?? '?'}`;
      if (a.synSeqs.has(key)) a.peer.retransmissions = (a.peer.retransmissions ?? 0) + 1;
      else a.synSeqs.add(key);
    } else if (c.kind === 'syn-ack') a.peer.synAck += 1;
    else if (c.kind === 'rst') a.peer.rst += 1;
    else {
      a.peer.icmp = (a.peer.icmp ?? 0) + 1;
      const types = a.peer.icmpTypes ?? [];
      const what = (p.icmp ?? '').replace(/^destination unreachable, ?/, '').trim();
      if (what && !types.includes(what) && types.length < 16) a.peer.icmpTypes = [...types, what];
    }
  }
  return [...peers.values()].map(({ peer }) => ({
    ...peer,
    result: peer.synAck > 0 ? 'answered' : (peer.icmp ?? 0) > 0 ? 'rejected' : peer.rst > 0 ? 'reset' : 'unanswered',
  }));
}
