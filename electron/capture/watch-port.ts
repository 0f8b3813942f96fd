import type { Result } from '../../shared/schemas/common';
import type { WatchReport } from '../../shared/schemas/report';
import type { Runner } from '../system/runner';
import type { StreamSpawner } from '../system/spawn-stream';
import { startStandIn } from '../standin/standin-listener';
import { readQueueWindow } from '../probes/linux/queue-window';
import type { CapturedPacket } from './parse-tcpdump';
import { readCapture } from './read-capture';
import { classifyPacket } from './summarize-capture';

/** A packet as the UI's live stream shows it. */
export interface PacketEvent {
  type: 'packet';
  time: string;
  peer: string;
  flags: string;
  text: string;
}

/** One captured packet as a stream event: the peer it concerns, its flags (or `icmp`), and tcpdump's line. */
export function packetEvent(p: CapturedPacket, port: number): PacketEvent {
  const c = classifyPacket(p, port);
  const peer = c?.peer ?? (p.sport === port ? p.dst : p.src);
  return { type: 'packet', time: p.time, peer, flags: p.protocol === 'icmp' ? 'icmp' : (p.flags ?? ''), text: p.text };
}

/** Watch options: how long, whether to stand in for a missing service, and where live packets go. */
export interface WatchOptions {
  port: number;
  seconds: number;
  standIn?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: PacketEvent) => void;
  /** Called once when the capture is really running (a client may start now). */
  onReady?: () => void;
  /** For the short pktmon commands around a Windows capture (filter, stop). */
  runner?: Runner;
}

/** Step 5: capture for `seconds` (optionally with our own stand-in listener on the port), summarised per peer. */
export async function watchPort(spawner: StreamSpawner, platform: NodeJS.Platform, options: WatchOptions): Promise<Result<WatchReport>> {
  const { port, seconds } = options;
  const standIn = options.standIn ? await startStandIn(port, seconds + 1) : null;
  // Linux: the port's accept queue and ListenOverflows every 500 ms through the capture (a stand-in's own queue is not read).
  const stop = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const queue =
    platform === 'linux' && options.runner && !standIn
      ? readQueueWindow(options.runner, port, { samples: Math.min(seconds * 2 + 1, 121), intervalMs: 500, signal: stop.signal })
      : null;
  try {
    const report = await readCapture(
      spawner,
      platform,
      {
        port,
        seconds,
        ...(options.signal ? { signal: options.signal } : {}),
        onPacket: (p) => options.onEvent?.(packetEvent(p, port)),
        ...(options.onReady ? { onReady: options.onReady } : {}),
      },
      options.runner,
    );
    stop.abort();
    const window = await queue;
    if (report.kind === 'ok' && window?.kind === 'ok' && window.data) report.data.queue = window.data;
    if (report.kind !== 'ok' || !standIn) return report;
    report.data.standIn =
      standIn.kind === 'ok'
        ? { addresses: standIn.data.addresses, connections: standIn.data.peers.length }
        : { addresses: [], connections: 0, error: standIn.detail.slice(0, 300) };
    return report;
  } finally {
    stop.abort();
    // Always released, whether the capture worked, failed or was cancelled.
    if (standIn?.kind === 'ok') await standIn.data.stop();
  }
}
