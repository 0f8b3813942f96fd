import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHostKey,
  fingerprint,
  hostsFieldMatches,
  knownHostsLine,
  knownKeyTypes,
  parseKnownHosts,
} from '../../../../electron/remote/known-hosts';
import { parseSshTarget } from '../../../../electron/remote/ssh-session';

/** Real keys and known_hosts lines made by OpenSSH's own ssh-keygen, which is also the oracle for matching. */
let dir: string;
const blob = (name: string) => Buffer.from(readFileSync(join(dir, `${name}.pub`), 'utf8').split(/\s+/)[1] ?? '', 'base64');
const pubLine = (name: string) =>
  readFileSync(join(dir, `${name}.pub`), 'utf8')
    .split(/\s+/)
    .slice(0, 2)
    .join(' ');
const keygen = (...args: string[]) => spawnSync('ssh-keygen', args, { encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pd-kh-'));
  for (const [name, type] of [
    ['a', 'ed25519'],
    ['b', 'ed25519'],
    ['r', 'rsa'],
  ] as const)
    keygen('-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', join(dir, name));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('known_hosts', () => {
  it('fingerprints like ssh-keygen -l', () => {
    const fp = keygen('-l', '-f', join(dir, 'a.pub')).stdout.split(/\s+/)[1];
    expect(fingerprint(blob('a'))).toBe(fp);
  });

  it('matches hashed entries written by ssh-keygen -H, for port 22 and [host]:port, as ssh-keygen -F does', () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `10.9.8.7 ${pubLine('a')}\n[srv.example]:2222 ${pubLine('b')}\n`);
    expect(keygen('-H', '-f', file).status).toBe(0);
    const entries = parseKnownHosts(readFileSync(file, 'utf8'));
    expect(entries.every((e) => e.hosts.startsWith('|1|'))).toBe(true);
    for (const [host, port, key] of [
      ['10.9.8.7', 22, 'a'],
      ['srv.example', 2222, 'b'],
    ] as const) {
      const name = port === 22 ? host : `[${host}]:${port}`;
      expect(keygen('-F', name, '-f', file).status).toBe(0);
      expect(checkHostKey(entries, host, port, blob(key))).toEqual({ kind: 'known' });
    }
    expect(keygen('-F', 'srv.example', '-f', file).status).not.toBe(0);
    expect(checkHostKey(entries, 'srv.example', 22, blob('b'))).toEqual({ kind: 'unknown' });
  });

  it('a different key for a host on file is CHANGED, naming the key on file and its line', () => {
    const entries = parseKnownHosts(`# comment\n\n10.9.8.7 ${pubLine('a')}\n`);
    expect(checkHostKey(entries, '10.9.8.7', 22, blob('b'))).toEqual({
      kind: 'changed',
      knownType: 'ssh-ed25519',
      knownFingerprint: fingerprint(blob('a')),
      line: 3,
    });
    // Only the types on file are asked for: the server cannot dodge the check by offering another type.
    expect(knownKeyTypes(entries, '10.9.8.7', 22)).toEqual(['ssh-ed25519']);
    expect(checkHostKey(entries, '10.9.8.7', 22, blob('r')).kind).toBe('changed');
  });

  it('patterns, negations, @revoked and @cert-authority', () => {
    expect(hostsFieldMatches('*.example.com,!bad.example.com', 'web.example.com')).toBe(true);
    expect(hostsFieldMatches('*.example.com,!bad.example.com', 'bad.example.com')).toBe(false);
    expect(hostsFieldMatches('10.0.0.?', '10.0.0.7')).toBe(true);
    expect(hostsFieldMatches('10.0.0.?', '10.0.0.77')).toBe(false);
    const entries = parseKnownHosts(`@revoked * ${pubLine('b')}\n@cert-authority * ${pubLine('a')}\n10.9.8.7 ${pubLine('a')}\n`);
    expect(checkHostKey(entries, '10.9.8.7', 22, blob('b'))).toEqual({ kind: 'revoked' });
    expect(checkHostKey(entries, '10.9.8.7', 22, blob('a'))).toEqual({ kind: 'known' });
    // A CA key is not a host key.
    expect(checkHostKey(entries, 'other', 22, blob('a'))).toEqual({ kind: 'unknown' });
  });

  it('writes lines ssh-keygen -F finds', () => {
    const file = join(dir, 'written');
    writeFileSync(file, knownHostsLine('10.1.2.3', 22, blob('a')) + knownHostsLine('10.1.2.3', 2200, blob('b')));
    expect(keygen('-F', '10.1.2.3', '-f', file).stdout).toContain(pubLine('a').split(' ')[1]);
    expect(keygen('-F', '[10.1.2.3]:2200', '-f', file).stdout).toContain(pubLine('b').split(' ')[1]);
  });
});

describe('[user@]host[:port]', () => {
  it.each([
    ['root@10.0.0.5', { user: 'root', host: '10.0.0.5', port: 22 }],
    ['admin@srv.example:2222', { user: 'admin', host: 'srv.example', port: 2222 }],
    ['srv', { user: 'me', host: 'srv', port: 22 }],
    ['ops@[fd00::5]:22', { user: 'ops', host: 'fd00::5', port: 22 }],
    ['fd00::5', { user: 'me', host: 'fd00::5', port: 22 }],
    // Without brackets every colon belongs to the address: this is fd00::5:22, on port 22.
    ['fd00::5:22', { user: 'me', host: 'fd00::5:22', port: 22 }],
  ])('%s', (text, want) => expect(parseSshTarget(text, 'me')).toEqual(want));

  it.each(['-oProxyCommand=x', 'a b', 'root@', 'x@y@z', 'host:0', 'host:70000', 'r;id@h', '$(id)@h', '[10.0.0.1]:22', 'fd00:::1', '[]:22'])(
    'refuses %j',
    (text) => {
      expect(parseSshTarget(text, 'me')).toBeNull();
    },
  );
});
