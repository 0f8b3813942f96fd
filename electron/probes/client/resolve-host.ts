import { lookup } from 'node:dns';
import { ipFamily } from '../../../shared/net/address';
import type { Runner } from '../../system/runner';
import { hostsFileAddresses, parseHostsFile } from './parse-hosts-file';

/** What resolving the target's name gave: every address and family, the time, and whether the hosts file answered. */
export interface Resolution {
  addresses: { address: string; family: 4 | 6 }[];
  elapsedMs: number;
  /** null when it could not be told (IP literal, hosts file unreadable). */
  fromHostsFile: boolean | null;
  /** The resolver's error code (`ENOTFOUND`, `EAI_AGAIN`, `ETIMEDOUT` when our budget ran out). */
  error?: string;
  hostsFile?: string;
}

/** Resolves a name to addresses; injected so tests never query a real DNS server. */
export type LookupAll = (host: string) => Promise<{ address: string; family: number }[]>;

/** The system resolver (getaddrinfo: hosts file, then DNS), every address of each family. */
export const systemLookup: LookupAll = (host) =>
  new Promise((resolve, reject) => lookup(host, { all: true, family: 0 }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** Where the OS keeps its hosts file. */
export function hostsFilePath(platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${process.env.SystemRoot ?? 'C:\\Windows'}\\System32\\drivers\\etc\\hosts` : '/etc/hosts';
}

async function readHostsAddresses(runner: Runner, host: string, path: string): Promise<string[] | null> {
  const read = await runner.readFile({ source: 'client.hosts-file', path, maxBytes: 4 * 1024 * 1024 });
  if (read.kind !== 'ok') return null;
  return hostsFileAddresses(parseHostsFile(read.output.stdout.toString('utf8')), host);
}

/** Resolve `host` within `budgetMs` (an IP literal resolves to itself). */
export async function readResolution(
  runner: Runner,
  host: string,
  budgetMs: number,
  resolve: LookupAll = systemLookup,
): Promise<Resolution> {
  const literal = ipFamily(host);
  if (literal) return { addresses: [{ address: host, family: literal }], elapsedMs: 0, fromHostsFile: false };
  const started = performance.now();
  const path = hostsFilePath(process.platform);
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('resolution took longer than the budget'), { code: 'ETIMEDOUT' })), budgetMs);
  });
  const [found, hosts] = await Promise.all([
    Promise.race([resolve(host), budget]).then(
      (list) => ({ list }),
      (e: NodeJS.ErrnoException) => ({ error: e.code ?? 'EUNKNOWN' }),
    ),
    readHostsAddresses(runner, host, path),
  ]);
  clearTimeout(timer);
  const elapsedMs = Math.round(performance.now() - started);
  const fromHostsFile = hosts === null ? null : hosts.length > 0;
  if ('error' in found) return { addresses: [], elapsedMs, fromHostsFile, error: found.error, hostsFile: path };
  const addresses = found.list.flatMap((a) => {
    const family = ipFamily(a.address);
    return family ? [{ address: a.address, family }] : [];
  });
  if (addresses.length === 0) return { addresses, elapsedMs, fromHostsFile, error: 'ENODATA', hostsFile: path };
  return { addresses: addresses.slice(0, 64), elapsedMs, fromHostsFile, hostsFile: path };
}
