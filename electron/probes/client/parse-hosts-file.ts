import { isIp } from '../../../shared/net/address';

/** One hosts-file entry: an address and the names that map to it. */
export interface HostsEntry {
  address: string;
  names: string[];
}

/**
 * Parse /etc/hosts or %SystemRoot%\System32\drivers\etc\hosts: `address name [aliases…]`, `#` comments.
 * Hand-written because the format is three rules long and no maintained npm parser reads it without I/O.
 */
export function parseHostsFile(text: string): HostsEntry[] {
  const entries: HostsEntry[] = [];
  for (const raw of text.split(/\r?\n/).slice(0, 100_000)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [address, ...names] = line.split(/\s+/);
    // Zone ids (fe80::1%eth0) are legal in hosts files; the address part decides.
    if (!address || !isIp(address.replace(/%.*$/, '')) || names.length === 0) continue;
    entries.push({ address, names: names.map((n) => n.toLowerCase()) });
  }
  return entries;
}

/** The addresses the hosts file gives for `name` (case-insensitive, trailing dot ignored). */
export function hostsFileAddresses(entries: readonly HostsEntry[], name: string): string[] {
  const wanted = name.toLowerCase().replace(/\.$/, '');
  return entries.filter((e) => e.names.includes(wanted)).map((e) => e.address);
}
