import type { ClosingFacts, KernelFacts } from '../../../shared/diagnose/facts';
import type { SourceId } from '../../../shared/bundle/sources';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Socket } from '../../../shared/schemas/ports';
import type { Runner } from '../../system/runner';
import { textOf } from './sockets';

/** Kernel settings the check reads, each its own source (`linux.sysctl.<key>`). */
export const SYSCTLS = {
  somaxconn: 'net/core/somaxconn',
  ipForward: 'net/ipv4/ip_forward',
  localPortRange: 'net/ipv4/ip_local_port_range',
  tcpTwReuse: 'net/ipv4/tcp_tw_reuse',
  unprivilegedPortStart: 'net/ipv4/ip_unprivileged_port_start',
} as const;
export type SysctlName = keyof typeof SYSCTLS;
// Each sysctl's source id: its /proc/sys path with dots for slashes and dashes for underscores.
const SYSCTL_SOURCES: Record<SysctlName, SourceId> = {
  somaxconn: 'linux.sysctl.net.core.somaxconn',
  ipForward: 'linux.sysctl.net.ipv4.ip-forward',
  localPortRange: 'linux.sysctl.net.ipv4.ip-local-port-range',
  tcpTwReuse: 'linux.sysctl.net.ipv4.tcp-tw-reuse',
  unprivilegedPortStart: 'linux.sysctl.net.ipv4.ip-unprivileged-port-start',
};

/** Parse /proc/net/netstat (or /proc/net/snmp): pairs of header/value lines per prefix → `TcpExt.ListenOverflows` → n. */
export function parseNetstatCounters(text: string): Result<Map<string, number>> {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const counters = new Map<string, number>();
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = (lines[i] ?? '').trim().split(/\s+/);
    const values = (lines[i + 1] ?? '').trim().split(/\s+/);
    const prefix = names[0];
    if (!prefix?.endsWith(':') || values[0] !== prefix || names.length !== values.length) {
      return unavailable('unparseable', `counter table misaligned at line ${i + 1}`, 'cat /proc/net/netstat');
    }
    for (let j = 1; j < names.length; j++) counters.set(`${prefix.slice(0, -1)}.${names[j]}`, Number(values[j]));
  }
  if (!counters.has('TcpExt.ListenOverflows'))
    return unavailable('unparseable', 'no TcpExt.ListenOverflows counter', 'cat /proc/net/netstat');
  return { kind: 'ok', data: counters };
}

/** Read /proc/net/netstat under a phase-specific source (the check reads it before and after its probes). */
export async function readNetstatCounters(runner: Runner, phase: 'before' | 'after'): Promise<Result<Map<string, number>>> {
  const r = await runner.readFile({ source: `linux.proc.netstat.${phase}`, path: '/proc/net/netstat' });
  const text = textOf(r, 'cat /proc/net/netstat');
  return text.kind === 'ok' ? parseNetstatCounters(text.data) : text;
}

/** Read one sysctl through its /proc/sys file. */
export async function readSysctl(runner: Runner, name: SysctlName): Promise<Result<string>> {
  const key = SYSCTLS[name];
  const r = await runner.readFile({ source: SYSCTL_SOURCES[name], path: `/proc/sys/${key}` });
  const text = textOf(r, `sysctl ${key.replace(/\//g, '.')}`);
  return text.kind === 'ok' ? { kind: 'ok', data: text.data.trim() } : text;
}

/** Read every sysctl the check uses; missing ones stay undefined. */
export async function readSysctls(runner: Runner): Promise<Partial<Record<SysctlName, string>>> {
  const names = Object.keys(SYSCTLS) as SysctlName[];
  const values = await Promise.all(names.map((n) => readSysctl(runner, n)));
  const out: Partial<Record<SysctlName, string>> = {};
  names.forEach((n, i) => {
    const v = values[i];
    if (v?.kind === 'ok') out[n] = v.data;
  });
  return out;
}

/** States of a connection the application has closed that the kernel still keeps (they are in the port's bind table). */
export const CLOSING_STATES: readonly string[] = ['TIME-WAIT', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSING', 'LAST-ACK'];

/** Count one port's TCP sockets that are still closing, with the first and last TIME-WAIT timer to run out; null when none. */
export function closingFacts(onPort: readonly Socket[]): ClosingFacts | null {
  const closing = onPort.filter((s) => CLOSING_STATES.includes(s.state));
  if (closing.length === 0) return null;
  const byState: Record<string, number> = {};
  for (const s of closing) byState[s.state] = (byState[s.state] ?? 0) + 1;
  const ends = closing.flatMap((s) => (s.endsInMs === undefined ? [] : [s.endsInMs]));
  const facts: ClosingFacts = { byState, total: closing.length, untimed: closing.length - ends.length };
  if (ends.length > 0) {
    facts.firstEndsInMs = ends.reduce((a, b) => Math.min(a, b));
    facts.lastEndsInMs = ends.reduce((a, b) => Math.max(a, b));
  }
  return facts;
}

/** Combine counters, sysctls and the socket table into the kernel facts for one port. */
export function buildKernelFacts(input: {
  port: number;
  sockets: Socket[] | null;
  before: Result<Map<string, number>>;
  after: Result<Map<string, number>>;
  sysctls: Partial<Record<SysctlName, string>>;
}): KernelFacts {
  const k: KernelFacts = {};
  const { before, after, sysctls } = input;
  if (before.kind === 'ok' && after.kind === 'ok') {
    const delta = (key: string) => (after.data.get(key) ?? 0) - (before.data.get(key) ?? 0);
    k.listenOverflowsDelta = delta('TcpExt.ListenOverflows');
    k.listenDropsDelta = delta('TcpExt.ListenDrops');
  }
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  const somaxconn = num(sysctls.somaxconn);
  if (somaxconn !== undefined) k.somaxconn = somaxconn;
  if (sysctls.ipForward !== undefined) k.ipForward = sysctls.ipForward === '1';
  const twReuse = num(sysctls.tcpTwReuse);
  if (twReuse !== undefined) k.tcpTwReuse = twReuse;
  const range = /^(\d+)\s+(\d+)$/.exec(sysctls.localPortRange ?? '');
  if (range) k.localPortRange = [Number(range[1]), Number(range[2])];
  const unpriv = num(sysctls.unprivilegedPortStart);
  if (unpriv !== undefined) k.unprivilegedPortStart = unpriv;
  if (input.sockets) {
    const onPort = input.sockets.filter((s) => s.protocol === 'tcp' && s.localPort === input.port);
    k.timeWait = onPort.filter((s) => s.state === 'TIME-WAIT').length;
    k.closeWait = onPort.filter((s) => s.state === 'CLOSE-WAIT').length;
    const closing = closingFacts(onPort);
    if (closing) k.closing = closing;
    if (k.localPortRange) {
      const [lo, hi] = k.localPortRange;
      const used = new Set(
        input.sockets.filter((s) => s.state !== 'LISTEN' && s.localPort >= lo && s.localPort <= hi).map((s) => s.localPort),
      );
      k.localPortsInUse = used.size;
    }
  }
  return k;
}
