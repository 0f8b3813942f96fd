import { describe, expect, it } from 'vitest';
import {
  closeConnectionLinux,
  closeConnectionWindows,
  encodePowerShell,
  mibAddress,
  mibPort,
  parseSetTcpEntry,
  parseSsKilled,
  setTcpEntryOutcome,
  signalProcessLinux,
  stopProcessWindows,
} from '../../../../shared/ports/action-commands';

const v4 = { localAddress: '192.168.1.10', localPort: 8080, remoteAddress: '10.0.0.9', remotePort: 51234 };

describe('close-connection and end-process commands', () => {
  it('ss -K gets an exact four-part filter; IPv6 addresses in brackets (ss reads a bare ::1 as host:port)', () => {
    expect(closeConnectionLinux(v4).argv).toEqual([
      'ss',
      '-K',
      '-t',
      '-n',
      'src',
      '192.168.1.10',
      'sport',
      '=',
      ':8080',
      'dst',
      '10.0.0.9',
      'dport',
      '=',
      ':51234',
    ]);
    const v6 = closeConnectionLinux({ localAddress: '::1', localPort: 80, remoteAddress: 'fd00::2', remotePort: 40000 }).argv;
    expect(v6.slice(4)).toEqual(['src', '[::1]', 'sport', '=', ':80', 'dst', '[fd00::2]', 'dport', '=', ':40000']);
    expect(() => closeConnectionLinux({ ...v4, localAddress: '1.2.3.4 or 1' })).toThrow(/not an IP/);
  });

  it('reads the sockets ss -K printed (lines after the header; ss 6.x output)', () => {
    const header = 'State Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n';
    expect(parseSsKilled(`${header}ESTAB 0      0          127.0.0.1:60924    127.0.0.1:8095       \n`)).toHaveLength(1);
    expect(parseSsKilled(header)).toEqual([]);
  });

  it('MIB_TCPROW numbers: address bytes in network order as a little-endian DWORD, the port byte-swapped', () => {
    // 192.168.1.10 = c0 a8 01 0a → 0x0a01a8c0; port 8080 = 0x1f90 → 0x901f (what GetTcpTable shows for it).
    expect(mibAddress('192.168.1.10')).toBe(0x0a01a8c0);
    expect(mibAddress('255.255.255.255')).toBe(4294967295);
    expect(mibPort(8080)).toBe(0x901f);
    expect(mibPort(1)).toBe(256);
    expect(() => mibAddress('1.2.3')).toThrow();
  });

  it('SetTcpEntry runs as an encoded PowerShell command made of integers only; IPv6 has no form', () => {
    const c = closeConnectionWindows(v4);
    expect(c?.argv.slice(0, 4)).toEqual(['powershell.exe', '-NoProfile', '-NonInteractive', '-EncodedCommand']);
    expect(c?.script).toContain('$row.State = 12');
    expect(c?.script).toContain(`$row.LocalAddr = ${0x0a01a8c0}`);
    expect(c?.script).toContain(`$row.RemotePort = ${mibPort(51234)}`);
    // The encoded argument is the script as UTF-16LE, base64: decode it back.
    const bytes = Buffer.from(c?.argv[4] ?? '', 'base64');
    expect(bytes.toString('utf16le')).toBe(c?.script);
    expect(encodePowerShell('A')).toBe(Buffer.from('A', 'utf16le').toString('base64'));
    expect(closeConnectionWindows({ ...v4, localAddress: '::1', remoteAddress: '::1' })).toBeNull();
  });

  it('SetTcpEntry answers: 0 closed, 5 / 317 need an elevated token, anything else failed', () => {
    expect(parseSetTcpEntry('SetTcpEntry=0\r\n')).toBe(0);
    expect(parseSetTcpEntry('SetTcpEntry=317\r\n')).toBe(317);
    expect(parseSetTcpEntry('Add-Type : error\r\n')).toBeNull();
    expect(setTcpEntryOutcome(0)).toBe('closed');
    expect(setTcpEntryOutcome(317)).toBe('needs-admin');
    expect(setTcpEntryOutcome(5)).toBe('needs-admin');
    expect(setTcpEntryOutcome(87)).toBe('failed');
  });

  it('signals and Stop-Process take a validated PID only', () => {
    expect(signalProcessLinux(42, 'TERM').argv).toEqual(['kill', '-TERM', '42']);
    expect(signalProcessLinux(42, 'KILL').argv).toEqual(['kill', '-KILL', '42']);
    expect(stopProcessWindows(42, true).argv).toEqual([
      'powershell.exe',
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      'Stop-Process -Id 42 -Force -ErrorAction Stop',
    ]);
    expect(() => signalProcessLinux(0, 'TERM')).toThrow();
    expect(() => signalProcessLinux(1.5, 'TERM')).toThrow();
  });
});
