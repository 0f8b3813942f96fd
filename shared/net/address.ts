import ipaddr from 'ipaddr.js';

/** True when `text` is a complete IPv4 or IPv6 address (no zone, no port). */
export function isIp(text: string): boolean {
  // ipaddr.isValid accepts legacy forms such as "0x7f.1"; only the canonical dotted quad and RFC 4291 text are wanted.
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
}

/** True when `text` is an address or an address/prefix CIDR block. */
export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash === -1) return isIp(text);
  const addr = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!isIp(addr) || !/^\d{1,3}$/.test(bits)) return false;
  const max = addr.includes(':') ? 128 : 32;
  return Number(bits) <= max;
}

/**
 * An address as PortDoctor uses it: an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, as dual-stack sockets and
 * some tools print IPv4 peers) is an IPv4 client on the wire, so it becomes its dotted quad; a rule written for
 * the mapped form would never match that client. Anything else is returned as given.
 */
export function normalizeIp(text: string): string {
  if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return text;
  const v6 = ipaddr.IPv6.parse(text);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : text;
}

/** `normalizeIp` for an address or CIDR: `::ffff:10.0.0.0/120` → `10.0.0.0/24`; a block wider than the mapped range stays IPv6. */
export function normalizeCidr(text: string): string {
  const slash = text.indexOf('/');
  if (slash === -1) return normalizeIp(text);
  const addr = text.slice(0, slash);
  const bits = Number(text.slice(slash + 1));
  const v4 = normalizeIp(addr);
  if (v4 === addr || !Number.isInteger(bits) || bits < 96 || bits > 128) return text;
  return `${v4}/${bits - 96}`;
}

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** True for an IP address or an RFC 1123 host name; anything a shell could interpret is refused. */
export function isHost(text: string): boolean {
  if (isIp(text)) return true;
  if (text.length === 0 || text.length > 253) return false;
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  return name.split('.').every((label) => LABEL.test(label));
}

/** The family of an address: 4, 6, or null when it is not one. */
export function ipFamily(text: string): 4 | 6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return 4;
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return 6;
  return null;
}

/** Whether `ip` lies inside `cidr` (an address or a block); families must match, v4-mapped v6 is unwrapped. */
export function cidrContains(cidr: string, ip: string): boolean {
  if (!isCidr(cidr) || !isIp(ip)) return false;
  const [net, bitsText] = cidr.includes('/') ? cidr.split('/') : [cidr, undefined];
  let addr = ipaddr.parse(ip);
  let base = ipaddr.parse(net ?? '');
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (base.kind() === 'ipv6' && (base as ipaddr.IPv6).isIPv4MappedAddress()) base = (base as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() !== base.kind()) return false;
  const bits = bitsText === undefined ? (base.kind() === 'ipv4' ? 32 : 128) : Number(bitsText);
  return addr.match(base, bits);
}

/** `127.0.0.1:8080` / `[::1]:8080`: IPv6 bracketed as in a URL so the port stays readable. */
export function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Loopback: 127.0.0.0/8 and ::1 (and v4-mapped loopback). */
export function isLoopback(ip: string): boolean {
  return cidrContains('127.0.0.0/8', ip) || ip === '::1' || cidrContains('::1/128', ip);
}

/** The wildcard addresses a listener uses to bind every address. */
export function isWildcard(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || ip === '*';
}
