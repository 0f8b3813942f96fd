import type { Result } from '../../shared/schemas/common';
import { unavailable } from '../../shared/schemas/common';
import { displayCommand } from '../system/runner';
import type { Runner } from '../system/runner';
import type { StreamResult, StreamSpawner } from '../system/spawn-stream';
import { createPktmonLineParser, unreadPktmonReason } from './parse-pktmon';
import type { PktmonLineStats } from './parse-pktmon';
import type { CapturedPacket } from './parse-tcpdump';

/** The pktmon argv of each phase (every one an argument array; the port is a validated number). */
export function pktmonArgs(port: number): { clear: string[]; filter: string[]; start: string[]; stop: string[] } {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${port}`);
  return {
    clear: ['filter', 'remove'],
    // TCP only: Windows Defender Firewall blocks silently (no ICMP rejects), and an ICMP filter would take every ICMP packet.
    filter: ['filter', 'add', 'PortDoctor', '-t', 'TCP', '-p', String(port)],
    start: ['start', '--capture', '--comp', 'nics', '--pkt-size', '128', '-m', 'real-time'],
    stop: ['stop'],
  };
}

/** What a Windows capture gave: the packets, how the stream ended, and the command to show. */
export interface PktmonCapture {
  packets: CapturedPacket[];
  stream: Extract<StreamResult, { kind: 'ok' }>;
  command: string;
}

/**
 * Capture with pktmon (Windows 10 1809+, administrator): clear filters, add one for the port, stream in
 * real time for `seconds`, then always stop the session and remove the filter again. pktmon keeps one global
 * filter list, so filters someone else left are removed too; the evidence says so.
 */
export async function readCaptureWindows(
  spawner: StreamSpawner,
  runner: Runner,
  req: { port: number; seconds: number; maxPackets: number; signal?: AbortSignal; onPacket?: (p: CapturedPacket) => void },
): Promise<Result<PktmonCapture>> {
  const a = pktmonArgs(req.port);
  const command = [a.clear, a.filter, a.start].map((args) => displayCommand(['pktmon', ...args])).join(' & ');
  const cleared = await runner.run({ source: 'windows.pktmon.filter-remove', file: 'pktmon.exe', args: a.clear, timeoutMs: 10_000 });
  if (cleared.kind === 'error') {
    if (cleared.error.reason === 'not-installed')
      return unavailable('not-installed', 'pktmon.exe is not available (it ships with Windows 10 1809 / Server 2019 and later)', command);
    return unavailable(cleared.error.reason, `pktmon could not be prepared: ${cleared.error.detail}`, command);
  }
  const filtered = await runner.run({ source: 'windows.pktmon.filter-add', file: 'pktmon.exe', args: a.filter, timeoutMs: 10_000 });
  if (filtered.kind === 'error')
    return unavailable(filtered.error.reason, `pktmon could not add the port filter: ${filtered.error.detail}`, command);
  const packets: CapturedPacket[] = [];
  const stats: PktmonLineStats = { unread: 0 };
  const parse = createPktmonLineParser(stats);
  try {
    const stream = await spawner({
      source: 'windows.pktmon.capture',
      file: 'pktmon.exe',
      args: a.start,
      durationMs: req.seconds * 1000,
      maxLines: req.maxPackets * 16,
      ...(req.signal ? { signal: req.signal } : {}),
      onLine: (line) => {
        const p = parse(line);
        if (!p || packets.length >= req.maxPackets) return;
        packets.push(p);
        req.onPacket?.(p);
      },
    });
    if (stream.kind === 'error') return unavailable(stream.error.reason, stream.error.detail, command);
    if (packets.length === 0 && stream.stoppedBy === 'exit' && stream.exitCode !== 0) {
      const text = stream.stderr.trim().slice(0, 300);
      return unavailable(
        /access is denied|administrator|elevat/i.test(text) ? 'needs-admin' : 'exit-code',
        `pktmon exited with ${stream.exitCode}: ${text}`,
        command,
      );
    }
    // Labels are localised on some systems: packet-shaped output read as 0 packets is unknown, never "no SYN".
    const unread = unreadPktmonReason(packets.length, stats);
    if (unread) return unavailable('unparseable', unread, command);
    return { kind: 'ok', data: { packets, stream, command } };
  } finally {
    // The driver session outlives the killed process: stop it and drop our filter whatever happened.
    await runner.run({ source: 'windows.pktmon.stop', file: 'pktmon.exe', args: a.stop, timeoutMs: 15_000 });
    await runner.run({ source: 'windows.pktmon.filter-remove-after', file: 'pktmon.exe', args: a.clear, timeoutMs: 10_000 });
  }
}
