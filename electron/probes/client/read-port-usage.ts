import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { localPortsInRange, parseLocalPortRange } from './parse-port-usage';

/** How much of the client's ephemeral port range is taken. */
export interface PortUsage {
  range: [number, number];
  inUse: number;
  size: number;
}

/** Read the ephemeral range and count the local ports in use inside it (Linux: /proc; elsewhere: say what would tell). */
export async function readPortUsage(runner: Runner, platform: NodeJS.Platform): Promise<Result<PortUsage>> {
  if (platform !== 'linux') {
    const command = platform === 'win32' ? 'netsh int ipv4 show dynamicport tcp & netstat -ano -p tcp' : 'sysctl net.inet.ip.portrange';
    return unavailable('unsupported-platform', 'the ephemeral port usage is read on Linux only', command);
  }
  const rangeRead = await runner.readFile({ source: 'client.proc.ip-local-port-range', path: '/proc/sys/net/ipv4/ip_local_port_range' });
  const range = rangeRead.kind === 'ok' ? parseLocalPortRange(rangeRead.output.stdout.toString('utf8')) : null;
  if (!range) return unavailable('unparseable', 'net.ipv4.ip_local_port_range could not be read', 'sysctl net.ipv4.ip_local_port_range');
  const used = new Set<number>();
  for (const [source, path] of [['client.proc.net.tcp', '/proc/net/tcp'], ['client.proc.net.tcp6', '/proc/net/tcp6']] as const) {
    const read = await runner.readFile({ source, path, maxBytes: 64 * 1024 * 1024 });
    if (read.kind === 'ok') for (const p of localPortsInRange(read.output.stdout.toString('utf8'), range)) used.add(p);
  }
  return { kind: 'ok', data: { range, inUse: used.size, size: range[1] - range[0] + 1 } };
}
