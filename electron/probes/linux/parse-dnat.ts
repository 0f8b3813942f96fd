import type { ForwardingFacts } from '../../../shared/diagnose/facts';
import type { SourceId } from '../../../shared/bundle/sources';

type Published = ForwardingFacts['published'][number];

/**
 * DNAT rules for a port in `iptables-save` text (the nat table, e.g. Docker's `-A DOCKER … --dport 8080 -j DNAT
 * --to-destination 172.17.0.2:80`). Only what forwarding needs; the filter tables are judged by the evaluator.
 */
export function parseIptablesDnat(text: string, port: number, source: SourceId): Published[] {
  const out: Published[] = [];
  let table = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    if (table !== 'nat' || !line.startsWith('-A ') || !/\s-j DNAT\b/.test(line)) continue;
    const dport = /--dport (\d+)(?::(\d+))?/.exec(line);
    if (!dport) continue;
    const lo = Number(dport[1]);
    const hi = dport[2] ? Number(dport[2]) : lo;
    if (port < lo || port > hi) continue;
    const to = /--to-destination \[?([0-9a-fA-F.:]+?)\]?(?::(\d+))?(?:\s|$)/.exec(line);
    if (!to?.[1]) continue;
    out.push({ externalPort: port, internalAddress: to[1], internalPort: to[2] ? Number(to[2]) : port, source, text: line });
  }
  return out;
}

type Json = Record<string, unknown>;

function dportOf(expr: unknown[]): number[] | null {
  for (const e of expr) {
    const m = (e as Json)?.match as Json | undefined;
    const left = (m?.left as Json | undefined)?.payload as Json | undefined;
    if (!left || left.field !== 'dport') continue;
    const right = m?.right;
    if (typeof right === 'number') return [right];
    const set = (right as Json | undefined)?.set;
    if (Array.isArray(set)) return set.filter((v): v is number => typeof v === 'number');
    const range = (right as Json | undefined)?.range;
    if (Array.isArray(range) && typeof range[0] === 'number' && typeof range[1] === 'number') {
      const [a, b] = range as [number, number];
      return b - a <= 65535 ? Array.from({ length: b - a + 1 }, (_, i) => a + i) : null;
    }
  }
  return null;
}

/** DNAT statements for a port in `nft -j list ruleset` JSON (nat chains; Docker with the nft backend, hand-written rules). */
export function parseNftDnat(jsonText: string, port: number, source: SourceId): Published[] {
  let doc: unknown;
  try {
    doc = JSON.parse(jsonText);
  } catch {
    return [];
  }
  const items = ((doc as Json)?.nftables as unknown[] | undefined) ?? [];
  const out: Published[] = [];
  for (const item of items) {
    const rule = (item as Json)?.rule as Json | undefined;
    if (!rule || !Array.isArray(rule.expr)) continue;
    const dnat = (rule.expr as Json[]).find((e) => e && typeof e === 'object' && 'dnat' in e)?.dnat as Json | undefined;
    if (!dnat) continue;
    const ports = dportOf(rule.expr as unknown[]);
    if (!ports?.includes(port)) continue;
    const addr = typeof dnat.addr === 'string' ? dnat.addr : null;
    if (!addr) continue;
    const text = `table ${String(rule.family)} ${String(rule.table)} chain ${String(rule.chain)} handle ${String(rule.handle)}: dnat to ${addr}${typeof dnat.port === 'number' ? `:${dnat.port}` : ''}`;
    out.push({ externalPort: port, internalAddress: addr, internalPort: typeof dnat.port === 'number' ? dnat.port : port, source, text });
  }
  return out;
}

/** `docker ps --format '{{json .}}'` lines → published ports for the port (`0.0.0.0:8080->80/tcp`). */
export function parseDockerPs(text: string, port: number, protocol: 'tcp' | 'udp'): Published[] {
  const out: Published[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let row: Json;
    try {
      row = JSON.parse(line) as Json;
    } catch {
      continue;
    }
    const ports = typeof row.Ports === 'string' ? row.Ports : '';
    for (const m of ports.matchAll(/(?:([0-9.]+|\[?[0-9a-f:]+\]?):)?(\d+)->(\d+)\/(tcp|udp)/g)) {
      if (Number(m[2]) !== port || m[4] !== protocol) continue;
      out.push({
        externalPort: port,
        internalAddress: `container ${String(row.Names ?? row.ID ?? '?')}`,
        internalPort: Number(m[3]),
        source: 'linux.docker.ps',
        text: `${String(row.Names ?? '')} ${m[0]}`,
      });
    }
  }
  return out;
}
