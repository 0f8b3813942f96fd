import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hostsFileAddresses, parseHostsFile } from '../../../../electron/probes/client/parse-hosts-file';
import { localPortsInRange, parseLocalPortRange } from '../../../../electron/probes/client/parse-port-usage';

describe('parseHostsFile', () => {
  it('reads this machine’s real /etc/hosts (localhost is there)', () => {
    const entries = parseHostsFile(readFileSync('/etc/hosts', 'utf8'));
    expect(hostsFileAddresses(entries, 'localhost')).toContain('127.0.0.1');
    expect(hostsFileAddresses(entries, 'LOCALHOST.')).toContain('127.0.0.1');
  });

  it('skips comments, blank lines and lines whose address is not an address', () => {
    const entries = parseHostsFile('# c\n\n10.0.0.1 a b # tail\nnot-an-ip x\n::1\tip6-localhost\r\n');
    expect(entries).toEqual([
      { address: '10.0.0.1', names: ['a', 'b'] },
      { address: '::1', names: ['ip6-localhost'] },
    ]);
  });
});

describe('ephemeral port usage', () => {
  it('parses the sysctl text as the kernel prints it', () => {
    expect(parseLocalPortRange(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'))).not.toBeNull();
    expect(parseLocalPortRange('40000\t40001\n')).toEqual([40000, 40001]);
    expect(parseLocalPortRange('9 1')).toBeNull();
    expect(parseLocalPortRange('junk')).toBeNull();
  });

  it('finds a live socket’s port in the real /proc/net/tcp', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const used = localPortsInRange(readFileSync('/proc/net/tcp', 'utf8'), [port, port]);
      expect([...used]).toEqual([port]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
