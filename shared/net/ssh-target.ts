import { isHost, isIp } from './address';

/** Where to connect: parsed from `[user@]host[:port]`. */
export interface SshTarget {
  user: string;
  host: string;
  port: number;
}

const TARGET = /^(?:([A-Za-z0-9._][A-Za-z0-9._-]{0,31})@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:]+)(?::(\d{1,5}))?$/;

/** Parse `[user@]host[:port]` (IPv6 in brackets when a port follows); null for anything else. */
export function parseSshTarget(text: string, defaultUser: string): SshTarget | null {
  const m = TARGET.exec(text);
  if (!m) return null;
  let host = m[2] ?? '';
  const bracketed = host.startsWith('[');
  if (bracketed) host = host.slice(1, -1);
  // An address with colons is IPv6 (bracketed when a port follows); anything else is a name or IPv4.
  if ((bracketed || host.includes(':')) && !(isIp(host) && host.includes(':'))) return null;
  if (!host.includes(':') && !isHost(host)) return null;
  const port = m[3] === undefined ? 22 : Number(m[3]);
  if (port < 1 || port > 65535 || host.startsWith('-')) return null;
  return { user: m[1] ?? defaultUser, host, port };
}
