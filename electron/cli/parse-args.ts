import { InvalidArgumentError } from 'commander';
import { isCidr, isHost, isIp, normalizeCidr, normalizeIp } from '../../shared/net/address';

/** A port from the command line: digits only, 1–65535 ("0", "70000", "abc", "80x" are refused). */
export function parsePortArg(text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new InvalidArgumentError(`"${text.slice(0, 40)}" is not a port (1-65535)`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new InvalidArgumentError(`${port} is not a port (1-65535)`);
  return port;
}

/** `host:port`, `[v6]:port` or `v6-address` + separate port: the host must be a name or an IP, never shell text. */
export function parseHostPortArg(text: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  const plain = /^([^:[\]]+):(\d+)$/.exec(text);
  const match = bracketed ?? plain;
  if (!match) throw new InvalidArgumentError(`"${text.slice(0, 80)}" is not host:port (IPv6 as [addr]:port)`);
  const host = match[1] ?? '';
  if (bracketed ? !isIp(host) || !host.includes(':') : !isHost(host)) {
    throw new InvalidArgumentError(`"${host.slice(0, 80)}" is not a host name or IP address`);
  }
  return { host, port: parsePortArg(match[2] ?? '') };
}

/** An address from the command line; an IPv4-mapped one (`::ffff:10.0.0.1`) becomes the IPv4 address it stands for. */
export function parseIpArg(text: string): string {
  if (!isIp(text)) throw new InvalidArgumentError(`"${text.slice(0, 80)}" is not an IP address`);
  return normalizeIp(text);
}

/** An address or CIDR from the command line, IPv4-mapped ones normalised as in `parseIpArg`. */
export function parseCidrArg(text: string): string {
  if (!isCidr(text)) throw new InvalidArgumentError(`"${text.slice(0, 80)}" is not an IP address or CIDR block`);
  return normalizeCidr(text);
}

export function parseProtocolArg(text: string): 'tcp' | 'udp' {
  if (text !== 'tcp' && text !== 'udp') throw new InvalidArgumentError(`"${text.slice(0, 20)}" is not tcp or udp`);
  return text;
}

/** A bounded positive integer (seconds, milliseconds). */
export function intArg(min: number, max: number, unit: string) {
  return (text: string): number => {
    if (!/^\d{1,7}$/.test(text)) throw new InvalidArgumentError(`"${text.slice(0, 20)}" is not a number of ${unit}`);
    const n = Number(text);
    if (n < min || n > max) throw new InvalidArgumentError(`${n} ${unit} is outside ${min}-${max}`);
    return n;
  };
}
