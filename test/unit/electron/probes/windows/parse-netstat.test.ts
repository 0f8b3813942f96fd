import { describe, expect, it } from 'vitest';
import { decodeConsole } from '../../../../../electron/probes/windows/console';
import { parseNetstatAno, parseTasklistSvc } from '../../../../../electron/probes/windows/parse-netstat';
import { fixture } from './fake-runner';

describe('parseNetstatAno', () => {
  it('reads the real en-US capture: five listening TCP sockets with PIDs (4 = System)', () => {
    const r = parseNetstatAno(decodeConsole(fixture('netstat-ano.en-US.txt'), 437), 'tcp');
    expect(r.kind === 'ok' && r.data.map((s) => [s.localAddress, s.localPort, s.state, s.owner?.pid])).toEqual([
      ['0.0.0.0', 80, 'LISTEN', 4],
      ['0.0.0.0', 135, 'LISTEN', 896],
      ['0.0.0.0', 445, 'LISTEN', 4],
      ['0.0.0.0', 623, 'LISTEN', 2276],
      ['0.0.0.0', 902, 'LISTEN', 3620],
    ]);
  });
  it('reads the real zh-CN capture: TIME_WAIT rows are not listeners', () => {
    expect(parseNetstatAno(decodeConsole(fixture('netstat-ano.zh-CN.utf8.txt'), 65001), 'tcp')).toEqual({ kind: 'ok', data: [] });
  });
  it('knows a listener by its foreign address, not its localized state word; reads bracketed IPv6 with a zone and UDP rows', () => {
    const de =
      '\r\nAktive Verbindungen\r\n\r\n  Proto  Lokale Adresse         Remoteadresse          Status           PID\r\n  TCP    [::]:445               [::]:0                 ABHÖREN         4\r\n  TCP    [fe80::1%7]:139        [::]:0                 ABHÖREN         4\r\n  TCP    10.0.0.5:50123         10.0.0.9:443           HERGESTELLT     812\r\n  UDP    0.0.0.0:5353           *:*                                    2964\r\n';
    const tcp = parseNetstatAno(de, 'tcp');
    expect(tcp.kind === 'ok' && tcp.data.map((s) => [s.localAddress, s.localPort, s.family])).toEqual([
      ['::', 445, 6],
      ['fe80::1', 139, 6],
    ]);
    const udp = parseNetstatAno(de, 'udp');
    expect(udp.kind === 'ok' && udp.data).toEqual([
      {
        protocol: 'udp',
        family: 4,
        state: 'UNCONN',
        localAddress: '0.0.0.0',
        localPort: 5353,
        remoteAddress: '0.0.0.0',
        remotePort: 0,
        owner: { pid: 2964 },
      },
    ]);
  });
  it('refuses text that is not a netstat table', () => {
    expect(parseNetstatAno("'netstat' is not recognized as an internal or external command\r\n", 'tcp').kind).toBe('unavailable');
  });
});

describe('parseTasklistSvc', () => {
  it('reads image names and hosted services; "N/A" and translations of it are no service', () => {
    const csv = '"System","4","N/A"\r\n"svchost.exe","912","RpcEptMapper, RpcSs"\r\n"node.exe","6120","暂缺"\r\n';
    const m = parseTasklistSvc(csv);
    expect([...m.values()]).toEqual([
      { pid: 4, name: 'System', services: [] },
      { pid: 912, name: 'svchost.exe', services: ['RpcEptMapper', 'RpcSs'] },
      { pid: 6120, name: 'node.exe', services: [] },
    ]);
  });
});
