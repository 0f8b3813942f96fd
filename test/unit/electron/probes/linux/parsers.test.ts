import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProcAddress, parseProcNet } from '../../../../../electron/probes/linux/parse-proc-net';
import { parseSsListeners } from '../../../../../electron/probes/linux/parse-ss-listeners';
import { parseUfwStatus } from '../../../../../shared/firewall/parse-ufw-status';
import { parseFirewalldActiveZones, parseFirewalldZone } from '../../../../../shared/firewall/parse-firewalld';
import { parseNetstatCounters } from '../../../../../electron/probes/linux/kernel';
import { parseIpAddr, parseRouteGet } from '../../../../../electron/probes/linux/addresses';
import { parseDockerPs } from '../../../../../electron/probes/linux/parse-dnat';
import { parseCgroup, parseOwnerMap } from '../../../../../electron/probes/linux/socket-owners';
import { parseIptablesDnat } from '../../../../../electron/probes/linux/parse-dnat';
import { parseProcesses } from '../../../../../electron/probes/linux/processes';
import { loadBundle, sourceText } from './load-fixture';

const v6 = loadBundle('loopback-v6');
const policy = loadBundle('policy-drop-allowlist');

describe('parseProcNet (real /proc/net tables from a lab namespace)', () => {
  it('decodes v4 and v6 listeners with inode and queue', () => {
    const tcp6 = parseProcNet(sourceText(v6, 'linux.proc.net.tcp6'), 'tcp', 6);
    expect(tcp6.kind).toBe('ok');
    if (tcp6.kind !== 'ok') return;
    const listen = tcp6.data.filter((s) => s.state === 'LISTEN').map((s) => `${s.localAddress}:${s.localPort}`);
    expect(listen).toEqual(expect.arrayContaining(['::1:8080', ':::8443']));
    expect(tcp6.data.every((s) => (s.inode ?? 0) > 0 || s.state !== 'LISTEN')).toBe(true);
    // LISTEN rows carry no Send-Q: /proc/net has no accept-queue maximum (ss supplies it).
    expect(tcp6.data.find((s) => s.state === 'LISTEN')?.sendQ).toBeUndefined();
    const tcp = parseProcNet(sourceText(policy, 'linux.proc.net.tcp'), 'tcp', 4);
    expect(tcp.kind === 'ok' && tcp.data.some((s) => s.state === 'LISTEN' && s.localAddress === '0.0.0.0' && s.localPort === 8080)).toBe(
      true,
    );
  });

  it('reads an unconnected UDP socket as UNCONN', () => {
    const udp = parseProcNet(sourceText(v6, 'linux.proc.net.udp'), 'udp', 4);
    expect(udp.kind).toBe('ok');
  });

  it.each([
    ['0100007F', '127.0.0.1'],
    ['0101E70A', '10.231.1.1'],
    ['00000000000000000000000001000000', '::1'],
    ['0000000000000000FFFF00000100007F', '::ffff:127.0.0.1'],
    ['310200FD000001000000000001000000', 'fd00:231:1::1'],
  ])('decodes %s as %s', (hex, text) => {
    expect(decodeProcAddress(hex)).toBe(text);
  });

  it.each([
    ['a header that is not /proc/net', 'hello world\n', 'unparseable'],
    [
      'a truncated row',
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000:1F90 00000000:0000 0A\n',
      'unparseable',
    ],
    [
      'a bad address',
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n',
      'unparseable',
    ],
  ])('refuses %s', (_name, text, reason) => {
    const r = parseProcNet(text, 'tcp', 4);
    expect(r).toMatchObject({ kind: 'unavailable', reason });
  });
});

describe('parseSsListeners (real ss -Hltn)', () => {
  it('takes the backlog and tells dual-stack from v6-only', () => {
    const r = parseSsListeners(sourceText(v6, 'linux.ss.listeners'));
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    const dual = r.data.find((l) => l.localPort === 8443);
    expect(dual).toMatchObject({ localAddress: '::', dualStack: true, sendQ: 511 });
    expect(r.data.find((l) => l.localPort === 8080)).toMatchObject({ localAddress: '::1', dualStack: false });
    expect(parseSsListeners('LISTEN 0      511    *:8443 *:* ino:74866 sk:1004 cgroup:unreachable:1 v6only:0 <->\n')).toMatchObject({
      kind: 'ok',
      data: [{ inode: 74866, dualStack: true }],
    });
  });
  it('refuses a line it does not know', () => {
    expect(parseSsListeners('ESTAB 0 0 1.2.3.4:5 6.7.8.9:10\n')).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
  });
});

