import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hostsFileAddresses, parseHostsFile } from '../../../../electron/probes/client/parse-hosts-file';
import { localPortsInNetstat, localPortsInRange, parseLocalPortRange } from '../../../../electron/probes/client/parse-port-usage';
import { readPortUsage } from '../../../../electron/probes/client/read-port-usage';
import type { CommandResult, Runner } from '../../../../electron/system/runner';

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

describe('Windows ephemeral port usage (real netstat/netsh outputs from test/fixtures/windows)', () => {
  const win = (name: string) => readFileSync(join(import.meta.dirname, '../../../fixtures/windows', name), 'utf8');

  it('counts local TCP ports in a range whatever the language of the headers and states', () => {
    expect([...localPortsInNetstat(win('netstat-ano.en-US.txt'), [100, 1000])].sort((a, b) => a - b)).toEqual([135, 445, 623, 902]);
    expect([...localPortsInNetstat(win('netstat-ano.zh-CN.utf8.txt'), [8411, 8411])]).toEqual([8411]);
  });

  it('readPortUsage on Windows: netsh dynamic range + netstat, through the runner with exact argv', async () => {
    const calls: string[][] = [];
    const out = (text: string): CommandResult => ({
      kind: 'ok',
      source: 's',
      argv: [],
      output: { stdout: Buffer.from(text), stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: 1 },
    });
    const runner: Runner = {
      mode: 'live',
      run: async (spec) => {
        calls.push([spec.source, spec.file, ...spec.args]);
        return out(spec.file === 'netsh.exe' ? win('dynamicport.en-US.txt') : win('netstat-ano.zh-CN.utf8.txt'));
      },
      readFile: async () => out(''),
    };
    const r = await readPortUsage(runner, 'win32');
    expect(calls).toEqual([
      ['client.netsh.dynamicport.tcp', 'netsh.exe', 'interface', 'ipv4', 'show', 'dynamicport', 'tcp'],
      ['client.netstat.ano.tcp', 'netstat.exe', '-ano', '-p', 'TCP'],
    ]);
    expect(r).toEqual({ kind: 'ok', data: { range: [49152, 65535], inUse: 0, size: 16384 } });
  });
});
