import { describe, expect, it } from 'vitest';
import { compactSocket } from '../../../electron/handlers/ports';
import type { Socket, SocketOwner } from '../../../shared/schemas/ports';

const base: Socket = {
  protocol: 'tcp',
  family: 4,
  state: 'LISTEN',
  localAddress: '0.0.0.0',
  localPort: 80,
  remoteAddress: '0.0.0.0',
  remotePort: 0,
  recvQ: 0,
  sendQ: 511,
  inode: 42,
};

describe('the live explorer’s compact sockets (issue 13 item 6)', () => {
  it('keep what the columns show — pid, name, program file, unit / service — and drop command line, user and inode', () => {
    const owner: SocketOwner = {
      pid: 7,
      name: 'nginx',
      command: 'nginx: master process /usr/sbin/nginx',
      user: 'root',
      unit: 'nginx.service',
      path: '/usr/sbin/nginx',
    };
    expect(compactSocket({ ...base, owner }).owner).toEqual({ pid: 7, name: 'nginx', path: '/usr/sbin/nginx', unit: 'nginx.service' });
    const win: SocketOwner = { pid: 1234, name: 'svchost.exe', path: 'C:\\Windows\\system32\\svchost.exe', service: 'TermService' };
    expect(compactSocket({ ...base, owner: win }).owner).toEqual(win);
    expect(compactSocket({ ...base, owner })).not.toHaveProperty('inode');
  });

  it('share one compact owner per process across its sockets', () => {
    const owner: SocketOwner = { pid: 7, name: 'nginx', path: '/usr/sbin/nginx' };
    const seen = new Map<SocketOwner, SocketOwner>();
    expect(compactSocket({ ...base, owner }, seen).owner).toBe(compactSocket({ ...base, localPort: 443, owner }, seen).owner);
  });
});
