import type { Socket } from '../../../shared/schemas/ports';

/** One table row, already shaped for display. */
export interface SocketRow {
  key: string;
  protocol: string;
  local: string;
  remote: string;
  state: string;
  owner: string | null;
}

/** `addr:port`, with IPv6 addresses bracketed as in a URL so the port stays readable. */
export function formatEndpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Sockets as table rows, listening sockets first, then by local port. */
export function selectSocketRows(sockets: readonly Socket[]): SocketRow[] {
  const rank = (s: Socket) => (s.state.toUpperCase() === 'LISTEN' ? 0 : 1);
  return [...sockets]
    .sort((a, b) => rank(a) - rank(b) || a.localPort - b.localPort || a.localAddress.localeCompare(b.localAddress))
    .map((s, i) => ({
      key: `${s.protocol}-${s.localAddress}-${s.localPort}-${s.remoteAddress}-${s.remotePort}-${i}`,
      protocol: `${s.protocol}${s.family === 6 ? '6' : ''}`,
      local: formatEndpoint(s.localAddress, s.localPort),
      remote: formatEndpoint(s.remoteAddress, s.remotePort),
      state: s.state,
      owner: s.owner ? `${s.owner.name ?? '?'} (${s.owner.pid})` : null,
    }));
}