describe('ufw and firewalld output (real, from isolated daemons in the lab)', () => {
  it('parses ufw status verbose with deny rules and defaults', () => {
    const r = parseUfwStatus(sourceText(loadBundle('ufw-deny'), 'linux.ufw.status'));
    expect(r).toMatchObject({ kind: 'ok', data: { active: true, defaultIncoming: 'deny' } });
    if (r.kind === 'ok')
      expect(r.data.rules.map((x) => `${x.to}|${x.action}|${x.from}`)).toEqual([
        '8080/tcp|DENY IN|Anywhere',
        '8080/tcp (v6)|DENY IN|Anywhere (v6)',
      ]);
    expect(parseUfwStatus('ERROR: You need to be root to run this script')).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
  });
  it('parses an inactive ufw', () => {
    expect(parseUfwStatus(sourceText(policy, 'linux.ufw.status'))).toMatchObject({ kind: 'ok', data: { active: false } });
  });
  it('parses firewall-cmd --list-all of the default zone', () => {
    const b = loadBundle('firewalld-public');
    const zone = parseFirewalldZone(sourceText(b, 'linux.firewalld.zone.public'));
    expect(zone).toMatchObject({ kind: 'ok', data: { zone: 'public', target: 'default', services: ['dhcpv6-client', 'ssh'], ports: [] } });
    expect(parseFirewalldActiveZones(sourceText(b, 'linux.firewalld.active-zones'))).toEqual({ kind: 'ok', data: [] });
    expect(parseFirewalldActiveZones('public\n  interfaces: eth0 eth1\ntrusted\n  sources: 10.0.0.0/8\n')).toEqual({
      kind: 'ok',
      data: [
        { zone: 'public', interfaces: ['eth0', 'eth1'], sources: [] },
        { zone: 'trusted', interfaces: [], sources: ['10.0.0.0/8'] },
      ],
    });
    expect(parseFirewalldZone('garbage')).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
  });
});

describe('kernel, addresses, owners', () => {
  it('reads ListenOverflows from /proc/net/netstat and refuses a misaligned table', () => {
    const r = parseNetstatCounters(sourceText(policy, 'linux.proc.netstat.before'));
    expect(r.kind === 'ok' && r.data.has('TcpExt.ListenOverflows')).toBe(true);
    expect(parseNetstatCounters('TcpExt: A B\nTcpExt: 1\n')).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
  });
  it('reads addresses from ip -j addr and refuses non-JSON', () => {
    const r = parseIpAddr(sourceText(policy, 'linux.ip.addr'));
    expect(r.kind === 'ok' && r.data.map((a) => a.address)).toEqual(expect.arrayContaining(['127.0.0.1', '10.231.1.1', 'fd00:231:1::1']));
    expect(parseIpAddr('{"truncated": ')).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
    expect(parseRouteGet('[{"dst":"10.231.1.2","dev":"veth0b","prefsrc":"10.231.1.1","flags":[],"uid":0,"cache":[]}]')).toEqual({
      kind: 'ok',
      data: { destination: '10.231.1.2', device: 'veth0b', prefsrc: '10.231.1.1' },
    });
  });

  it('reads a published port from a real `docker ps --format {{json .}}` (Docker 20.10)', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../../fixtures/linux/docker/docker-ps.jsonl', import.meta.url)), 'utf8');
    expect(parseDockerPs(text, 8080, 'tcp')).toEqual([
      {
        externalPort: 8080,
        internalAddress: 'container web',
        internalPort: 80,
        source: 'linux.docker.ps',
        text: 'web 0.0.0.0:8080->80/tcp',
      },
    ]);
    expect(parseDockerPs(text, 8080, 'udp')).toEqual([]);
    expect(parseDockerPs(text, 80, 'tcp')).toEqual([]);
  });

  it("keeps each address's prefix length (where a DNATed packet leaves) and its interface's link type and group (nft meta iiftype/iifgroup): real `ip -j addr` with Docker's bridge", () => {
    const r = parseIpAddr(readFileSync(fileURLToPath(new URL('../../../../fixtures/linux/docker/ip-addr.json', import.meta.url)), 'utf8'));
    expect(r.kind === 'ok' && r.data.filter((a) => a.family === 4)).toEqual([
      { interface: 'lo', address: '127.0.0.1', family: 4, prefixLength: 8, linkType: 'loopback', group: 'default' },
      { interface: 'docker0', address: '172.17.0.1', family: 4, prefixLength: 16, linkType: 'ether', group: 'default' },
      { interface: 'pdd-s0', address: '10.232.1.1', family: 4, prefixLength: 24, linkType: 'ether', group: 'default' },
    ]);
    // Anything but a plain word or number is left out.
    const odd = parseIpAddr(
      '[{"ifname":"x","link_type":"a b\\u001b","group":7,"addr_info":[{"family":"inet","local":"10.0.0.1","prefixlen":8}]}]',
    );
    expect(odd.kind === 'ok' && odd.data[0]).toEqual({ interface: 'x', address: '10.0.0.1', family: 4, prefixLength: 8, group: '7' });
  });
  it('reads the recorded owner map and the process list', () => {
    const owners = parseOwnerMap(sourceText(policy, 'linux.proc.socket-owners'));
    expect(owners.kind).toBe('ok');
    if (owners.kind === 'ok') expect([...owners.data.processes.values()].some((p) => p.name === 'node')).toBe(true);
    expect(parseOwnerMap('no header')).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
    const procs = parseProcesses(sourceText(loadBundle('privileged-port'), 'linux.proc.processes'), 'svc-web');
    expect(procs).toMatchObject({ kind: 'ok', data: [{ name: 'node', uid: 65534, canBindPrivileged: false }] });
  });
  it.each([
    ['0::/system.slice/nginx.service', { unit: 'nginx.service' }],
    ['0::/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope', { container: '0123456789ab' }],
    ['0::/', {}],
  ])('cgroup %s', (text, expected) => {
    expect(parseCgroup(text)).toEqual(expected);
  });
  it('finds Docker-style DNAT rules in iptables-save text (recorded in the lab)', () => {
    const text = sourceText(loadBundle('forwarding-disabled'), 'linux.iptables.nft.save');
    expect(parseIptablesDnat(text, 8080, 'linux.iptables.nft.save')).toMatchObject([{ internalAddress: '10.233.0.2', internalPort: 80 }]);
    expect(parseIptablesDnat(text, 8081, 'linux.iptables.nft.save')).toEqual([]);
  });
});
