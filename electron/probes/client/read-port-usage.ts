import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { decodeConsole } from '../windows/console';
import { parseDynamicPortRange } from '../windows/parse-netsh';
import { localPortsInNetstat, localPortsInRange, parseLocalPortRange } from './parse-port-usage';

/** How much of the client's ephemeral port range is taken. */
export interface PortUsage {
  range: [number, number];
  inUse: number;
  size: number;
}

/** Read the ephemeral range and count the local ports in use inside it (Linux: /proc; elsewhere: say what would tell). */
export async function readPortUsage(runner: Runner, platform: NodeJS.Platform): Promise<Result<PortUsage>> {
  if (platform === 'win32') return readWindowsPortUsage(runner);
  if (platform !== 'linux')
    return unavailable('unsupported-platform', `the ephemeral port usage is not read on ${platform}`, 'sysctl net.inet.ip.portrange');
  const rangeRead = await runner.readFile({ source: 'client.proc.ip-local-port-range', path: '/proc/sys/net/ipv4/ip_local_port_range' });
  const range = rangeRead.kind === 'ok' ? parseLocalPortRange(rangeRead.output.stdout.toString('utf8')) : null;
  if (!range) return unavailable('unparseable', 'net.ipv4.ip_local_port_range could not be read', 'sysctl net.ipv4.ip_local_port_range');
  const used = new Set<number>();
  for (const [source, path] of [
    ['client.proc.net.tcp', '/proc/net/tcp'],
    ['client.proc.net.tcp6', '/proc/net/tcp6'],
  ] as const) {
    const read = await runner.readFile({ source, path, maxBytes: 64 * 1024 * 1024 });
    if (read.kind === 'ok') for (const p of localPortsInRange(read.output.stdout.toString('utf8'), range)) used.add(p);
  }
  return { kind: 'ok', data: { range, inUse: used.size, size: range[1] - range[0] + 1 } };
}

/** Windows: the dynamic range from netsh and the local ports in it from netstat (decoded as UTF-8/UTF-16; digits survive any OEM page). */
async function readWindowsPortUsage(runner: Runner): Promise<Result<PortUsage>> {
  const command = 'netsh int ipv4 show dynamicport tcp & netstat -ano -p TCP';
  const dyn = await runner.run({
    source: 'client.netsh.dynamicport.tcp',
    file: 'netsh.exe',
    args: ['interface', 'ipv4', 'show', 'dynamicport', 'tcp'],
    timeoutMs: 10_000,
  });
  if (dyn.kind !== 'ok') return unavailable(dyn.error.reason, `the dynamic port range could not be read: ${dyn.error.detail}`, command);
  const range = parseDynamicPortRange(decodeConsole(dyn.output.stdout, null));
  if (range.kind !== 'ok') return { ...range, command };
  const r: [number, number] = [range.data.start, range.data.end];
  const conns = await runner.run({ source: 'client.netstat.ano.tcp', file: 'netstat.exe', args: ['-ano', '-p', 'TCP'], timeoutMs: 20_000 });
  if (conns.kind !== 'ok') return unavailable(conns.error.reason, `the connection table could not be read: ${conns.error.detail}`, command);
  const used = localPortsInNetstat(decodeConsole(conns.output.stdout, null), r);
  return { kind: 'ok', data: { range: r, inUse: used.size, size: r[1] - r[0] + 1 } };
}
