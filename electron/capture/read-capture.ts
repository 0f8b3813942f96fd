import type { Result } from '../../shared/schemas/common';
import { unavailable } from '../../shared/schemas/common';
import type { WatchReport } from '../../shared/schemas/report';
import { displayCommand } from '../system/runner';
import type { Runner } from '../system/runner';
import type { StreamSpawner } from '../system/spawn-stream';
import { readCaptureWindows } from './read-capture-windows';
import { isCapturePermissionError, parseTcpdumpLine } from './parse-tcpdump';
import type { CapturedPacket } from './parse-tcpdump';
import { summarizeCapture } from './summarize-capture';

/** What to capture, for how long, and who wants each packet as it arrives. */
export interface CaptureRequest {
  port: number;
  seconds: number;
  maxPackets?: number;
  signal?: AbortSignal;
  onPacket?: (packet: CapturedPacket) => void;
  /** Called once when the capture is really running (tcpdump printed "listening on"). */
  onReady?: () => void;
}

/**
 * The BPF filter: TCP to/from the port, and ICMP/ICMPv6 destination-unreachable errors quoting a packet to
 * the port (the quoted TCP header's destination port sits at icmp[30:2] / ip6[90:2] without IP options).
 */
export function captureFilter(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${port}`);
  return `tcp port ${port} or (icmp and icmp[0] = 3 and icmp[30:2] = ${port}) or (icmp6 and ip6[40] = 1 and ip6[90:2] = ${port})`;
}

/** tcpdump's argv: every interface, no name lookups, line-buffered, dated timestamps, bounded by packet count. */
export function tcpdumpArgs(port: number, maxPackets: number): string[] {
  return ['-i', 'any', '-nn', '-l', '--immediate-mode', '-tttt', '-c', String(maxPackets), captureFilter(port)];
}

/** Capture the port's handshakes for `seconds` (Linux: tcpdump; Windows: pktmon) and summarise them per peer. */
export async function readCapture(
  spawner: StreamSpawner,
  platform: NodeJS.Platform,
  req: CaptureRequest,
  runner?: Runner,
): Promise<Result<WatchReport>> {
  const maxPackets = req.maxPackets ?? 5000;
  if (platform === 'win32') {
    if (!runner) return unavailable('not-implemented', 'a Windows capture needs the runner for pktmon filter/stop');
    const got = await readCaptureWindows(spawner, runner, {
      port: req.port,
      seconds: req.seconds,
      maxPackets,
      ...(req.signal ? { signal: req.signal } : {}),
      ...(req.onPacket ? { onPacket: req.onPacket } : {}),
    });
    if (got.kind !== 'ok') return got;
    const { packets, stream, command } = got.data;
    const stoppedBy =
      stream.stoppedBy === 'time'
        ? 'time'
        : stream.stoppedBy === 'cancelled'
          ? 'cancelled'
          : stream.stoppedBy === 'exit'
            ? 'exit'
            : 'packet-limit';
    return {
      kind: 'ok',
      data: {
        schema: 'portdoctor.watch/1',
        port: req.port,
        seconds: req.seconds,
        peers: summarizeCapture(packets, req.port).slice(0, 10000),
        capture: { tool: 'pktmon', command, packets: packets.length, stoppedBy },
      },
    };
  }
  if (platform !== 'linux') return unavailable('unsupported-platform', `no packet capture for ${platform}`);
  const args = tcpdumpArgs(req.port, maxPackets);
  const command = displayCommand(['tcpdump', ...args]);
  const packets: CapturedPacket[] = [];
  let ready = false;
  const result = await spawner({
    source: 'linux.tcpdump.capture',
    file: 'tcpdump',
    args,
    durationMs: req.seconds * 1000,
    maxLines: maxPackets + 10,
    ...(req.signal ? { signal: req.signal } : {}),
    onStderr: (text) => {
      if (ready || !/listening on /.test(text)) return;
      ready = true;
      req.onReady?.();
    },
    onLine: (line) => {
      const p = parseTcpdumpLine(line);
      if (!p) return;
      packets.push(p);
      req.onPacket?.(p);
    },
  });
  if (result.kind === 'error') {
    if (result.error.reason === 'not-installed')
      return unavailable(
        'not-installed',
        'tcpdump is not installed (Debian/Ubuntu: apt install tcpdump; RHEL: dnf install tcpdump)',
        command,
      );
    return unavailable(result.error.reason, result.error.detail, command);
  }
  const firstError = result.stderr.split('\n').find((l) => /^tcpdump: .*(permission|not permitted|error|fail)/i.test(l)) ?? '';
  if (packets.length === 0 && result.stoppedBy === 'exit' && result.exitCode !== 0) {
    if (isCapturePermissionError(result.stderr))
      return unavailable(
        'needs-admin',
        `capturing needs root or CAP_NET_RAW: ${firstError || result.stderr.trim().slice(0, 300)}`,
        `sudo ${command}`,
      );
    return unavailable('exit-code', `tcpdump exited with ${result.exitCode}: ${result.stderr.trim().slice(0, 300)}`, command);
  }
  const stoppedBy =
    result.stoppedBy === 'time'
      ? 'time'
      : result.stoppedBy === 'cancelled'
        ? 'cancelled'
        : result.stoppedBy === 'exit' && packets.length < maxPackets
          ? 'exit'
          : 'packet-limit';
  return {
    kind: 'ok',
    data: {
      schema: 'portdoctor.watch/1',
      port: req.port,
      seconds: req.seconds,
      peers: summarizeCapture(packets, req.port).slice(0, 10000),
      capture: {
        tool: 'tcpdump',
        command,
        packets: packets.length,
        stoppedBy,
        ...(result.stoppedBy === 'output-limit' ? { truncated: true } : {}),
      },
    },
  };
}
