import type { Socket } from '../../../shared/schemas/ports';
import { socketKey, twinKey } from '../../../shared/ports/socket-key';
import { cidrContains, endpoint, isIp, isLoopback, isWildcard } from '../../../shared/net/address';

/** One table row, already shaped for display. */
export interface SocketRow {
  key: string;
  protocol: string;
  local: string;
  remote: string;
  state: string;
  owner: string | null;
}

/** Who can reach a local address: this host only, the local network, or anyone who can route to the host. */
export type Scope = 'loopback' | 'lan' | 'public';

/** A socket shaped for the explorer: display text, scope badge, risk flag, and what the charts need. */
export interface ExplorerRow extends SocketRow {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  pid: number | null;
  ownerName: string | null;
  /** The owner's program file (TCPView's Process Path); null when it could not be read. */
  path: string | null;
  /** The systemd unit (Linux) or Windows service(s) the owner runs as; null when none or unknown. */
  unit: string | null;
  /** `state` normalised (see normalState), computed once per row for filters, charts and counts. */
  stateKey: string;
  recvQ: number | null;
  sendQ: number | null;
  scope: Scope;
  /** The service name when a well-known risky port listens beyond loopback. */
  risk: string | null;
  listener: boolean;
}

/** Ports whose services are often exposed by mistake (issue #7): flagged when they listen beyond loopback. */
export const RISKY_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [2375, 'Docker'],
  [3306, 'MySQL'],
  [3389, 'RDP'],
  [5432, 'PostgreSQL'],
  [6379, 'Redis'],
  [9200, 'Elasticsearch'],
  [27017, 'MongoDB'],
]);

// Private (RFC 1918), shared (RFC 6598), link-local and unique-local ranges: reachable from the local network only.
const LAN_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', 'fc00::/7', 'fe80::/10'];

/** `addr:port`, with IPv6 addresses bracketed as in a URL so the port stays readable. */
export const formatEndpoint = endpoint;

// Few distinct local addresses on a host, many sockets: parse each address once (bounded, cleared when full).
const scopeCache = new Map<string, Scope>();

/** The scope of a local address; a wildcard listens on every interface, so it counts as public. */
export function scopeOf(address: string): Scope {
  let scope = scopeCache.get(address);
  if (scope === undefined) {
    if (scopeCache.size > 4096) scopeCache.clear();
    scopeCache.set(address, (scope = readScope(address)));
  }
  return scope;
}

function readScope(address: string): Scope {
  const bare = address.replace(/%.*$/, '');
  if (isWildcard(bare) || !isIp(bare)) return 'public';
  if (isLoopback(bare)) return 'loopback';
  return LAN_RANGES.some((r) => cidrContains(r, bare)) ? 'lan' : 'public';
}

/** States upper-cased with dashes, so Linux (`TIME-WAIT`) and Windows (`TIME_WAIT`, `Listen`) names compare equal. */
export function normalState(state: string): string {
  return state.toUpperCase().replace(/_/g, '-');
}

/** A listener: TCP in LISTEN, or an unconnected UDP socket bound to a port. */
export function isListener(s: Pick<Socket, 'protocol' | 'state'>): boolean {
  const state = normalState(s.state);
  return s.protocol === 'tcp' ? state === 'LISTEN' : state === 'UNCONN' || state === 'LISTEN';
}

/** Why a row has no owner: a TIME-WAIT socket belongs to the kernel alone; otherwise the owner could not be read. */
export function ownerMissingKey(row: Pick<SocketRow, 'state'>): 'ports.ownerNone' | 'ports.ownerUnknown' {
  return normalState(row.state) === 'TIME-WAIT' ? 'ports.ownerNone' : 'ports.ownerUnknown';
}

/** One socket as an explorer row. */
export function toExplorerRow(s: Socket, key: string): ExplorerRow {
  const listener = isListener(s);
  const scope = scopeOf(s.localAddress);
  const risky = RISKY_PORTS.get(s.localPort);
  return {
    key,
    protocol: `${s.protocol}${s.family === 6 ? '6' : ''}`,
    local: formatEndpoint(s.localAddress, s.localPort),
    remote: formatEndpoint(s.remoteAddress, s.remotePort),
    state: s.state,
    owner: s.owner ? `${s.owner.name ?? '?'} (${s.owner.pid})` : null,
    localAddress: s.localAddress,
    localPort: s.localPort,
    remoteAddress: s.remoteAddress,
    remotePort: s.remotePort,
    pid: s.owner?.pid ?? null,
    ownerName: s.owner?.name ?? null,
    path: s.owner?.path ?? null,
    unit: s.owner?.unit ?? s.owner?.service ?? null,
    stateKey: normalState(s.state),
    recvQ: s.recvQ ?? null,
    sendQ: s.sendQ ?? null,
    scope,
    risk: listener && scope !== 'loopback' && risky ? risky : null,
    listener,
  };
}

// Code-unit order, not localeCompare: addresses are ASCII, and this runs 20k × log 20k times per refresh.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Listening sockets first, then by local port, local address and remote endpoint (a total order, so rows never swap). */
export function compareRows(a: ExplorerRow, b: ExplorerRow): number {
  return (
    Number(b.listener) - Number(a.listener) ||
    a.localPort - b.localPort ||
    cmp(a.localAddress, b.localAddress) ||
    a.remotePort - b.remotePort ||
    cmp(a.remoteAddress, b.remoteAddress) ||
    cmp(a.key, b.key)
  );
}

/** Sockets as explorer rows with unique stable keys, in table order. */
export function selectExplorerRows(sockets: readonly Socket[]): ExplorerRow[] {
  const seen = new Map<string, number>();
  const rows = sockets.map((s) => {
    const base = socketKey(s);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return toExplorerRow(s, twinKey(base, n));
  });
  return rows.sort(compareRows);
}

/** Sockets as table rows, listening sockets first, then by local port, with owners or null. */
export function selectSocketRows(sockets: readonly Socket[]): SocketRow[] {
  return selectExplorerRows(sockets);
}
