import { createHash, createHmac } from 'node:crypto';

/**
 * OpenSSH known_hosts, read and matched by hand: ssh2 leaves host-key checking to the caller, and no
 * maintained npm package matches hashed entries, `[host]:port`, patterns, negations and `@revoked` the way
 * ssh(1) does (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT").
 */

export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | null;
  /** Comma-separated patterns, or one hashed `|1|salt|hash` name. */
  hosts: string;
  keyType: string;
  key: string;
}

/** What known_hosts says about a key a host presented. */
export type HostKeyStatus =
  | { kind: 'known' }
  | { kind: 'unknown' }
  | { kind: 'changed'; knownType: string; knownFingerprint: string; line?: number }
  | { kind: 'revoked' };

/** Parse known_hosts text; malformed lines are skipped, as ssh(1) does. */
export function parseKnownHosts(text: string): (KnownHostEntry & { line: number })[] {
  const out: (KnownHostEntry & { line: number })[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key) return;
    out.push({ marker, hosts, keyType, key, line: i + 1 });
  });
  return out;
}

/** The name known_hosts uses for a host: `host`, or `[host]:port` when the port is not 22. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(name);
}

/** Whether an entry's host field names `name` (hashed, or patterns with `!` negations). */
export function hostsFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) matched = true;
  }
  return matched;
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH's fingerprint of a key blob: `SHA256:` + unpadded base64 of its SHA-256. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key types known_hosts holds for this host (the host-key algorithms to ask the server for, as ssh(1) does). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const name = knownHostName(host, port);
  return [...new Set(entries.filter((e) => e.marker === null && hostsFieldMatches(e.hosts, name)).map((e) => e.keyType))];
}

/** Judge the key a host presented against known_hosts: known, unknown, changed (naming the key on file) or revoked. */
export function checkHostKey(
  entries: readonly (KnownHostEntry & { line?: number })[],
  host: string,
  port: number,
  blob: Buffer,
): HostKeyStatus {
  const name = knownHostName(host, port);
  const presented = blob.toString('base64');
  const type = keyTypeOf(blob);
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && hostsFieldMatches(e.hosts, name));
  if (forHost.some((e) => e.marker === 'revoked' && e.key === presented)) return { kind: 'revoked' };
  const plain = forHost.filter((e) => e.marker === null);
  if (plain.some((e) => e.key === presented && e.keyType === type)) return { kind: 'known' };
  // A host on file with any other key (of this type, or — since we only ask for the types on file — any type) has changed.
  const other = plain.find((e) => e.keyType === type) ?? plain[0];
  if (other) {
    const knownFingerprint = (() => {
      try {
        return fingerprint(Buffer.from(other.key, 'base64'));
      } catch {
        return '(unreadable key)';
      }
    })();
    return { kind: 'changed', knownType: other.keyType, knownFingerprint, ...(other.line !== undefined ? { line: other.line } : {}) };
  }
  return { kind: 'unknown' };
}

/** The known_hosts line that records a newly accepted key. */
export function knownHostsLine(host: string, port: number, blob: Buffer): string {
  return `${knownHostName(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`;
}
